"""RFC 9421 signatures (Mastodon 4.5 offers them): accepted when they cover the method, the
target and the body; refused when stale, tampered with, or covering less."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from http_message_signatures import HTTPMessageSigner, MappingKeyResolver, algorithms

from fediverse.models import Reaction
from tests.factories import PostFactory

from .peer import ACTIVITY

pytestmark = pytest.mark.django_db
INBOX = "http://testserver/fediverse/inbox/"


class Request:
    def __init__(self, body):
        self.method, self.url = "POST", INBOX
        self.headers = {"Content-Type": ACTIVITY, "Content-Length": str(len(body))}


def signed_as_mastodon(
    peer, body, *, created=None, covered=("@method", "@target-uri"), sign_body=True
):
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.RSA_V1_5_SHA256,
        key_resolver=MappingKeyResolver(public_keys={}, private_keys={peer.key_id: peer.key}),
    )
    request = Request(body)
    signer.sign(
        request,
        key_id=peer.key_id,
        created=created,
        covered_component_ids=covered,
        body=body if sign_body else None,
    )
    return request.headers


@pytest.fixture
def like(peer):
    post = PostFactory()
    document = {
        "id": peer.activity_id("Like"),
        "type": "Like",
        "actor": peer.uri,
        "object": f"http://testserver{post.get_absolute_url()}",
    }
    return json.dumps(document).encode()


def post_signed(client, body, headers):
    headers = {
        k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")
    }
    return client.post("/fediverse/inbox/", body, content_type=ACTIVITY, headers=headers)


def test_an_rfc9421_signature_is_accepted(client, peer, like):
    headers = signed_as_mastodon(peer, like)
    assert "content-digest" in headers["Signature-Input"]
    assert post_signed(client, like, headers).status_code == 202
    assert Reaction.objects.count() == 1
    assert post_signed(client, like, headers).status_code == 401  # replayed


def test_a_body_changed_after_signing_is_refused(client, peer, like):
    headers = signed_as_mastodon(peer, like)
    assert post_signed(client, like.replace(b"Like", b"Like "), headers).status_code == 401
    assert not Reaction.objects.exists()


def test_a_stale_signature_is_refused(client, peer, like):
    headers = signed_as_mastodon(peer, like, created=timezone.now() - timedelta(minutes=20))
    assert post_signed(client, like, headers).status_code == 401


def test_a_signature_not_covering_the_target_is_refused(client, peer, like):
    headers = signed_as_mastodon(peer, like, covered=("@method",))
    assert post_signed(client, like, headers).status_code == 401
    assert not Reaction.objects.exists()


def test_a_signature_not_covering_the_body_is_refused(client, peer, like):
    headers = signed_as_mastodon(peer, like, sign_body=False)
    assert "content-digest" not in headers["Signature-Input"]
    assert post_signed(client, like, headers).status_code == 401
    assert not Reaction.objects.exists()
