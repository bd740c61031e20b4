"""The parts of a page that belong to one reader, written by template tags as placeholders that
the page cache fills.

A template tag calls `placeholder(request, name, arg)`. On a request whose page the cache may
share (`share`), that returns a marker; on any other request, the reader's own value at once. The
cache stores the page with its markers, then fills them for each reader it serves through Django
(`fill(parts, request)`: the reader's CSRF token, a fresh form timestamp) or, for a page file
nginx serves to everyone, with a value good for anyone (`fill(parts)`).

Each app registers its placeholders (`register`) in its AppConfig.ready. A marker carries a key
derived from SECRET_KEY, so no text typed by a reader can ever become one.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.crypto import salted_hmac

SHARED_ATTRIBUTE = "page_cache_shared"
NAME_RE = re.compile(r"[a-z_]+\Z")
ARG_RE = re.compile(r"[0-9A-Za-z_]*\Z")


@dataclass(frozen=True)
class Filler:
    for_reader: Callable  # (request, arg) -> str: this reader's value
    shared: Callable  # (arg) -> str: a value good for every reader of a page file


_fillers = {}


def register(name, *, for_reader, shared):
    """Let templates write the placeholder `name`, filled by `for_reader(request, arg)` for one
    reader and by `shared(arg)` in a page every reader gets."""
    if not NAME_RE.match(name):
        raise ValueError(f"Placeholder name {name!r}: use lower-case letters and underscores.")
    _fillers[name] = Filler(for_reader, shared)


def share(request):
    """Mark `request` as one whose page may be shared: its tags write markers from now on."""
    setattr(request, SHARED_ATTRIBUTE, True)


def placeholder(request, name, arg=""):
    """What a template tag writes for `name`: a marker on a shared page, else the reader's value."""
    arg = str(arg)
    if not ARG_RE.match(arg):
        raise ValueError(f"Placeholder argument {arg!r}: use letters, digits and underscores.")
    if request is None or not getattr(request, SHARED_ATTRIBUTE, False):
        return _fillers[name].for_reader(request, arg)
    return f"--carnet-{_key()}:{name}:{arg}--"


def split(content):
    """`content` (bytes) as a list of bytes and (name, arg) markers, so filling scans nothing."""
    parts, start = [], 0
    for match in _marker_re().finditer(content):
        parts.append(content[start : match.start()])
        parts.append((match.group(1).decode(), match.group(2).decode()))
        start = match.end()
    parts.append(content[start:])
    return parts


def fill(parts, request=None):
    """The page of `parts` (from `split`) for `request`'s reader, or for everyone without one."""
    if len(parts) == 1:
        return parts[0]
    out, values = [], {}  # one value per marker and page: one token, one timestamp per form
    for part in parts:
        if isinstance(part, bytes):
            out.append(part)
            continue
        if part not in values:
            filler = _fillers[part[0]]
            value = (
                filler.shared(part[1]) if request is None else filler.for_reader(request, part[1])
            )
            values[part] = value.encode()
        out.append(values[part])
    return b"".join(out)


@lru_cache(maxsize=1)
def _key():
    return salted_hmac("pagecache.placeholders", "marker").hexdigest()[:16]


@lru_cache(maxsize=1)
def _marker_re():
    return re.compile(rb"--carnet-" + _key().encode() + rb":([a-z_]+):([0-9A-Za-z_]*)--")
