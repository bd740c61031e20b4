"""Discovery: WebFinger, NodeInfo, actors (the blog's Service, each author's Person), outbox,
followers, and a post's Article by content negotiation."""

import pytest

from fediverse.models import LocalKey
from tests.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db
ACTIVITY = "application/activity+json"


@pytest.fixture
def post():
    post = PostFactory(title="Le pain du dimanche", author__username="camille")
    post.tags.add(TagFactory(name="boulangerie maison"))
    return post


def test_webfinger_finds_the_blog_and_each_author(client, post):
    blog = client.get("/.well-known/webfinger", {"resource": "acct:blog@testserver"})
    author = client.get("/.well-known/webfinger", {"resource": "acct:camille@testserver"})
    assert blog.status_code == 200 and blog["Content-Type"] == "application/jrd+json"
    assert blog.json()["links"][0] == {
        "rel": "self",
        "type": ACTIVITY,
        "href": "http://testserver/fediverse/blog/",
    }
    assert author.json()["subject"] == "acct:camille@testserver"
    assert author.json()["links"][1]["href"] == "http://testserver/author/camille/"


def test_webfinger_knows_nobody_else(client, post):
    assert (
        client.get("/.well-known/webfinger", {"resource": "acct:zoe@testserver"}).status_code == 404
    )
    assert (
        client.get("/.well-known/webfinger", {"resource": "acct:blog@ailleurs.example"}).status_code
        == 404
    )
    missing = client.get("/.well-known/webfinger")
    assert missing.status_code == 400 and "resource" in missing.json()["error"]


def test_everything_is_hidden_while_federation_is_off(client, post, settings):
    settings.FEDIVERSE_ENABLED = False
    assert (
        client.get("/.well-known/webfinger", {"resource": "acct:blog@testserver"}).status_code
        == 404
    )
    assert client.get("/fediverse/blog/").status_code == 404
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT=ACTIVITY)
    assert page["Content-Type"].startswith("text/html")


def test_the_blog_is_a_service_with_a_key_made_once(client, post):
    first = client.get("/fediverse/blog/", HTTP_ACCEPT=ACTIVITY).json()
    second = client.get("/fediverse/blog/").json()
    assert first["type"] == "Service" and first["name"] == "Carnet"
    assert first["summary"] and first["icon"]["url"].startswith("http://testserver/")
    assert first["image"]["url"]
    assert first["inbox"] == "http://testserver/fediverse/blog/inbox/"
    assert first["outbox"] == "http://testserver/fediverse/blog/outbox/"
    assert first["followers"] == "http://testserver/fediverse/blog/followers/"
    assert first["endpoints"]["sharedInbox"] == "http://testserver/fediverse/inbox/"
    assert first["publicKey"]["owner"] == first["id"]
    assert first["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert second["publicKey"] == first["publicKey"]
    assert LocalKey.objects.count() == 1


def test_an_author_is_a_person(client, post):
    person = client.get("/fediverse/camille/").json()
    assert person["type"] == "Person"
    assert person["name"] == post.author.get_full_name()
    assert person["url"] == "http://testserver/author/camille/"


def test_someone_without_a_published_post_is_no_actor(client, post):
    PostFactory(author__username="brouillon", status="draft")
    assert client.get("/fediverse/brouillon/").status_code == 404


def test_nodeinfo(client, post):
    links = client.get("/.well-known/nodeinfo").json()["links"]
    assert links[0]["href"] == "http://testserver/nodeinfo/2.1"
    info = client.get("/nodeinfo/2.1").json()
    assert info["protocols"] == ["activitypub"] and info["usage"]["localPosts"] == 1
    assert info["software"]["name"] == "carnet" and info["openRegistrations"] is False


def test_a_post_asked_for_as_activitypub_is_an_article(client, post):
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT="application/ld+json")
    article = response.json()
    assert response["Content-Type"] == ACTIVITY and response["Vary"] == "Accept"
    assert article["type"] == "Article" and article["name"] == "Le pain du dimanche"
    assert article["id"] == f"http://testserver{post.get_absolute_url()}"
    assert article["contentMap"] == {"fr": post.body_html}
    assert article["tag"][0]["name"] == "#boulangeriemaison"
    assert article["attributedTo"] == "http://testserver/fediverse/camille/"


def test_a_draft_is_never_shown_as_activitypub(client):
    draft = PostFactory(status="draft")
    response = client.get(draft.get_absolute_url(), HTTP_ACCEPT=ACTIVITY)
    assert response.status_code == 404


def test_outbox_lists_published_posts(client, post):
    PostFactory(status="draft", author=post.author)
    outbox = client.get("/fediverse/camille/outbox/").json()
    assert outbox["totalItems"] == 1
    assert outbox["orderedItems"][0]["object"]["name"] == "Le pain du dimanche"


def test_the_post_page_pays_one_query_for_reactions_and_none_when_off(client, post, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(post.get_absolute_url())  # warm caches (identity, widgets)
    settings.FEDIVERSE_ENABLED = False
    with CaptureQueriesContext(connection) as off:
        client.get(post.get_absolute_url())
    settings.FEDIVERSE_ENABLED = True
    with CaptureQueriesContext(connection) as on:
        client.get(post.get_absolute_url())
    assert len(on) == len(off) + 1
    assert any("fediverse_reaction" in query["sql"] for query in on.captured_queries)
