"""Federation on, the blog at http://testserver, a remote server on loopback the fetcher may reach."""

import json

import pytest

from tests.core.peers import PEER_PORTS

from .peer import ACTIVITY, remote_server


@pytest.fixture(autouse=True)
def _federation(settings, tmp_path):
    settings.FEDIVERSE_ENABLED = True
    settings.SITE_URL = "http://testserver"
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"


@pytest.fixture
def peer():
    with remote_server() as remote:
        yield remote


@pytest.fixture
def send(client, peer):
    """POST `document` to the blog's inbox, signed by the peer; extra headers override."""

    def post(document, *, path="/fediverse/inbox/", headers=None, body=None, **sign):
        raw = body if body is not None else json.dumps(document).encode()
        signed = peer.signed_headers(path, raw, **sign)
        signed.update(headers or {})
        content_type = signed.pop("content-type", ACTIVITY)
        return client.post(path, raw, content_type=content_type, headers=signed)

    return post
