"""HTTP Signatures as Mastodon writes and checks them (draft-cavage-http-signatures-12,
rsa-sha256 over `(request-target) host date digest`), on top of `cryptography`.

Only the signing string is built here; the RSA work is `cryptography`'s. No maintained Python
library does the cavage draft today (httpsig's last release is from 2018; the maintained
`http-message-signatures` implements RFC 9421 only), and the string is a few lines of text.
"""

import base64
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

# Headers an incoming POST must have signed: without each one a signature proves too little.
REQUIRED_HEADERS = ("(request-target)", "host", "date", "digest")
PARAM_RE = re.compile(r'\s*([a-zA-Z]+)\s*=\s*"([^"]*)"\s*(?:,|$)')


class SignatureError(Exception):
    """The request's signature is missing, malformed or wrong; the message says which."""


def digest(body):
    """The `Digest` header of `body` (bytes): SHA-256, base64, as Mastodon sends it."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def signing_string(method, path, headers, names):
    """The text signed: one `name: value` line per name of `names`, in order."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        elif name in headers:
            lines.append(f"{name}: {headers[name]}")
        else:
            raise SignatureError(f"signed header {name!r} is missing")
    return "\n".join(lines)


def sign_request(*, method, url, body, key_id, private_key):
    """The headers (Host, Date, Digest, Signature) of a request to `url` signed by `key_id`."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"host": parts.netloc, "date": format_datetime(timezone.now(), usegmt=True)}
    names = ["(request-target)", "host", "date"]
    if body is not None:
        headers["digest"] = digest(body)
        names.append("digest")
    text = signing_string(method, path, headers, names).encode()
    signature = base64.b64encode(private_key.sign(text, padding.PKCS1v15(), hashes.SHA256()))
    headers["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{signature.decode()}"'
    )
    return {name.title(): value for name, value in headers.items()}


def parse_signature(header):
    """The parameters of a `Signature` header (keyId, headers, signature, algorithm)."""
    params = dict(PARAM_RE.findall(header or ""))
    if not params.get("keyId") or not params.get("signature"):
        raise SignatureError("no signature")
    params["headers"] = params.get("headers", "date").lower().split()
    return params


def check_date(value, window):
    """Raise `SignatureError` unless `value` (a Date header) is within `window` seconds of now."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as error:
        raise SignatureError("unreadable Date") from error
    if moment.tzinfo is None or abs((timezone.now() - moment).total_seconds()) > window:
        raise SignatureError("Date outside the accepted window")


def verify(*, params, method, path, headers, public_pem):
    """Raise `SignatureError` unless `params` (parsed) sign this request with `public_pem`."""
    missing = [name for name in REQUIRED_HEADERS if name not in params["headers"]]
    if missing:
        raise SignatureError(f"unsigned headers: {', '.join(missing)}")
    if params.get("algorithm", "rsa-sha256") not in ("rsa-sha256", "hs2019"):
        raise SignatureError("unsupported algorithm")
    text = signing_string(method, path, headers, params["headers"]).encode()
    try:
        key = serialization.load_pem_public_key(public_pem.encode())
        signature = base64.b64decode(params["signature"], validate=True)
    except (ValueError, TypeError) as error:
        raise SignatureError("unreadable key or signature") from error
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("not an RSA key")
    try:
        key.verify(signature, text, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as error:
        raise SignatureError("signature does not match") from error
