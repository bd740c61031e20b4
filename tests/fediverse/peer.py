"""A Mastodon-like server on loopback: its actor served over real HTTP, its inbox recording what
the blog posts, and requests signed as Mastodon signs them by an independent library (apsig)."""

import json
from contextlib import contextmanager

from apsig.draft import Signer, Verifier
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.core.peers import http_server

ACTIVITY = "application/activity+json"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


class Peer:
    """One remote account, `alice`, on a server of its own."""

    def __init__(self, server, username="alice"):
        self.server = server
        self.username = username
        self.key = new_key()
        self.uri = server.url(f"/users/{username}")
        self.key_id = f"{self.uri}#main-key"
        self.inbox = server.url(f"/users/{username}/inbox")
        self.shared_inbox = server.url("/inbox")
        self.counter = 0
        server.routes[f"/users/{username}"] = self._serve_actor
        server.routes[f"/users/{username}/inbox"] = self._receive
        server.routes["/inbox"] = self._receive
        server.routes["/avatar.png"] = self._serve_avatar
        self.avatar = b""

    def actor_document(self, key=None):
        return {
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": self.uri,
            "type": "Person",
            "preferredUsername": self.username,
            "name": "Alice Durand",
            "url": self.server.url(f"/@{self.username}"),
            "inbox": self.inbox,
            "endpoints": {"sharedInbox": self.shared_inbox},
            "icon": {"type": "Image", "url": self.server.url("/avatar.png")},
            "publicKey": {
                "id": self.key_id,
                "owner": self.uri,
                "publicKeyPem": public_pem(key or self.key),
            },
        }

    def _serve_actor(self, handler):
        handler.answer(200, json.dumps(self.actor_document()).encode(), ACTIVITY)

    def _serve_avatar(self, handler):
        handler.answer(200, self.avatar, "image/png")

    def _receive(self, handler):
        handler.answer(202, b"", ACTIVITY)

    def received(self):
        """The activities the blog posted to this server, as (headers, document)."""
        return [
            (headers, json.loads(body))
            for method, path, headers, body in self.server.requests
            if method == "POST"
        ]

    def activity_id(self, kind):
        self.counter += 1
        return f"{self.uri}/activities/{kind.lower()}-{self.counter}"

    def signed_headers(self, path, body, *, key=None, key_id=None, host="testserver", extra=None):
        """Headers of a POST of `body` to `path` on the blog, signed as Mastodon signs; `extra`
        headers are signed as given (a stale Date, a wrong Digest)."""
        signer = Signer(
            headers={"Content-Type": ACTIVITY, **(extra or {})},
            private_key=key or self.key,
            method="POST",
            url=f"http://{host}{path}",
            key_id=key_id or self.key_id,
            body=body,
        )
        return {name: value for name, value in signer.sign().items() if name != "authorization"}


def verify_from_blog(headers, body, url, blog_public_pem):
    """Check a request the blog sent with apsig (raises if the signature or digest is wrong)."""
    return Verifier(
        public_pem=blog_public_pem, method="POST", url=url, headers=headers, body=body
    ).verify(raise_on_fail=True)


@contextmanager
def remote_server():
    with http_server() as server:
        yield Peer(server)
