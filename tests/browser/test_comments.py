"""A guest comments and replies in Chromium, a moderator approves in the admin, everyone sees it."""

import pytest

from comments.models import CommentStatus
from tests.factories import CommentFactory, PostFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_bot_delays(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


def fill_and_send(page, text):
    form = page.locator("#commentform")
    form.get_by_role("textbox", name="Commentaire").fill(text)
    form.get_by_role("textbox", name="Nom").fill("Jules")
    form.get_by_role("textbox", name="Adresse e-mail", exact=True).fill("jules@example.org")
    form.get_by_role("button").click()
    page.wait_for_load_state()


def test_guest_comments_replies_and_a_moderator_approves(page, browser, live_server):
    post = PostFactory(title="Le pain du dimanche, pas à pas", slug="pain-du-dimanche")
    bastien = CommentFactory(post=post, author_name="Bastien", body_html="<p>Bravo !</p>")
    StaffFactory(username="moderatrice")

    page.goto(post.get_absolute_url())
    assert "1 commentaire" in page.locator("#comments-title").inner_text()
    fill_and_send(page, "La patience est le meilleur levain.")
    mine = page.locator(".comment", has_text="La patience")
    assert "en attente de modération" in mine.inner_text()

    page.locator(f"#comment-{bastien.pk}").get_by_role("link", name="Répondre à Bastien").click()
    assert page.locator(f"#comment-{bastien.pk} #respond").count() == 1  # the form moved
    fill_and_send(page, "Je réponds à Bastien.")
    reply = page.locator(f"#comment-{bastien.pk} .children .comment", has_text="Je réponds")
    assert "en attente de modération" in reply.inner_text()

    moderator = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    moderator.goto("/admin/login/?next=/admin/comments/comment/%3Fstatus%3Dpending")
    moderator.get_by_label("Identifiant").fill("moderatrice")  # the site's login page
    moderator.get_by_label("Mot de passe").fill("mot-de-passe-de-test")
    moderator.get_by_role("button", name="Connexion").click()
    pending = moderator.locator(".pending-count").inner_text()
    assert pending == "2 commentaires en attente de modération"
    moderator.locator("#action-toggle").check()
    moderator.locator("select[name=action]").select_option("approve")
    moderator.locator("button[name=index]").click()
    moderator.wait_for_load_state()
    assert post.comments.filter(status=CommentStatus.PENDING).count() == 0

    reader = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    reader.goto(post.get_absolute_url())
    discussion = reader.locator("#comments").inner_text()
    assert "3 commentaires" in discussion
    assert "La patience" in discussion and "Je réponds à Bastien." in discussion
    assert "en attente de modération" not in discussion


def test_a_refused_comment_brings_the_reader_to_the_summary(browser, live_server):
    from tests.browser.test_theme import SCREENSHOTS, open_page
    from tests.theme.sample import build_blog

    post, _ = build_blog()
    context, page = open_page(browser, live_server, width=375)
    try:
        page.goto(post.get_absolute_url())
        form = page.locator("#commentform")
        form.get_by_role("textbox", name="Nom").fill("Jules")
        form.get_by_role("textbox", name="Adresse e-mail", exact=True).fill("pas-une-adresse")
        with page.expect_navigation():
            form.get_by_role("button").click()
        page.wait_for_load_state()

        assert page.url.endswith("#respond")
        assert page.title().startswith("Erreur : ")
        assert page.evaluate("document.activeElement.id") == "comment-errors"
        # The page scrolls (smoothly) to the summary, far below the post's top, and stays there.
        page.wait_for_function(
            """() => { const top = document.getElementById('comment-errors')
                         .getBoundingClientRect().top;
                       return window.scrollY > 1000 && top >= 0 && top < innerHeight / 2; }"""
        )
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "comment-error-375.png")
        assert form.get_by_role("textbox", name="Nom").input_value() == "Jules"
        page.locator("#comment-errors").get_by_role("link", name="Commentaire").click()
        assert page.evaluate("document.activeElement.id") == "id_body"
    finally:
        context.close()


def test_the_form_of_a_shared_page_gets_a_timestamp_of_the_readers_own(page, settings):
    """A page file's form holds a timestamp shared by all readers, which alone gets a comment
    held; comment-token.js swaps it for this reader's own as the form is used."""
    from comments.forms import shared_form_timestamp
    from comments.models import Comment

    settings.COMMENTS_MODERATION = "none"
    post = PostFactory()
    page.goto(post.get_absolute_url())
    page.evaluate(
        "value => { document.querySelector('#commentform input[name=timestamp]').value = value; }",
        shared_form_timestamp(post.pk),
    )
    fill_and_send(page, "Envoyé avec le jeton du lecteur.")
    page.locator(".comment", has_text="Envoyé avec le jeton").wait_for()
    assert Comment.objects.get().status == CommentStatus.APPROVED
