"""The writing desk in Chromium: autosave and its offer, leave warning, toolbar, live preview,
images dropped in, ASCII slugs, revisions restored, axe-core and screenshots of the writing page."""

import io
import re

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from blog.autosave import Autosave
from blog.models import Post
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_theme import SCREENSHOTS
from tests.factories import PostFactory, StaffFactory
from tests.images import samples
from tests.images.conftest import media  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def writer(settings):
    settings.ROOT_URLCONF = "tests.images.urls"  # media served, for the preview's pictures
    settings.PAGE_CACHE_ENABLED = False
    settings.BLOG_AUTOSAVE_SECONDS = 0.3
    return StaffFactory(username="camille", first_name="Camille", last_name="Martin")


def desk(browser, live_server, user, *, width=1280, scheme="light", bypass_csp=False):
    """A browser context logged in as `user` (through a real session cookie)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": width, "height": 1000},
        color_scheme=scheme,
        bypass_csp=bypass_csp,
    )
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def preview_text(page):
    return page.frame_locator(".carnet-editor__frame").locator(".entry-content")


def test_autosave_survives_closing_the_tab_and_is_offered_back(browser, live_server, writer):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "Mon levain maison l’été")
    page.fill("#id_body", "Un texte qui ne doit pas se perdre.")
    expect(page.locator(".carnet-editor__saved")).to_contain_text("Brouillon mis de côté à")
    assert page.input_value("#id_slug") == "mon-levain-maison-l-ete"
    context.close()  # the tab and the browser close: nothing was saved as a post
    assert not Post.objects.exists()

    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    offer = page.locator(".carnet-autosave-offer")
    assert "Une version plus récente de ce billet a été enregistrée automatiquement" in (
        offer.text_content()
    )
    offer.get_by_role("button", name="Restaurer").click()
    assert page.input_value("#id_body") == "Un texte qui ne doit pas se perdre."
    assert page.input_value("#id_title") == "Mon levain maison l’été"
    expect_text(preview_text(page), "Un texte qui ne doit pas se perdre.")
    assert page.evaluate("window.__csp") == []
    context.close()


def expect_text(locator, text):
    expect(locator).to_contain_text(text)


def test_leaving_with_unsaved_changes_warns(browser, live_server, writer):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    page.fill("#id_body", "Pas encore enregistré.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    with pytest.raises(PlaywrightError):
        page.goto("/admin/")  # dismissed: the page stays
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/admin/blog/post/add/")
    context.close()


def test_toolbar_shortcuts_and_live_preview(browser, live_server, writer):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    body = page.locator("#id_body")
    body.fill("Un mot important")
    body.evaluate("t => t.setSelectionRange(7, 16)")
    page.get_by_role("button", name="Gras").click()
    assert body.input_value() == "Un mot **important**"
    body.press("End")
    body.type(" et ")
    page.keyboard.press("Control+i")
    assert body.input_value() == "Un mot **important** et *texte*"
    expect_text(page.locator(".carnet-editor__count"), "5 mots · 1 minute de lecture")
    strong = page.frame_locator(".carnet-editor__frame").locator(".entry-content strong")
    expect_text(strong, "important")
    body.evaluate("t => t.setSelectionRange(0, 0)")
    page.get_by_role("button", name="Citation").click()
    assert body.input_value().startswith("> Un mot")
    page.frame_locator(".carnet-editor__frame").locator(".entry-content blockquote").wait_for()
    assert page.evaluate("window.__csp") == []
    context.close()


def test_an_image_dropped_into_the_editor_appears_in_the_preview(
    browser,
    live_server,
    writer,
    media,  # noqa: F811
):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    page.fill("#id_body", "Avant l’image.")
    png = list(samples.png((640, 320)))
    page.evaluate(
        """bytes => {
            const file = new File([new Uint8Array(bytes)], 'phare-breton.png', {type: 'image/png'});
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const body = document.querySelector('#id_body');
            body.setSelectionRange(body.value.length, body.value.length);
            for (const type of ['dragover', 'drop']) {
                body.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true,
                    cancelable: true}));
            }
        }""",
        png,
    )
    expect(page.locator("#id_body")).to_have_value(
        re.compile(r"Avant l’image\.\n\n\[\[image:\d+\]\]")
    )
    image = page.frame_locator(".carnet-editor__frame").locator(".entry-content img")
    image.wait_for()
    assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    from images.models import Image

    assert Image.objects.get().title == "phare-breton"
    context.close()


def test_the_picker_inserts_a_library_image(browser, live_server, writer, media):  # noqa: F811
    from images import services

    prepared = services.image_prepare(fileobj=io.BytesIO(samples.jpeg((800, 400))))
    image = services.image_create(title="Un phare", alt_text="Le phare", prepared=prepared)
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    page.get_by_role("button", name="Image").click()
    page.get_by_role("button", name="Un phare").click()
    assert page.input_value("#id_body") == f"![Le phare](image:{image.pk})\n\n"
    context.close()


def test_a_revision_is_restored_in_one_click(browser, live_server, writer, settings):
    # No autosave here: the live server's threads share one SQLite connection, and an autosave
    # landing during a save makes it fail ("cannot open savepoint"), which no real server does.
    settings.BLOG_AUTOSAVE_SECONDS = 600
    post = PostFactory(title="Le pain", body="Première version.", author=writer)
    context, page = desk(browser, live_server, writer)
    page.goto(f"/admin/blog/post/{post.pk}/change/")
    page.fill("#id_body", "Seconde version.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    page.fill("#id_body", "Troisième version.")
    with page.expect_navigation():
        page.keyboard.press("Control+s")  # saves and stays
    expect(page.locator(".messagelist")).to_contain_text("Billet mis à jour.")
    revisions = page.locator(".carnet-revisions li")
    assert revisions.count() == 2
    revisions.nth(1).get_by_role("link", name="Comparer avec le texte actuel").click()
    assert page.locator(".carnet-diff del").text_content() == "Seconde version."
    assert page.locator(".carnet-diff ins").text_content() == "Troisième version."
    page.get_by_role("button", name="Restaurer cette révision").click()
    assert "est restaurée" in page.text_content(".messagelist")
    assert page.input_value("#id_body") == "Seconde version."
    post.refresh_from_db()
    assert post.body == "Seconde version."
    assert not Autosave.objects.filter(post=post, user=writer).exists()
    context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (375, "light")])
def test_writing_page_axe_and_screenshots(browser, live_server, writer, width, scheme):
    post = PostFactory(
        title="L’été à Noël",
        body="Un billet **en cours**.\n\n> Une citation.\n\n- un\n- deux",
        author=writer,
    )
    context, page = desk(browser, live_server, writer, width=width, scheme=scheme, bypass_csp=True)
    page.goto(f"/admin/blog/post/{post.pk}/change/")
    page.frame_locator(".carnet-editor__frame").locator(".entry-content strong").wait_for()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"writing-{width}-{scheme}.png", full_page=True)
    assert axe_violations(page) == []
    context.close()


def test_scheduling_shows_the_right_status_and_label(browser, live_server, writer):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/post/add/")
    button = page.locator("input.carnet-publish-button")
    assert button.input_value() == "Enregistrer le brouillon"
    page.fill("#id_title", "Pour Noël")
    page.select_option("#id_state", "published")
    assert button.input_value() == "Publier"
    page.fill("#id_published_at_0", "24/12/2099")
    page.fill("#id_published_at_1", "09:00:00")
    page.locator("#id_published_at_1").dispatch_event("change")
    assert button.input_value() == "Programmer"
    page.select_option("#id_state", "scheduled")
    with page.expect_navigation():
        button.click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Billet programmé pour le 24 décembre 2099 à 9 h 00."
    )
    expect(page.locator("#result_list")).to_contain_text(
        "Programmé pour le 24 décembre 2099 à 9 h 00"
    )
    assert Post.objects.get().slug == "pour-noel"
    context.close()


def test_a_conflicting_save_is_refused_with_both_texts_kept(browser, live_server, writer):
    post = PostFactory(title="Le pain", body="Texte d’origine.", author=writer)
    claire = StaffFactory(username="claire", first_name="Claire", last_name="Dubois")
    mine, page = desk(browser, live_server, writer)
    theirs, other_page = desk(browser, live_server, claire)
    page.goto(f"/admin/blog/post/{post.pk}/change/")
    other_page.goto(f"/admin/blog/post/{post.pk}/change/")
    other_page.fill("#id_body", "Le texte de Claire.")
    with other_page.expect_navigation():
        other_page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    page.fill("#id_body", "Mon texte à moi.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.locator("#post_form .errornote + ul, #post_form .errorlist").first).to_contain_text(
        "Claire Dubois"
    )
    assert page.input_value("#id_body") == "Mon texte à moi."
    assert page.input_value("#carnet-conflict-body") == "Le texte de Claire."
    post.refresh_from_db()
    assert post.body == "Le texte de Claire."
    mine.close()
    theirs.close()


def test_a_page_slug_is_ascii_while_the_title_is_typed(browser, live_server, writer):
    context, page = desk(browser, live_server, writer)
    page.goto("/admin/blog/page/add/")
    expect(page.locator("h1")).to_have_text("Ajouter une page")
    page.fill("#id_title", "L’été à Noël")
    assert page.input_value("#id_slug") == "l-ete-a-noel"
    assert page.evaluate("window.__csp") == []
    context.close()


def test_the_modifier_link_shows_to_staff_and_never_to_readers(
    browser, live_server, writer, settings
):
    settings.PAGE_CACHE_ENABLED = True
    post = PostFactory(title="Un billet à retoucher", author=writer)
    context, page = desk(browser, live_server, writer)
    page.goto(post.get_absolute_url())
    link = page.get_by_role("link", name="Modifier")
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/admin/blog/post/{post.pk}/change/")
    reader = browser.new_context(base_url=live_server.url, locale="fr-FR")
    reading = reader.new_page()
    for _ in range(2):  # rendered, then served from the page cache
        reading.goto(post.get_absolute_url())
        expect(reading.locator("h1")).to_have_text("Un billet à retoucher")
        expect(reading.get_by_role("link", name="Modifier")).to_have_count(0)
    reader.close()
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("link", name="Modifier")).to_be_visible()
    context.close()
