"""RFC 9421 HTTP Message Signatures, which Mastodon 4.5 offers beside the cavage draft.

The maintained `http-message-signatures` library checks the signature, its age and the body's
Content-Digest; Carnet only hands it the request and the one key it fetched, and asks that the
method, the target and the body be covered (a signature over less proves too little).
"""

from datetime import timedelta

import http_sf
from cryptography.hazmat.primitives import serialization
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)

from .signatures import SignatureError

TARGETS = ({'"@target-uri"'}, {'"@authority"', '"@path"'})


def offered(request):
    return "Signature-Input" in request.headers


def key_id(request):
    """The `keyid` of the request's one signature, read before any key is fetched."""
    try:
        inputs = http_sf.parse(request.headers["Signature-Input"].encode(), tltype="dictionary")
    except (ValueError, UnicodeError) as error:
        raise SignatureError("unreadable Signature-Input") from error
    if len(inputs) != 1:
        raise SignatureError("one signature expected")
    [(_components, params)] = inputs.values()
    if not isinstance(params.get("keyid"), str) or not params["keyid"]:
        raise SignatureError("no keyid")
    return params["keyid"]


class _Message:
    """What the library reads of a request: its method, absolute URL and headers."""

    def __init__(self, request):
        self.method = request.method
        self.url = request.build_absolute_uri()
        self.headers = dict(request.headers.items())


class _OneKey(HTTPSignatureKeyResolver):
    def __init__(self, key_id, public_pem):
        self.key_id, self.public_pem = key_id, public_pem

    def resolve_public_key(self, key_id):
        if key_id != self.key_id:
            raise InvalidSignature("the signature names another key")
        return serialization.load_pem_public_key(self.public_pem.encode())


def verify(request, *, key_id, public_pem, body, window):
    """Raise `SignatureError` unless `key_id`'s key signed this request's method, target and
    body (Content-Digest) within `window` seconds."""
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.RSA_V1_5_SHA256, key_resolver=_OneKey(key_id, public_pem)
    )
    verifier.max_clock_skew = timedelta(seconds=window)
    try:
        [result] = verifier.verify(
            _Message(request),
            max_age=timedelta(seconds=window),
            require_components=("@method",),
            body=body,
        )
    except (HTTPMessageSignaturesException, ValueError) as error:
        raise SignatureError(str(error)) from error
    covered = set(result.covered_components)
    if not any(target <= covered for target in TARGETS) or result.body is None:
        raise SignatureError("the target or the body is not signed")
