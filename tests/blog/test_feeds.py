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
