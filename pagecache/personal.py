"""The parts of a page that belong to one reader, swapped out before caching and back in when served.

- The CSRF token: stored as a placeholder, replaced by the reader's own masked token (Django's
  `get_token`, which also sets their `csrftoken` cookie), so CsrfViewMiddleware checks every
  reader's form exactly as it would on a page rendered for them.
- The comment form's signed timestamp: re-signed at serving time, so the comments app's "sent too
  fast" and "form expired" checks measure from the moment this reader got the page.
"""

import re

from django.core import signing
from django.middleware.csrf import _unmask_cipher_token, get_token

from comments.forms import form_timestamp, read_form_timestamp

CSRF_PLACEHOLDER = b"--carnet-csrf-token--"
MASKED_TOKEN_RE = re.compile(rb"\b[a-zA-Z0-9]{64}\b")
TIMESTAMP_RE = re.compile(rb'(name="timestamp" value=")([^"]+)(")')
PLACEHOLDER_RE = re.compile(rb"--carnet-(csrf-token|form-timestamp-(\d+))--")
CSRF_MARKER = "csrf"


def to_placeholders(request, content):
    """`content` with this reader's parts as placeholders; None if the page cannot be shared."""
    if PLACEHOLDER_RE.search(content):
        return None  # Someone wrote a placeholder (in a comment?): it must never become a token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        content = _csrf_to_placeholder(content, request.META.get("CSRF_COOKIE"))
        if CSRF_PLACEHOLDER not in content:
            return None  # A token went somewhere we cannot find: never share it.
    return TIMESTAMP_RE.sub(_timestamp_to_placeholder, content)


def split(content):
    """`content` (with placeholders) as a list of bytes and markers, so serving scans nothing."""
    parts, start = [], 0
    for match in PLACEHOLDER_RE.finditer(content):
        parts.append(content[start : match.start()])
        parts.append(CSRF_MARKER if match.group(2) is None else int(match.group(2)))
        start = match.end()
    parts.append(content[start:])
    return parts


def personalize(request, parts):
    """The cached page (from `split`) made this reader's: their CSRF token, a timestamp of now."""
    if len(parts) == 1:
        return parts[0]
    token = None
    out = []
    for part in parts:
        if isinstance(part, bytes):
            out.append(part)
        elif part == CSRF_MARKER:
            token = token or get_token(request).encode()
            out.append(token)
        else:
            out.append(_fresh_timestamp(part))
    return b"".join(out)


def _csrf_to_placeholder(content, secret):
    if not secret:
        return content

    def replace(match):
        same = _unmask_cipher_token(match.group(0).decode()) == secret
        return CSRF_PLACEHOLDER if same else match.group(0)

    return MASKED_TOKEN_RE.sub(replace, content)


def _timestamp_to_placeholder(match):
    try:
        post_pk, _shown_at = read_form_timestamp(match.group(2).decode())
    except signing.BadSignature:
        return match.group(0)
    placeholder = b"--carnet-form-timestamp-%d--" % post_pk
    return match.group(1) + placeholder + match.group(3)


def _fresh_timestamp(post_pk):
    return form_timestamp(post_pk).encode()
