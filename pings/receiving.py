"""What receiving pingbacks and webmentions share: which post a target URL names, the abuse
limits, checking that a source page really links to the target, and storing the ping.

The protocol modules (pingback.py, webmention.py) turn the `PingRejected`s raised here into their
own answers (fault codes, HTTP statuses).
"""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from comments.addresses import client_key, host_key
from comments.exceptions import CommentRejected, Duplicate
from comments.models import Comment
from comments.services import comment_create, comment_delete
from core import outbound

from . import conf
from .html import UnreadablePage, excerpt, find_link, normalize, read_page

MAX_URL_LENGTH = 500  # Comment.author_url's length: a longer source could not be stored.
HTML_TYPES = {"text/html", "application/xhtml+xml"}


class PingRejected(Exception):  # noqa: N818 (as CommentRejected: a refusal, not a bug)
    """A ping that cannot be accepted; `message` tells the sender why (French, English msgid)."""

    message = _("The ping could not be accepted.")
    status_code = 400

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(str(self.message))


class SameURL(PingRejected):
    message = _("The source and the target are the same page.")


class InvalidSource(PingRejected):
    message = _("The source must be an http or https address of at most 500 characters.")


class InvalidTarget(PingRejected):
    message = _("The target must be the address of a post on this site.")


class NoSuchPost(PingRejected):
    message = _("The target is not a published post of this site.")


class PingsClosed(PingRejected):
    message = _("This post does not accept pings.")


class AlreadyRegistered(PingRejected):
    message = _("A ping from this source is already registered on this post.")


class TooManyPings(PingRejected):
    status_code = 429
    message = _("Too many pings: try again in an hour.")


class SourceUnreachable(PingRejected):
    """One message for every fetch failure, so the answer tells nothing about other hosts."""

    message = _("The source could not be fetched.")


class SourceTooSlow(SourceUnreachable):
    """The source did not answer within the deadline given."""


class SourceGone(SourceUnreachable):
    """The source answered 410 Gone: a ping it made must be withdrawn."""


class NoLink(PingRejected):
    message = _("The source does not contain a link to the target.")


@dataclass(frozen=True)
class SourcePage:
    title: str
    excerpt: str


def request_too_large(request, limit=0):
    """True when the request announces a body over the cap (PINGS_MAX_REQUEST_BYTES or `limit`,
    whichever is larger), or no usable length at all."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    limit = max(limit, conf.settings.PINGS_MAX_REQUEST_BYTES)
    return not (length.isascii() and length.isdigit()) or len(length) > 12 or int(length) > limit


def check_urls(source, target):
    """Raise `InvalidSource`, `InvalidTarget` or `SameURL` unless both are usable http(s) URLs."""
    for url, error in ((source, InvalidSource), (target, InvalidTarget)):
        if not isinstance(url, str) or len(url) > MAX_URL_LENGTH or "\x00" in url:
            raise error
        try:
            outbound.check_url(url)
        except outbound.Refused:
            raise error from None
    if normalize(source) == normalize(target):
        raise SameURL


def post_for_target(target, *, request=None):
    """The published post `target` is the permalink of, pings open; else a `PingRejected`.

    `target` must be on this site: SITE_URL's host or the host the request came to (either
    scheme, since links written before a move to https still name the same post).
    """
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. "http://[::1": not a URL at all
        raise InvalidTarget from None
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    if request is not None:
        hosts.add(request.get_host().lower())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        raise InvalidTarget
    path = unquote(parts.path or "/")
    if "\x00" in path:
        raise NoSuchPost
    try:
        match = resolve(path)
    except Resolver404:
        raise NoSuchPost from None
    if match.view_name != "blog:post":
        raise NoSuchPost
    post = Post.objects.published().by_permalink(**match.kwargs)
    if post is None:
        raise NoSuchPost
    if not post.pings_open:
        raise PingsClosed
    return post


def count_against_limits(*, ip_address=None, source=None):
    """Count one ping for the client address and/or the source host; `TooManyPings` past a limit.

    Counters live in the default cache (Redis or files in production), so every worker shares them,
    keyed on the canonical address (comments/addresses.py): no spelling of a host multiplies them.
    """
    window = conf.settings.PINGS_RATE_WINDOW_SECONDS
    counters = []
    if ip_address:
        counters.append((f"pings:ip:{client_key(ip_address)}", conf.settings.PINGS_PER_IP))
    if source:
        _scheme, host, _port = outbound.check_url(source)
        counters.append((f"pings:host:{host_key(host)}", conf.settings.PINGS_PER_SOURCE_HOST))
    for key, limit in counters:
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr(): this ping opens a new window
            cache.set(key, 1, window)
            count = 1
        if count > limit:
            raise TooManyPings


def registered(post, source, kind):
    """The pings of `kind` already stored on `post` from `source` (whatever their status)."""
    return Comment.objects.filter(post=post, kind=kind, author_url=source)


@contextmanager
def verification_slot():
    """Take one of the PINGS_VERIFY_IN_FLIGHT slots shared by every worker (cache keys); yield
    True while it is held, or False at once when all are taken.

    A slot expires by itself if its worker dies mid-verification, so none is lost for long.
    """
    expiry = conf.settings.PINGS_VERIFY_INLINE_SECONDS + 10
    token = secrets.token_hex(8)
    for number in range(conf.settings.PINGS_VERIFY_IN_FLIGHT):
        key = f"pings:verifying:{number}"
        if cache.add(key, token, expiry):
            break
    else:
        yield False
        return
    try:
        yield True
    finally:
        if cache.get(key) == token:
            cache.delete(key)


def verify_source(source, target, *, timeout=None):
    """Fetch `source` (within `timeout` seconds, default OUTBOUND_FETCH_TIMEOUT) and return its
    `SourcePage` if it links to `target`.

    Raises `SourceGone` (410), `SourceTooSlow` (deadline passed), `SourceUnreachable` (any
    other failure, a charset that is not a text encoding included) or `NoLink`.
    """
    try:
        response = outbound.fetch(source, headers={"Accept": "text/html"}, timeout=timeout)
    except outbound.FetchTimeout:
        raise SourceTooSlow from None
    except outbound.FetchFailed:
        raise SourceUnreachable from None
    if response.status == 410:
        raise SourceGone
    if not 200 <= response.status < 300:
        raise SourceUnreachable
    if response.content_type not in HTML_TYPES:
        raise NoLink
    try:
        page = read_page(response.body, url=response.url, charset=response.charset)
    except UnreadablePage:
        raise SourceUnreachable from None
    found = find_link(page, target)
    if found is None:
        raise NoLink
    title = page.title or urlsplit(source).hostname
    return SourcePage(title=title[:100], excerpt=excerpt(page.text, *found))


def store_ping(*, post, source, page, kind, ip_address=None, user_agent=""):
    """Store the ping as a comment of `kind` (moderated as the comment rules say)."""
    try:
        return comment_create(
            post=post,
            author_name=page.title,
            author_url=source,
            body=page.excerpt,
            ip_address=ip_address,
            user_agent=user_agent,
            kind=kind,
        )
    except Duplicate:
        raise AlreadyRegistered from None
    except CommentRejected as error:
        raise PingRejected(error.message) from None


def withdraw(*, post, source, kind):
    """Remove the pings of `kind` from `source` on `post`; return how many there were."""
    pings = list(registered(post, source, kind))
    for comment in pings:
        comment_delete(comment=comment)
    return len(pings)
