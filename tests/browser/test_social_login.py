"""A reader logs in with their account elsewhere from a post's comment form, and comments.

The provider is a real OpenID Connect server on loopback (tests/accounts/loopback_provider.py):
Chromium leaves the site, authorises there, and is sent back to the post's form.
"""

import pytest

from accounts.provider_settings import social_providers
from tests.accounts.conftest import ALICE, allow_loopback
from tests.accounts.loopback_provider import LoopbackProvider
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def loopback_login(settings):
    server = LoopbackProvider(clients={"carnet": "secret"}, users={"alice": dict(ALICE)}).start()
    providers = social_providers({})
    providers["openid_connect"]["APPS"] = [
        {
            "provider_id": "loopback",
            "name": "Loopback",
            "client_id": "carnet",
            "secret": "secret",
            "settings": {"server_url": server.url},
        }
    ]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_MODERATION = "none"
    allow_loopback(settings, server)
    yield server
    server.stop()


def test_reader_logs_in_with_a_provider_and_comments_under_that_name(page, loopback_login):
    post = PostFactory(title="Le pain du dimanche, pas à pas", slug="pain-du-dimanche")

    page.goto(post.get_absolute_url())
    page.get_by_role("button", name="Se connecter avec Loopback").click()

    page.wait_for_url(f"{loopback_login.url}/authorize?**")
    page.get_by_role("button", name="Autoriser").click()

    page.wait_for_url(f"**{post.get_absolute_url()}#respond")
    login = page.locator(".comment-logged-in")
    assert "Vous commentez avec votre compte Loopback." in login.inner_text()
    page.get_by_role("textbox", name="Commentaire").fill("Je ne suis pas tout à fait d’accord.")
    page.get_by_role("button", name="Laisser un commentaire").click()

    comment = page.locator(".comment-list li").filter(
        has_text="Je ne suis pas tout à fait d’accord."
    )
    comment.wait_for()
    assert "Alice Lovelace" in comment.inner_text()


def test_reader_logs_out_from_the_comment_form(page, loopback_login):
    post = PostFactory(slug="deconnexion")
    page.goto(post.get_absolute_url())
    page.get_by_role("button", name="Se connecter avec Loopback").click()
    page.get_by_role("button", name="Autoriser").click()
    page.wait_for_url(f"**{post.get_absolute_url()}#respond")

    # The page comes back at the same address: wait for the navigation itself.
    with page.expect_navigation():
        page.locator(".comment-logged-in").get_by_role("button", name="Déconnexion").click()

    page.wait_for_url(f"**{post.get_absolute_url()}#respond")
    assert page.get_by_role("button", name="Se connecter avec Loopback").is_visible()


def test_enter_in_a_guest_field_posts_the_comment_not_a_login(page, loopback_login):
    post = PostFactory(slug="touche-entree")
    page.goto(post.get_absolute_url())
    page.get_by_role("textbox", name="Commentaire").fill("Un avis de passage.")
    page.get_by_role("textbox", name="Nom").fill("Camille")

    with page.expect_navigation():
        page.get_by_role("textbox", name="Nom").press("Enter")

    assert page.url.startswith(page.base_url)
    assert loopback_login.authorize_requests == []


def test_provider_buttons_show_their_logos_and_never_wrap_at_375_px(browser, live_server, settings):
    from tests.browser.test_theme import SCREENSHOTS, open_page

    environment = {}
    for prefix in ("SOCIAL_GOOGLE", "SOCIAL_FACEBOOK", "SOCIAL_X", "SOCIAL_WORDPRESS_COM"):
        environment.update({f"{prefix}_CLIENT_ID": "id", f"{prefix}_CLIENT_SECRET": "secret"})
    settings.SOCIALACCOUNT_PROVIDERS = social_providers(environment)
    post = PostFactory()
    context, page = open_page(browser, live_server, width=375)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(post.get_absolute_url(), wait_until="networkidle")
        buttons = page.locator(".login-provider")
        assert buttons.count() == 4
        for index in range(4):
            button = buttons.nth(index)
            assert button.locator("svg.provider-logo").bounding_box()["width"] == 18
            one_line = button.evaluate(
                "b => b.querySelector('span').getClientRects().length === 1"
                " && b.scrollWidth <= b.clientWidth"
            )
            assert one_line, button.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert all(url.startswith(live_server.url) for url in requested), requested
        SCREENSHOTS.mkdir(exist_ok=True)
        page.locator("#comment-login").screenshot(path=SCREENSHOTS / "login-providers-375.png")
    finally:
        context.close()
