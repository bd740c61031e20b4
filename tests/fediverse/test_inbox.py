"""Every refusal of the inbox, each with nothing stored; the cheap ones fetch no key."""

import json
from email.utils import format_datetime

import pytest
from django.utils import timezone

from fediverse.models import DomainBlock, Reaction, RemoteActor
from tests.core.peers import http_server
from tests.factories import PostFactory

from .peer import new_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def like(peer):
    post = PostFactory()
    return {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": peer.activity_id("Like"),
        "type": "Like",
        "actor": peer.uri,
        "object": f"http://testserver{post.get_absolute_url()}",
    }


def fetched(peer):
    return [path for method, path, _headers, _body in peer.server.requests if method == "GET"]


def test_a_signed_like_is_accepted_and_the_key_kept(send, like, peer):
    assert send(like).status_code == 202
    second = dict(like, id=peer.activity_id("Like"))
    assert send(second).status_code == 202
    assert Reaction.objects.count() == 1  # one like per account and post
    assert fetched(peer) == ["/users/alice"]  # the key was fetched once, then kept


def test_unsigned(client, like, peer):
    response = client.post(
        "/fediverse/inbox/", json.dumps(like), content_type="application/activity+json"
    )
    assert response.status_code == 401
    assert "signature" in response.json()["error"]
    assert not Reaction.objects.exists() and fetched(peer) == []


def test_bad_signature(send, like, peer):
    response = send(like, key=new_key())
    assert response.status_code == 401
    assert response.json()["error"] == "La signature n’est pas valide."
    assert not Reaction.objects.exists()


def test_wrong_digest(send, like):
    other = json.dumps(dict(like, object="http://testserver/autre/")).encode()
    from fediverse.signatures import digest

    response = send(like, extra={"Digest": digest(other)})
    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_body_changed_after_signing(client, peer, like):
    body = json.dumps(like).encode()
    headers = peer.signed_headers("/fediverse/inbox/", body)
    headers.pop("content-type")
    tampered = body.replace(b"Like", b"Like ")
    response = client.post(
        "/fediverse/inbox/", tampered, content_type="application/activity+json", headers=headers
    )
    assert response.status_code == 400 and not Reaction.objects.exists()


def test_stale_date(send, like):
    stale = format_datetime(timezone.now() - timezone.timedelta(minutes=20), usegmt=True)
    response = send(like, extra={"Date": stale})
    assert response.status_code == 401
    assert not Reaction.objects.exists()


def test_replay(send, like, client, peer):
    body = json.dumps(like).encode()
    headers = peer.signed_headers("/fediverse/inbox/", body)
    headers.pop("content-type")
    first = client.post(
        "/fediverse/inbox/", body, content_type="application/activity+json", headers=headers
    )
    Reaction.objects.all().delete()
    again = client.post(
        "/fediverse/inbox/", body, content_type="application/activity+json", headers=headers
    )
    assert first.status_code == 202 and again.status_code == 401
    assert not Reaction.objects.exists()


def test_oversized(send, like, peer, settings):
    settings.FEDIVERSE_MAX_ACTIVITY_BYTES = 2000
    response = send(dict(like, padding="x" * 3000))
    assert response.status_code == 413
    assert not Reaction.objects.exists() and fetched(peer) == []


def test_not_activitypub(send, like, peer):
    response = send(like, headers={"content-type": "text/plain"})
    assert response.status_code == 415 and fetched(peer) == []


def test_key_owner_is_not_the_actor(send, like, peer):
    response = send(dict(like, actor=peer.server.url("/users/mallory")))
    assert response.status_code == 401
    assert "n’appartient pas" in response.json()["error"]
    assert not Reaction.objects.exists()


def test_blocked_instance_is_dropped_without_fetching(send, like, peer):
    DomainBlock.objects.create(domain="127.0.0.1")
    assert send(like).status_code == 403
    assert not Reaction.objects.exists() and fetched(peer) == []


def test_rate_limit_per_instance(send, like, peer, settings):
    settings.FEDIVERSE_PER_INSTANCE = 2
    statuses = [send(dict(like, id=peer.activity_id("Like"))).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]


def test_a_rotated_key_is_fetched_again(send, like, peer):
    assert send(like).status_code == 202
    peer.key = new_key()
    Reaction.objects.all().delete()
    assert send(dict(like, id=peer.activity_id("Like"))).status_code == 202
    assert fetched(peer) == ["/users/alice", "/users/alice"]
    assert (
        RemoteActor.objects.get().public_pem.strip()
        == peer.actor_document()["publicKey"]["publicKeyPem"].strip()
    )


def test_a_server_cannot_speak_for_an_actor_of_another(send, like, peer):
    """Mallory's server serves a document claiming Alice's id with Mallory's key."""
    impostor = new_key()
    with http_server() as evil:
        forged = dict(peer.actor_document(key=impostor), inbox=evil.url("/inbox"))
        forged["publicKey"] = dict(forged["publicKey"], id=evil.url("/users/alice#main-key"))
        evil.routes["/users/alice"] = lambda handler: handler.answer(
            200, json.dumps(forged).encode(), "application/activity+json"
        )
        response = send(like, key=impostor, key_id=evil.url("/users/alice#main-key"))
    assert response.status_code == 401
    assert not Reaction.objects.exists() and not RemoteActor.objects.exists()


@pytest.mark.parametrize(
    "activity",
    [
        {"type": "Create", "object": [1, 2]},
        {"type": "Create", "object": {"type": "Note", "inReplyTo": ["x"], "content": 5}},
        {"type": "Create", "object": {"type": "Note", "id": 7, "inReplyTo": None}},
        {"type": "Undo", "object": 123},
        {"type": "Undo", "object": {"type": "Follow", "object": ["a"]}},
        {"type": "Like", "object": {"id": 5}},
        {"type": "Announce", "object": "http://testserver/comment/abc/"},
        {"type": "Update", "object": {"type": "Note", "id": None}},
        {"type": "Update", "object": "texte"},
        {"type": "Follow", "object": "http://testserver/fediverse/personne/"},
        {"type": "Delete", "object": None},
        {"type": "Move", "object": {}},
    ],
)
def test_odd_activities_are_accepted_and_change_nothing(send, peer, activity):
    response = send({"id": peer.activity_id("Odd"), "actor": peer.uri, **activity})
    assert response.status_code == 202
    assert not Reaction.objects.exists()


@pytest.mark.parametrize("body", [b"[]", b"{", b'{"type": ["Like"]}', b'{"type": "Like"}', b"\xff"])
def test_unreadable_activities_are_400(send, body):
    assert send(None, body=body).status_code == 400
