"""The theme in Chromium: screenshots, privacy (no third-party request), CSP, layout, share links."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.theme.sample import build_blog

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = {"mobile": 375, "desktop": 1280}
RECORD_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def open_page(browser, live_server, *, width=1280, scheme="light"):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_screenshots_of_home_and_post(browser, live_server, size, scheme):
    post, _ = build_blog()
    SCREENSHOTS.mkdir(exist_ok=True)
    context, page = open_page(browser, live_server, width=WIDTHS[size], scheme=scheme)
    try:
        for name, url in [("home", "/"), ("post", post.get_absolute_url())]:
            page.goto(url)
            # Lazy images below the fold would be blank in a full-page picture.
            page.evaluate("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=SCREENSHOTS / f"{name}-{size}-{scheme}.png", full_page=True)
            # Nothing sticks out sideways: a phone reader never scrolls horizontally.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} is {overflow}px too wide at {WIDTHS[size]}px"
    finally:
        context.close()


def test_pages_request_nothing_from_other_hosts(browser, live_server):
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        for url in ["/", post.get_absolute_url()]:
            page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    origin = urlsplit(live_server.url).netloc
    assert requested, "the browser recorded no request"
    assert [url for url in requested if urlsplit(url).netloc != origin] == []


def test_no_content_security_policy_violation(browser, live_server):
    """Every page runs whole under the policy; the post's JSON-LD (a data block) included."""
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    context.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    violations = {}
    try:
        for url in ["/", post.get_absolute_url(), "/?s=carnet", "/une-page-qui-n-existe-pas/"]:
            response = page.goto(url, wait_until="networkidle")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            violations[url] = page.evaluate("window.__csp")
        assert page.locator('script[type="application/ld+json"]').count() == 0  # 404 page
        page.goto(post.get_absolute_url())
        assert page.locator('script[type="application/ld+json"]').count() == 1
    finally:
        context.close()
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert {url: v for url, v in violations.items() if v} == {}


def test_inline_script_is_refused(browser, live_server):
    """The policy really bites: an inline script slipped into the page does not run."""
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page.goto(post.get_absolute_url())
        page.evaluate(
            """() => { const s = document.createElement('script');
                s.textContent = 'window.__pwned = true'; document.body.append(s); }"""
        )
        assert page.evaluate("window.__pwned === true") is False
        page.wait_for_function("window.__csp.length > 0")
        assert page.evaluate("window.__csp")[0].startswith("script-src")
    finally:
        context.close()


def test_sidebar_sits_below_content_on_a_phone_and_beside_it_on_a_wide_screen(browser, live_server):
    post, _ = build_blog()
    for width, below in [(320, True), (1280, False)]:
        context, page = open_page(browser, live_server, width=width)
        try:
            page.goto(post.get_absolute_url())
            main = page.locator("main").bounding_box()
            sidebar = page.locator("aside.sidebar").bounding_box()
            assert (sidebar["y"] >= main["y"] + main["height"]) is below
            assert (sidebar["x"] >= main["x"] + main["width"]) is not below
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the post is {overflow}px too wide at {width}px"
        finally:
            context.close()


def test_copy_link_copies_the_permalink(browser, live_server):
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page.goto(post.get_absolute_url())
        page.get_by_role("link", name="Copier le lien").click()
        page.get_by_role("status").filter(has_text="Lien copié.").wait_for(state="visible")
        assert page.evaluate("navigator.clipboard.readText()").endswith(post.get_absolute_url())
        assert page.url.endswith(post.get_absolute_url())
    finally:
        context.close()


def test_print_hides_sidebar_and_forms_and_shows_link_addresses(browser, live_server):
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    try:
        page.goto(post.get_absolute_url())
        page.emulate_media(media="print")
        assert page.locator("aside.sidebar").is_hidden()
        assert page.locator("form.language-switch").is_hidden()
        assert page.locator(".share").is_hidden()
        after = page.evaluate(
            """getComputedStyle(document.querySelector('.entry-content a[href^="http"]'),
               '::after').content"""
        )
        assert "https://example.org/" in after
    finally:
        context.close()


def test_admin_runs_under_the_policy(browser, live_server):
    """Django's admin needs no inline code either: no CSP violation on its busiest pages."""
    from tests.factories import StaffFactory

    post, _ = build_blog()
    StaffFactory(username="redaction")
    context, page = open_page(browser, live_server)
    messages = []
    page.on("console", lambda message: messages.append(f"{page.url}: {message.text}"))
    try:
        page.goto("/admin/login/")  # leads to the site's login page
        page.fill("#id_login", "redaction")
        page.fill("#id_password", "mot-de-passe-de-test")
        page.click("#login-form button[type=submit]")
        page.wait_for_url(lambda url: urlsplit(url).path == "/admin/")
        for url in [
            "/admin/",
            "/admin/blog/post/",
            f"/admin/blog/post/{post.pk}/change/",
            "/admin/blog/post/add/",
            "/admin/blog/category/",
            "/admin/blog/siteidentity/add/",
            "/admin/comments/comment/",
        ]:
            page.goto(url, wait_until="networkidle")
    finally:
        context.close()
    violations = [m for m in messages if "Content Security Policy" in m]
    assert not violations, "\n".join(violations)


def test_keyboard_focus_is_visible_and_skip_link_leads_to_content(browser, live_server):
    post, _ = build_blog()
    context, page = open_page(browser, live_server)
    try:
        page.goto(post.get_absolute_url())
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """(() => { const e = document.activeElement, s = getComputedStyle(e);
                 return {cls: e.className, outline: s.outlineStyle, width: s.outlineWidth,
                         top: e.getBoundingClientRect().top}; })()"""
        )
        assert focused["cls"] == "skip-link"
        assert focused["outline"] == "solid" and focused["width"] == "3px"
        assert focused["top"] >= 0, "the skip link stays off screen when focused"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "content"
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        context.close()


def test_a_reply_five_deep_keeps_most_of_a_phone_screen(browser, live_server):
    post, _ = build_blog()
    context, page = open_page(browser, live_server, width=375)
    try:
        page.goto(post.get_absolute_url())
        deepest = page.locator("li.comment", has_text="Une recette se transmet").last
        text = deepest.locator(".comment-content").first.bounding_box()
        assert deepest.locator("xpath=ancestor::li").count() == 4, "not five levels deep"
        assert text["width"] >= 0.6 * 375, f"only {text['width']}px of text at depth 5"
    finally:
        context.close()
