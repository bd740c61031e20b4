"""A reader in Chromium: home page, a post, its category, the feed link."""

import pytest

from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_follows_post_category_and_finds_feed(page):
    category = CategoryFactory(name="Randonnées", slug="randonnees")
    PostFactory(title="Le col du matin", slug="le-col-du-matin", categories=[category])

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("link", name="Le col du matin").first.click()
    page.wait_for_url("**/le-col-du-matin/")
    assert page.get_by_role("heading", level=1).inner_text() == "Le col du matin"

    page.locator("article.post .entry-meta").get_by_role("link", name="Randonnées").click()
    page.wait_for_url("**/category/randonnees/")
    assert "Catégorie : Randonnées" in page.get_by_role("heading", level=1).inner_text()

    feed = page.locator('link[rel="alternate"][type="application/rss+xml"]').first
    href = feed.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert "<rss" in response.text()
