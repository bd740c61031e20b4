"""The site's content generation: one value in the shared cache, replaced on every public change.

A cached page is valid only while it carries the current generation, so one write invalidates every
page at once, on every app server sharing the cache. A new random value (not a counter) is used so
that two processes bumping at the same moment can never land on the same value.
"""

import secrets
import time

from django.core.cache import cache
from django.db import transaction

from . import conf, files

KEY = "pagecache:generation"


def new_value():
    return secrets.token_hex(8)


def current(value=None):
    """The current generation (`value` if the caller already fetched it), created if missing."""
    if value is None:
        value = cache.get(KEY)
    if value is None:
        cache.add(KEY, new_value(), timeout=None)
        value = cache.get(KEY)
    return value


def bump():
    """Invalidate every cached page and page file once the current transaction commits (at once
    outside one). The generation moves first: a file written meanwhile is then removed by its
    writer (files.write), or by the clearing that follows."""
    transaction.on_commit(_bump_now)


def _bump_now():
    cache.set(KEY, new_value(), timeout=None)
    files.clear()


def lifetime():
    """Seconds a cached page may live: the setting, cut short at the next scheduled publication."""
    seconds = conf.settings.PAGE_CACHE_SECONDS
    upcoming = next_publication()
    if upcoming is not None:
        seconds = min(seconds, int(upcoming - time.time()) + 1)
    return max(seconds, 1)


def next_publication():
    """When the next scheduled post or page appears (a timestamp), or None.

    Asked for every page stored and every memo computed, so it is kept per generation: saving a
    post or page bumps the generation, and a time that has passed is looked up again.
    """
    key = f"pagecache:next:{current()}"
    value = cache.get(key)
    if value is None or (value and value <= time.time()):
        value = _next_publication_from_database() or 0  # 0: nothing scheduled
        cache.set(key, value, timeout=conf.settings.PAGE_CACHE_SECONDS)
    return value or None


_schedules = []  # functions giving the next time (datetime or None) something scheduled appears


def register_schedule(next_time):
    """Let the pages expire when `next_time()` says something scheduled appears (apps call it
    in their AppConfig.ready: blog for its scheduled posts and pages)."""
    _schedules.append(next_time)


def _next_publication_from_database():
    times = [t for t in (next_time() for next_time in _schedules) if t is not None]
    return min(times).timestamp() if times else None


def memoize(name, compute):
    """`compute()`, computed once per generation and shared by every process and server.

    For what every page shows and costs a scan of whole tables (sidebar counts by category, tag
    or month): invalidated by the same changes as the pages. The value must pickle (a list, not
    a queryset). Computed afresh every time when the page cache is off (tests, debugging).
    """
    if not conf.settings.PAGE_CACHE_ENABLED:
        return compute()
    key = f"pagecache:memo:{name}:{current()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=lifetime())
    return value
