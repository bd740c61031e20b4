"""Incoming activities: every check before anything is stored, the cheap ones first.

Order: size, content type, signature header present, blocked instance, per-instance rate,
readable JSON, Date window, Digest; only then the key is fetched (safe fetcher, kept), the
signature checked, the key's owner compared with the activity's actor, and replays refused.
A request offering an RFC 9421 signature (`Signature-Input`) is checked by that standard
(fediverse/rfc9421.py: its `created` and `Content-Digest` in place of Date and Digest).
"""

import hashlib
import json
import logging

from django.core.cache import cache
from django.utils.translation import gettext as _

from . import conf, rfc9421
from .remote import RemoteError, actor_for_key, domain_of, is_blocked
from .signatures import SignatureError, check_date, digest, parse_signature, verify

logger = logging.getLogger(__name__)
CONTENT_TYPES = {"application/activity+json", "application/ld+json", "application/json"}


class Refused(Exception):  # noqa: N818 (each instance says why, to the remote server)
    """The activity is not accepted; `status` is the HTTP answer, the message is for the peer."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def read_activity(request):
    """The verified activity of `request` and its `RemoteActor`; raises `Refused`."""
    body = _read_body(request)
    signed = _signature(request)
    domain = domain_of(signed.key_id)
    if is_blocked(domain):
        raise Refused(403, _("This instance is blocked."))
    _count_for_instance(domain)
    document = _parse(body)
    signed.check_headers(request, body)
    actor = _signing_actor(request, signed, body)
    if actor.uri != document["actor"]:
        raise Refused(401, _("The key that signed this request does not belong to its actor."))
    if not cache.add(_replay_key(signed.token), True, 2 * _window()):
        raise Refused(401, _("This request was already received."))
    return document, actor


class CavageSignature:
    """A `Signature` header as Mastodon writes it (draft-cavage)."""

    def __init__(self, request):
        self.params = parse_signature(request.headers.get("Signature"))
        self.key_id, self.token = self.params["keyId"], self.params["signature"]

    def check_headers(self, request, body):
        try:
            check_date(request.headers.get("Date"), _window())
        except SignatureError as error:
            raise Refused(401, _("The request’s Date is missing or too far from now.")) from error
        if request.headers.get("Digest", "").strip() != digest(body):
            raise Refused(400, _("The Digest header does not match the body."))

    def verify(self, request, body, public_pem):
        headers = {
            name: request.headers[name]
            for name in self.params["headers"]
            if name != "(request-target)" and name in request.headers
        }
        verify(
            params=self.params,
            method=request.method,
            path=request.get_full_path(),
            headers=headers,
            public_pem=public_pem,
        )


class MessageSignature:
    """An RFC 9421 signature (`Signature-Input` and `Signature`)."""

    def __init__(self, request):
        self.key_id = rfc9421.key_id(request)
        self.token = request.headers.get("Signature", "")

    def check_headers(self, request, body):
        """Its age and digest are checked with the signature itself."""

    def verify(self, request, body, public_pem):
        rfc9421.verify(
            request, key_id=self.key_id, public_pem=public_pem, body=body, window=_window()
        )


def _read_body(request):
    limit = conf.settings.FEDIVERSE_MAX_ACTIVITY_BYTES
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > limit:
        raise Refused(413, _("This activity is too large."))
    if request.content_type not in CONTENT_TYPES:
        raise Refused(415, _("Send the activity as application/activity+json."))
    body = request.read(limit + 1)
    if len(body) > limit:
        raise Refused(413, _("This activity is too large."))
    return body


def _signature(request):
    scheme = MessageSignature if rfc9421.offered(request) else CavageSignature
    try:
        return scheme(request)
    except SignatureError as error:
        raise Refused(401, _("Sign the request with an HTTP signature.")) from error


def _count_for_instance(domain):
    """Count one activity for `domain` in the current window, across all workers."""
    key = f"fediverse:rate:{hashlib.sha256(domain.encode()).hexdigest()}"
    cache.add(key, 0, conf.settings.FEDIVERSE_RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first
        cache.set(key, 1, conf.settings.FEDIVERSE_RATE_WINDOW_SECONDS)
        count = 1
    if count > conf.settings.FEDIVERSE_PER_INSTANCE:
        raise Refused(429, _("Too many activities from this instance; try again later."))


def _parse(body):
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(400, _("The activity is not valid JSON.")) from error
    if not isinstance(document, dict) or not isinstance(document.get("type"), str):
        raise Refused(400, _("The activity has no type."))
    if not isinstance(document.get("actor"), str):
        raise Refused(400, _("The activity has no actor."))
    return document


def _signing_actor(request, signed, body):
    """The actor whose key signed `request`; the kept key failing, it is fetched again once
    (the actor may have changed keys)."""
    actor = _key_owner(signed.key_id, refresh=False)
    try:
        signed.verify(request, body, actor.public_pem)
        return actor
    except SignatureError:
        actor = _key_owner(signed.key_id, refresh=True)
    try:
        signed.verify(request, body, actor.public_pem)
    except SignatureError as error:
        raise Refused(401, _("The signature is not valid.")) from error
    return actor


def _key_owner(key_id, *, refresh):
    try:
        return actor_for_key(key_id, refresh=refresh)
    except RemoteError as error:
        logger.info("Key %s not usable: %s", key_id, error)
        raise Refused(401, _("The signing key could not be fetched.")) from error


def _replay_key(token):
    return "fediverse:seen:" + hashlib.sha256(token.encode()).hexdigest()


def _window():
    return conf.settings.FEDIVERSE_SIGNATURE_WINDOW_SECONDS
