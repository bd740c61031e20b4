"""Posts go out to followers: Create (and the blog's Announce) on publication, Update on edit,
Delete on unpublication or deletion; signed, retried, one failing server never blocking others."""

import json
from datetime import timedelta
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from blog.models import Status
from blog.services import post_announce_due
from fediverse.delivery import deliveries_send_due, retry_delay
from fediverse.models import Delivery, DeliveryStatus, Follower, RemoteActor
from images import services as image_services
from tests.core.peers import http_server
from tests.factories import PostFactory, TagFactory, UserFactory

from .peer import verify_from_blog

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(username="camille")


@pytest.fixture
def followed(send, peer, on_commit, author):
    """The peer follows the blog and its author (the author has a first post to be an actor)."""
    PostFactory(author=author)
    for target in ("blog", "camille"):
        activity = {
            "id": peer.activity_id("Follow"),
            "type": "Follow",
            "actor": peer.uri,
            "object": f"http://testserver/fediverse/{target}/",
        }
        assert on_commit(send, activity).status_code == 202
    peer.server.requests.clear()
    return peer


def picture():
    buffer = BytesIO()
    Image.new("RGB", (800, 600), "#c63").save(buffer, "JPEG")
    prepared = image_services.image_prepare(fileobj=BytesIO(buffer.getvalue()))
    return image_services.image_create(title="Pain", alt_text="Une miche dorée", prepared=prepared)


def publish(on_commit, **fields):
    post = PostFactory(announced_at=None, **fields)
    on_commit(post_announce_due)
    return post


def key_of(client, username):
    return client.get(f"/fediverse/{username}/").json()["publicKey"]["publicKeyPem"]


def test_a_new_post_reaches_the_follower_signed(followed, client, on_commit, author):
    tag = TagFactory(name="pain")
    post = publish(on_commit, author=author, title="La fournée", featured_image=picture())
    post.tags.add(tag)
    received = followed.received()
    kinds = sorted(document["type"] for _headers, document in received)
    assert kinds == ["Announce", "Create"]
    headers, create = next(item for item in received if item[1]["type"] == "Create")
    article = create["object"]
    assert article["type"] == "Article" and article["name"] == "La fournée"
    assert article["content"] == post.body_html and article["contentMap"] == {"fr": post.body_html}
    assert article["url"] == f"http://testserver{post.get_absolute_url()}"
    assert article["attachment"][0]["name"] == "Une miche dorée"
    assert article["attachment"][0]["mediaType"] == "image/jpeg"
    assert article["published"] == post.published_at.isoformat()
    body = json.dumps(create).encode()
    key_id = verify_from_blog(headers, body, followed.shared_inbox, key_of(client, "camille"))
    assert key_id == "http://testserver/fediverse/camille/#main-key"
    announce = next(doc for _h, doc in received if doc["type"] == "Announce")
    assert announce["object"] == article["id"] and announce["actor"].endswith("/fediverse/blog/")


def test_edit_sends_an_update_and_unpublishing_a_delete(followed, on_commit, author):
    post = publish(on_commit, author=author)
    followed.server.requests.clear()
    post.title = "Titre corrigé"
    on_commit(post.save)
    [(_h, update)] = followed.received()
    assert update["type"] == "Update" and update["object"]["name"] == "Titre corrigé"
    followed.server.requests.clear()
    post.status = Status.DRAFT
    on_commit(post.save)
    [(_h, delete)] = followed.received()
    assert delete["type"] == "Delete" and delete["object"]["type"] == "Tombstone"
    followed.server.requests.clear()
    on_commit(post.delete)
    assert followed.received() == []  # already deleted there


def test_deleting_a_post_sends_a_delete(followed, on_commit, author):
    post = publish(on_commit, author=author)
    url = f"http://testserver{post.get_absolute_url()}"
    followed.server.requests.clear()
    on_commit(post.delete)
    [(_h, delete)] = followed.received()
    assert delete["object"]["id"] == url


def test_drafts_and_edits_of_unshared_posts_never_leave(followed, on_commit, author):
    draft = PostFactory(author=author, status=Status.DRAFT, announced_at=None)
    on_commit(draft.save)
    on_commit(post_announce_due)
    assert followed.received() == []


def test_one_failing_server_does_not_block_the_others(followed, on_commit, author):
    with http_server({"/inbox": lambda handler: handler.answer(500, b"panne")}) as broken:
        actor = RemoteActor.objects.create(
            uri=broken.url("/users/bob"),
            domain="127.0.0.1",
            key_id=broken.url("/users/bob#k"),
            public_pem="",
            inbox=broken.url("/users/bob/inbox"),
            shared_inbox=broken.url("/inbox"),
        )
        Follower.objects.create(username="camille", actor=actor)
        publish(on_commit, author=author)
        failed = Delivery.objects.get(inbox=broken.url("/inbox"))
        assert failed.status == DeliveryStatus.QUEUED and failed.attempts == 1
        assert failed.last_error == "answered 500"
        assert sorted(doc["type"] for _h, doc in followed.received()) == ["Announce", "Create"]
        assert failed.next_attempt_at > timezone.now() + timedelta(seconds=50)
        broken.routes["/inbox"] = lambda handler: handler.answer(202)
        with time_machine.travel(timezone.now() + retry_delay(1) + timedelta(seconds=1)):
            assert deliveries_send_due() == (1, 0)
        assert Delivery.objects.get(pk=failed.pk).status == DeliveryStatus.SENT


def test_retry_delays_grow_then_stop_at_a_day():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(30) == timedelta(days=1)
