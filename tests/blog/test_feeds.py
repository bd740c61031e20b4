"""Feeds, sitemap and robots.txt: what machines read."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.utils import timezone

from blog.models import Status
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_rss_feed_lists_published_posts_only(client):
    PostFactory(title="En ligne", body="Le **corps**.")
    PostFactory(title="Brouillon", status=Status.DRAFT)
    PostFactory(title="Plus tard", published_at=timezone.now() + timedelta(days=2))
    rss = parse(client.get("/feed/"))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert titles == ["En ligne"]
    assert "<strong>corps</strong>" in rss.find("channel/item/description").text


def test_atom_feed(client):
    PostFactory(title="Atome")
    atom = parse(client.get("/feed/atom/"))
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["Atome"]


def test_category_and_tag_feeds(client):
    parent = CategoryFactory(slug="voyages")
    child = CategoryFactory(slug="bretagne", parent=parent)
    tag = TagFactory(slug="mer")
    PostFactory(title="Côte", categories=[child], tags=[tag])
    PostFactory(title="Autre")
    for url in ["/category/voyages/feed/", "/category/voyages/bretagne/feed/", "/tag/mer/feed/"]:
        titles = [item.findtext("title") for item in parse(client.get(url)).iter("item")]
        assert titles == ["Côte"], url
    assert client.get("/category/inconnue/feed/").status_code == 404
    assert client.get("/tag/inconnue/feed/").status_code == 404


def test_comments_feed_is_valid_while_empty(client):
    rss = parse(client.get("/comments/feed/"))
    assert rss.find("channel/title").text.startswith("Commentaires pour")
    assert list(rss.iter("item")) == []


def test_pages_advertise_their_feeds(client):
    CategoryFactory(slug="cuisine")
    html = client.get("/category/cuisine/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/category/cuisine/feed/"' in html
    assert 'type="application/atom+xml"' in html


def test_sitemap_lists_public_posts_and_pages(client):
    post = PostFactory()
    draft = PostFactory(status=Status.DRAFT)
    page = PageFactory(slug="a-propos")
    body = client.get("/sitemap.xml").content.decode()
    assert post.get_absolute_url() in body
    assert page.get_absolute_url() in body
    assert draft.get_absolute_url() not in body


def test_robots_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in response.content.decode()


SITE = "https://carnet.example.org"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def test_every_feed_link_is_on_site_url(client, site_url):
    from tests.factories import CommentFactory

    tag = TagFactory(slug="mer")
    category = CategoryFactory(slug="voyages")
    post = PostFactory(title="Côte", categories=[category], tags=[tag])
    CommentFactory(post=post)
    feeds = ["/feed/", "/category/voyages/feed/", "/tag/mer/feed/", "/comments/feed/"]
    feeds.append(post.get_absolute_url() + "feed/")
    for url in feeds:
        rss = parse(client.get(url))
        links = [rss.findtext("channel/link"), rss.find(f"channel/{ATOM}link").get("href")]
        links += [e.text for e in rss.iter("link")] + [e.text for e in rss.iter("guid")]
        assert links and all(link.startswith(SITE + "/") for link in links), (url, links)
        assert rss.find(f"channel/{ATOM}link").get("href") == SITE + url
    atom = parse(client.get("/feed/atom/"))
    hrefs = [e.get("href") for e in atom.iter(f"{ATOM}link")] + [
        e.text for e in atom.iter(f"{ATOM}id")
    ]
    assert hrefs and all(href.startswith(SITE + "/") for href in hrefs), hrefs


def test_sitemap_entries_are_on_site_url(client, site_url):
    post = PostFactory()
    page = PageFactory(slug="a-propos")
    sitemap = parse(client.get("/sitemap.xml"))
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert sorted(locations) == sorted(
        [SITE + post.get_absolute_url(), SITE + page.get_absolute_url()]
    )
