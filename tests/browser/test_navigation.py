"""Finding one's way in Chromium: the pages menu, previous/next links, the language link."""

from datetime import timedelta

import pytest

from tests.browser.test_accessibility import axe_context, axe_violations  # noqa: F401
from tests.browser.test_theme import SCREENSHOTS, WIDTHS, open_page
from tests.factories import PageFactory, PostFactory
from tests.theme.sample import build_blog

pytestmark = pytest.mark.django_db(transaction=True)


def menu_and_posts():
    post, _ = build_blog()
    PageFactory(title="À propos", slug="a-propos", menu_order=1)
    PageFactory(title="Contact", slug="contact", menu_order=2)
    PageFactory(title="Mentions légales", slug="mentions", in_menu=False)
    just_before = post.published_at - timedelta(seconds=1)
    PostFactory(title="Un billet plus ancien : le marché", published_at=just_before)
    return post


@pytest.mark.parametrize("size", WIDTHS)
def test_pages_menu_fits_and_leads_to_its_pages(browser, live_server, size):
    post = menu_and_posts()
    context, page = open_page(browser, live_server, width=WIDTHS[size])
    try:
        page.goto(post.get_absolute_url())
        menu = page.get_by_role("navigation", name="Pages")
        assert menu.get_by_role("link").all_inner_texts() == ["À propos", "Contact"]
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"pages-menu-{size}.png")
        menu.get_by_role("link", name="Contact").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Contact"
        assert (
            page.get_by_role("navigation", name="Pages").locator("[aria-current=page]").inner_text()
            == "Contact"
        )
    finally:
        context.close()


def test_previous_post_and_language_link(browser, live_server):
    post = menu_and_posts()
    context, page = open_page(browser, live_server, width=375)
    try:
        page.goto(post.get_absolute_url())
        page.get_by_role("link", name="Billet précédent").click()
        page.wait_for_load_state()
        assert "Un billet plus ancien\u00a0: le marché" in page.locator("h1").inner_text()
        with page.expect_navigation():
            page.locator(".site-footer").get_by_role("button", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Un billet plus ancien" in page.locator("h1").inner_text()  # the same page
        page.locator(".site-footer").get_by_role("button", name="Français").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


def test_no_axe_violation_with_menu_and_post_links(axe_context):  # noqa: F811
    post = menu_and_posts()
    page = axe_context.new_page()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(post.get_absolute_url())
        assert axe_violations(page) == []
        page.goto("/a-propos/")
        assert axe_violations(page) == []
