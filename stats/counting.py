"""Counting page views in the cache: the rules for what counts, the visitor hash, the counters.

Nothing here touches the database. A view adds to counters in the default cache (Redis in
production, so every worker shares them); `flush.stats_flush` drains them into daily rows.

The visitor hash is sha256 of (daily salt, IP address, User-Agent, SECRET_KEY, day). The salt is
random, lives only in the cache and expires two days later, so once it is gone nobody (the site's
owner included) can link a hash back to an address or follow a reader from one day to the next.
Neither the address, the User-Agent nor the hash is ever written to the database, and no cookie
is set: this is what the CNIL's audience-measurement exemption asks for.

Each address (an IPv6 /64 as one) gets at most `STATS_ADDRESS_LIMIT` counted views and clicks
per `STATS_ADDRESS_WINDOW`, keyed on a salted hash of the address: a script that changes its
User-Agent at every request cannot inflate the counts past that.

Redis increments atomically; the file cache (no REDIS_URL) reads then writes, so under a crowd of
simultaneous readers a few views may be lost there, never added.
"""

import functools
import hashlib
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from comments.addresses import client_key

from . import conf
from .models import Kind

PREFIX = "stats"
# Counters outlive their day long enough for a late flush; salts and visitor marks as long.
KEEP = timedelta(days=3)
# Headers a browser sends when it fetches a page the reader has not (yet) opened.
PREVIEW_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
PREVIEW_WORDS = ("prefetch", "prerender", "preview")


def is_countable(request):
    """True unless the request comes from a robot, a preview or prefetch, or the site's staff."""
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    if not agent or any(word in agent for word in conf.settings.STATS_CRAWLER_WORDS):
        return False
    for header in PREVIEW_HEADERS:
        value = request.META.get(header, "").lower()
        if any(word in value for word in PREVIEW_WORDS):
            return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def _salt(request, day):
    """The day's salt, read once per request (each read is a round trip to Redis)."""
    remembered = getattr(request, "_stats_salt", None)
    if remembered is not None and remembered[0] == day:
        return remembered[1]
    salt_key = f"{PREFIX}:salt:{day.isoformat()}"
    salt = cache.get(salt_key)
    if salt is None:  # the day's first reader: whoever adds first sets it for every worker
        cache.add(salt_key, secrets.token_hex(16), _seconds(KEEP))
        salt = cache.get(salt_key, "")
    request._stats_salt = (day, salt)
    return salt


def visitor_hash(request, day):
    """The reader's anonymous mark for `day`: unlinkable once that day's salt has expired."""
    raw = "|".join(
        (
            _salt(request, day),
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_USER_AGENT", ""),
            settings.SECRET_KEY,
            day.isoformat(),
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()


def clean_path(value):
    """The page path the script sent, if it names a reader's page of this site; else None.

    Sign-in, account and admin pages are not audience: they are never counted."""
    limit = conf.settings.STATS_MAX_LABEL_LENGTH
    if not value or not value.startswith("/") or value.startswith("//") or len(value) > limit:
        return None
    if value.startswith(_private_prefixes()):
        return None
    try:
        resolve(value)
    except Resolver404:
        return None
    return value


def record_view(request, *, path, referrer="", search=""):
    """Count one view of `path`; False when it does not count (robot, staff, reload…)."""
    if not conf.settings.STATS_ENABLED or not is_countable(request):
        return False
    day = timezone.localdate()
    visitor = visitor_hash(request, day)
    window = _seconds(conf.settings.STATS_RELOAD_WINDOW)
    if not cache.add(f"{PREFIX}:seen:{visitor}:{_digest(path)}", 1, window):
        return False
    if not within_address_limit(request, day):
        return False
    bump(day, Kind.SITE_VIEWS, "", "")
    bump(day, Kind.PAGE_VIEWS, path, path)
    if cache.add(f"{PREFIX}:visitor:{day.isoformat()}:{visitor}", 1, _seconds(KEEP)):
        bump(day, Kind.SITE_VISITORS, "", "")
    if cache.add(
        f"{PREFIX}:pvisitor:{day.isoformat()}:{visitor}:{_digest(path)}", 1, _seconds(KEEP)
    ):
        bump(day, Kind.PAGE_VISITORS, path, path)
    _record_referrer(request, day, path, referrer)
    words = _words(search)
    if words:
        bump(day, Kind.SEARCH_SITE, words, path)
    return True


def record_outbound(request, *, path, url):
    """Count one click from `path` to the outside `url`, as its host; False when not counted."""
    if not conf.settings.STATS_ENABLED or not is_countable(request):
        return False
    host = _host(url)
    if not host or host == _own_host(request):
        return False
    day = timezone.localdate()
    if not within_address_limit(request, day):
        return False
    bump(day, Kind.OUTBOUND, host, path)
    return True


def within_address_limit(request, day):
    """Count one more hit from the request's address; False once past its limit for the window.

    The key is a hash of the day's salt and the address, so the cache holds no address either.
    """
    window = _seconds(conf.settings.STATS_ADDRESS_WINDOW)
    address = client_key(request.META.get("REMOTE_ADDR", ""))
    slot = int(timezone.now().timestamp()) // window
    key = f"{PREFIX}:rate:{slot}:{_digest(_salt(request, day) + chr(0) + address)}"
    try:
        hits = cache.incr(key)
    except ValueError:  # the window's first hit (or a race with another worker's first)
        hits = 1 if cache.add(key, 1, window) else cache.incr(key)
    return hits <= conf.settings.STATS_ADDRESS_LIMIT


def _record_referrer(request, day, path, referrer):
    host = _host(referrer)
    if not host or host == _own_host(request):
        return
    bump(day, Kind.REFERRER, host, path)
    for engine, parameter in conf.settings.STATS_SEARCH_ENGINES.items():
        if engine in host:
            query = parse_qs(urlsplit(referrer).query).get(parameter, [""])[0]
            words = _words(query)
            if words:
                bump(day, Kind.SEARCH_ENGINE, words, path)
            return


def bump(day, kind, label, path):
    """Add one to the counter (day, kind, label, path), registering it for the flush if new."""
    key = counter_key(day, kind, label, path)
    try:  # the usual case, in one round trip: the counter exists already
        cache.incr(key)
        return
    except ValueError:
        pass
    if cache.add(key, 1, _seconds(KEEP)):
        slots = f"{PREFIX}:slots:{day.isoformat()}"
        cache.add(slots, 0, _seconds(KEEP))
        try:
            number = cache.incr(slots)
        except ValueError:  # expired between add() and incr()
            cache.set(slots, 1, _seconds(KEEP))
            number = 1
        cache.set(f"{slots}:{number}", (kind, label, path), _seconds(KEEP))
    else:  # another worker created it meanwhile
        bump(day, kind, label, path)


def counter_key(day, kind, label, path):
    return f"{PREFIX}:count:{day.isoformat()}:{kind}:{_digest(label + chr(0) + path)}"


def _words(text):
    words = " ".join((text or "").lower().split())
    return words[: conf.settings.STATS_MAX_LABEL_LENGTH]


def _host(url):
    try:
        host = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")[: conf.settings.STATS_MAX_LABEL_LENGTH]


def _own_host(request):
    return _host(f"//{request.get_host()}")


@functools.cache
def _private_prefixes():
    account = reverse("account_login").rstrip("/").rsplit("/", 1)[0] + "/"
    return (reverse("admin:index"), account)


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _seconds(delta):
    return int(delta.total_seconds())
