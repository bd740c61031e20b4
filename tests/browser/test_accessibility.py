"""Accessibility in Chromium: axe-core finds no WCAG 2.2 A/AA violation on the pages readers use,
and the comment flow works with the keyboard alone."""

from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.theme.sample import build_blog

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEMPLATES = ROOT / "templates"


def login_url():
    try:
        return reverse("account_login")
    except NoReverseMatch:
        return reverse("admin:login")


def reader_pages(post):
    month = post.published_at
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "archive": reverse("blog:month", kwargs={"year": month.year, "month": f"{month:%m}"}),
        "search": "/?s=carnet",
        "search-empty": "/?s=introuvable",
        "login": login_url(),
    }


def axe_violations(page):
    """Run axe-core on the page; return its violations as readable lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert result["passes"], "axe-core checked nothing: is the page empty?"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


@pytest.fixture
def axe_context(browser, live_server):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install` (npm ci installs axe-core).")
    # The page's CSP refuses injected scripts, axe's included: bypass it in this context only.
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", bypass_csp=True)
    yield context
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violation_on_reader_pages(axe_context, width, scheme):
    post, _ = build_blog()
    page = axe_context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    found = {}
    for name, url in reader_pages(post).items():
        response = page.goto(url)
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)


REPLY_TO_LECTRICE_3 = """(() => { const link = document.activeElement;
    return link.matches('a.comment-reply-link')
        && link.closest('li.comment').querySelector('.comment-author').textContent
            .includes('Lectrice 3'); })()"""


def comment_form_exists():
    return (TEMPLATES / "comments" / "form.html").exists()


@pytest.mark.skipif(
    not comment_form_exists(), reason="templates/comments/form.html not written yet"
)
def test_no_axe_violation_on_a_comment_form_with_errors(axe_context):
    post, _ = build_blog()
    page = axe_context.new_page()
    page.goto(post.get_absolute_url())
    form = page.locator("form.comment-form, form#commentform, #respond form").first
    # comment-token.js may fetch this reader's token before the form goes: wait for the answer.
    with page.expect_navigation():
        form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()
    assert axe_violations(page) == []


@pytest.mark.skipif(
    not comment_form_exists(), reason="templates/comments/form.html not written yet"
)
def test_comment_flow_with_the_keyboard_alone(page, settings):
    """Tab from the top of the post to the comment form, fill it and send it, never clicking."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0  # a robot types faster than the anti-bot delay
    post, _ = build_blog()
    page.goto(post.get_absolute_url())
    tab_to(page, "document.activeElement.matches('#respond textarea')")
    fill_and_send(page, "Un commentaire écrit au clavier, sans souris.")
    assert page.get_by_text("Un commentaire écrit au clavier, sans souris.").is_visible()


@pytest.mark.skipif(
    not comment_form_exists(), reason="templates/comments/form.html not written yet"
)
def test_reply_with_the_keyboard_alone(page, settings):
    """Tab to "Reply" under the deepest comment, press Enter, write and send the reply."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    post, _ = build_blog()
    page.goto(post.get_absolute_url())
    tab_to(page, REPLY_TO_LECTRICE_3)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    tab_to(page, "document.activeElement.matches('#respond textarea')")
    fill_and_send(page, "Une réponse au clavier.")
    reply = page.locator("li.comment", has_text="Une réponse au clavier.").last
    parent = reply.locator("xpath=ancestor::li[1]")
    assert "Lectrice 3" in parent.locator(".comment-author").first.inner_text()


def tab_to(page, condition, limit=250):
    """Press Tab until `condition` (JavaScript) holds; fail if it never does."""
    for _ in range(limit):
        if page.evaluate(condition):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"never reached with Tab: {condition}")


def fill_and_send(page, text):
    """From the focused comment field: type `text`, Tab through the form filling what it needs,
    and press Enter on the send button."""
    page.keyboard.type(text)
    fields = {"text": "Camille", "email": "camille@example.org"}
    for _ in range(30):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "({tag: document.activeElement.tagName, type: document.activeElement.type})"
        )
        if active["tag"] == "INPUT" and active["type"] in fields:
            if not page.evaluate("document.activeElement.value"):
                page.keyboard.type(fields[active["type"]])
        elif active["type"] == "submit":
            break
    else:
        pytest.fail("the send button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


@pytest.mark.skipif(
    not comment_form_exists(), reason="templates/comments/form.html not written yet"
)
def test_comment_form_errors_are_announced_and_tied_to_their_fields(axe_context):
    post, _ = build_blog()
    page = axe_context.new_page()
    page.goto(post.get_absolute_url())
    form = page.locator("form textarea").first.locator("xpath=ancestor::form")
    with page.expect_navigation():  # after comment-token.js has fetched the reader's token
        form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()
    invalid = page.locator('form [aria-invalid="true"]')
    assert invalid.count() >= 1, "no field is marked aria-invalid"
    for index in range(invalid.count()):
        described = invalid.nth(index).get_attribute("aria-describedby") or ""
        texts = [page.locator(f"#{ident}").inner_text() for ident in described.split()]
        assert any(text.strip() for text in texts), "an invalid field has no described error"
    announced = page.locator('[role="alert"], [aria-live="assertive"], [aria-live="polite"]')
    assert announced.count() >= 1
