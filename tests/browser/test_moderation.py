"""The moderation queue in Chromium: the badge, one-click and keyboard moderation with undo, the
inline reply, the same without JavaScript, the layout at 1,280 and 375 px, and axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment, CommentStatus
from comments.services import comment_create
from tests.browser.test_accessibility import AXE, axe_violations
from tests.factories import CommentFactory, PostFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
QUEUE = "/admin/comments/comment/"
LONG_URL = "https://boulangerie-artisanale.example/recettes/levain-naturel-pas-a-pas-" + "x" * 60


@pytest.fixture(autouse=True)
def _every_comment_waits(settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_FLOOD_SECONDS = 0


def waiting(post, name, text, **fields):
    """A reader's comment, stored by the real service: it waits for moderation."""
    return comment_create(post=post, author_name=name, body=text, **fields)


def log_in(context):
    StaffFactory(username="moderatrice", first_name="Camille", last_name="Rédaction")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/admin/login/")
    page.fill("#id_login", "moderatrice")  # /admin/login/ leads to the site's login page
    page.fill("#id_password", "mot-de-passe-de-test")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture
def moderator(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    yield log_in(context)
    context.close()


def a_queue():
    post = PostFactory(title="Le pain du dimanche")
    bastien = CommentFactory(post=post, author_name="Bastien", body="La mie était dense ?")
    comments = [
        waiting(post, "Zoé Martin", "Merci, je teste ce week-end.", author_email="zoe@example.org"),
        waiting(
            post,
            "Jules",
            f"Ma recette : [levain]({LONG_URL}) et une longue phrase qui ne finit pas " * 4,
            parent=bastien,
            author_email="jules@example.org",
            author_url="https://jules.example/",
            ip_address="203.0.113.7",
        ),
        waiting(post, "Léa", "Et avec du seigle ?", author_email="lea@example.org"),
    ]
    return post, comments


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def badge(page):
    return page.locator("#nav-sidebar [data-pending-count]").inner_text()


def test_the_badge_follows_new_approved_and_trashed_comments(moderator):
    post, (zoe, jules, lea) = a_queue()
    moderator.goto("/admin/")
    assert (
        moderator.locator("#content-main .model-comment [data-pending-count]").inner_text() == "3"
    )

    waiting(post, "Nouvelle", "Un quatrième commentaire.")  # a reader writes meanwhile
    moderator.goto(QUEUE)
    assert badge(moderator) == "4"

    moderator.evaluate("window.notReloaded = true")
    moderator.locator(f"[data-pk='{lea.pk}']").get_by_role("button", name="Approuver").click()
    expect(moderator.locator("#nav-sidebar [data-pending-count]")).to_have_text("3")
    moderator.locator(f"[data-pk='{zoe.pk}']").get_by_role("button", name="Corbeille").click()
    expect(moderator.locator("#nav-sidebar [data-pending-count]")).to_have_text("2")
    assert moderator.evaluate("window.notReloaded") is True
    assert moderator.locator(".pending-count").inner_text() == (
        "2 commentaires en attente de modération"
    )
    assert (status_of(lea), status_of(zoe)) == ("approved", "trash")

    moderator.goto("/admin/")
    assert (
        moderator.locator("#content-main .model-comment [data-pending-count]").inner_text() == "2"
    )


def test_keyboard_moderation_with_undo(moderator):
    _post, (zoe, jules, lea) = a_queue()
    moderator.goto(QUEUE)
    rows = moderator.locator("#result_list tbody tr")
    assert rows.count() == 3  # newest first: Léa, Jules, Zoé
    moderator.evaluate("window.notReloaded = true")

    moderator.keyboard.press("j")
    assert "queue-current" in rows.nth(0).get_attribute("class")
    moderator.keyboard.press("a")
    moderator.locator(f"[data-pk='{lea.pk}'].is-approved").wait_for()
    assert "1 commentaire approuvé." in moderator.locator("#queue-announce").inner_text()

    moderator.keyboard.press("u")
    moderator.locator(f"[data-pk='{lea.pk}'].is-pending").wait_for()
    assert status_of(lea) == CommentStatus.PENDING

    moderator.keyboard.press("j")
    moderator.keyboard.press("s")
    moderator.locator(f"[data-pk='{jules.pk}'].is-spam").wait_for()
    moderator.keyboard.press("j")
    moderator.keyboard.press("t")
    moderator.locator(f"[data-pk='{zoe.pk}'].is-trash").wait_for()
    moderator.keyboard.press("k")
    assert "queue-current" in rows.nth(1).get_attribute("class")
    moderator.get_by_role("button", name="Annuler").click()  # the last action: Zoé's trash
    moderator.locator(f"[data-pk='{zoe.pk}'].is-pending").wait_for()

    assert [status_of(c) for c in (lea, jules, zoe)] == ["pending", "spam", "pending"]
    assert moderator.evaluate("window.notReloaded") is True


def test_inline_reply_from_the_queue(moderator):
    _post, (zoe, _jules, _lea) = a_queue()
    moderator.goto(QUEUE)
    row = moderator.locator(f"[data-pk='{zoe.pk}']")

    row.get_by_role("link", name="Répondre").click()
    row.get_by_label("Votre réponse, sous votre nom (approuve le commentaire)").fill(
        "Bonne cuisson, Zoé !"
    )
    row.get_by_role("button", name="Publier la réponse").click()

    moderator.locator(f"[data-pk='{zoe.pk}'].is-approved").wait_for()
    assert "Votre réponse est publiée." in moderator.locator("#queue-announce").inner_text()
    reply = Comment.objects.get(parent=zoe)
    assert (reply.author_name, reply.status, reply.body) == (
        "Camille Rédaction",
        "approved",
        "Bonne cuisson, Zoé !",
    )
    assert status_of(zoe) == "approved"


def test_the_reply_key_opens_the_reply_of_the_current_row(moderator):
    _post, (_zoe, _jules, lea) = a_queue()
    moderator.goto(QUEUE)

    moderator.keyboard.press("j")
    moderator.keyboard.press("r")

    field = moderator.locator(f"[data-pk='{lea.pk}'] textarea")
    assert field.evaluate("element => element === document.activeElement")
    field.type("as")  # typing in the reply never moderates
    assert status_of(lea) == "pending"


def test_every_button_works_without_javascript(browser, live_server):
    _post, (zoe, _jules, _lea) = a_queue()
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    try:
        page = log_in(context)
        page.goto(QUEUE)
        page.locator(f"[data-pk='{zoe.pk}']").get_by_role("button", name="Indésirable").click()
        page.wait_for_load_state()
        assert (
            "1 commentaire marqué comme indésirable." in page.locator(".messagelist").inner_text()
        )
        assert status_of(zoe) == "spam"

        page.locator(".messagelist").get_by_role("button", name="Annuler").click()
        page.wait_for_load_state()

        assert status_of(zoe) == "pending"
        assert "1 commentaire renvoyé en modération." in page.locator(".messagelist").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_queue_fits_the_screen_without_sideways_scrolling(browser, live_server, width):
    a_queue()
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 900}
    )
    try:
        page = log_in(context)
        page.goto(QUEUE)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"moderation-queue-{width}.png", full_page=True)
        overflow = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth - window.innerWidth,
                results: (r => r.scrollWidth - r.clientWidth)(document.querySelector('.results')),
                comment: document.querySelector('.queue-card').getBoundingClientRect().width,
            })"""
        )
        assert overflow["page"] <= 0 and overflow["results"] <= 0, overflow
        assert overflow["comment"] >= (400 if width == 1280 else 300), overflow
        buttons = page.locator(".queue-actions button").first.bounding_box()
        assert buttons["x"] + buttons["width"] <= width
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violation_on_the_queue(browser, live_server, width, scheme):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci installs axe-core).")
    a_queue()
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        bypass_csp=True,
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    try:
        page = log_in(context)
        page.goto(QUEUE)
        page.keyboard.press("j")
        page.keyboard.press("a")  # with an announcement and its Undo button
        page.locator("#queue-announce button").wait_for()
        assert not (violations := axe_violations(page)), "\n".join(violations)
    finally:
        context.close()


def test_a_mail_link_asks_before_acting_then_offers_undo(browser, live_server):
    from django.urls import reverse

    from subscriptions.tokens import moderate_token

    _post, (zoe, _jules, _lea) = a_queue()
    link = reverse("subscriptions:moderate", args=[moderate_token(comment=zoe, status="approved")])
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    try:
        page = log_in(context)
        page.goto(link)
        assert page.locator("h1").inner_text() == "Marquer ce commentaire comme « Approuvé » ?"
        assert "zoe@example.org" in page.locator("main").inner_text()
        assert status_of(zoe) == "pending"
        assert not (violations := axe_violations(page)), "\n".join(violations)

        page.get_by_role("button", name="Approuver").click()
        expect(page.locator("h1")).to_have_text("Commentaire marqué « Approuvé »")
        assert status_of(zoe) == "approved"

        page.get_by_role("button", name="Annuler (retour à « En attente »)").click()
        expect(page.locator("h1")).to_have_text(
            "Annulé : le commentaire est de nouveau « En attente »"
        )
        assert status_of(zoe) == "pending"
    finally:
        context.close()
