"""A guest fixes their comment in Chromium, through the edit page (no script needed), then
deletes it; the edit page passes axe-core at 375 and 1280 px."""

import pytest

from comments.models import Comment
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_comments import fill_and_send
from tests.browser.test_theme import SCREENSHOTS
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_bot_delays(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


@pytest.mark.parametrize("width", [375, 1280])
def test_a_guest_edits_then_deletes_their_comment(browser, live_server, width):
    assert AXE.exists(), f"{AXE} is missing: run `make install` (npm ci installs axe-core)."
    post = PostFactory(title="Le pain du dimanche, pas à pas", slug="pain-du-dimanche")
    # axe-core is injected: the CSP would refuse it, in this context only.
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": width, "height": 900},
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(post.get_absolute_url())
        fill_and_send(page, "La patience est le meilleur levian.")
        mine = page.locator(".comment", has_text="La patience")
        mine.get_by_role("link", name="Modifier").click()
        page.wait_for_load_state()

        assert page.title().startswith("Modifier votre commentaire")
        body = page.get_by_role("textbox", name="Commentaire")
        assert body.input_value() == "La patience est le meilleur levian."
        assert axe_violations(page) == []
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"comment-edit-{width}.png", full_page=True)

        body.fill("La patience est le meilleur levain.")
        page.get_by_role("button", name="Enregistrer les modifications").click()
        page.wait_for_load_state()
        comment = Comment.objects.get()
        assert page.url.endswith(f"#comment-{comment.pk}")
        assert "meilleur levain." in page.locator(f"#comment-{comment.pk}").inner_text()

        page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Modifier").click()
        page.get_by_role("button", name="Supprimer ce commentaire").click()
        page.wait_for_load_state()
        assert page.url.endswith("#comments")
        assert "La patience" not in page.locator("#comments").inner_text()
        assert not Comment.objects.exists()
    finally:
        context.close()
