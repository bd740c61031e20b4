"""The periodic jobs: drain the cache's counters into daily rows, delete rows past retention."""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone

from blog.models import Post

from . import conf
from .counting import PREFIX, counter_key
from .models import DailyCount

# Days drained on each run: today, and the days before whose counters may still hold a late view.
DAYS_BACK = 2


def stats_flush():
    """Move every counter gathered in the cache into `DailyCount` rows; return views moved.

    A counter is decremented by what was written, after the write, so views counted meanwhile
    stay for the next run and none is lost or written twice.
    """
    today = timezone.localdate()
    moved = 0
    for back in range(DAYS_BACK, -1, -1):
        moved += _flush_day(today - timedelta(days=back))
    return moved


def stats_purge():
    """Delete the daily rows older than STATS_RETENTION; return how many went."""
    oldest = timezone.localdate() - conf.settings.STATS_RETENTION
    deleted, _ = DailyCount.objects.filter(day__lt=oldest).delete()
    return deleted


def stats_periodic():
    """The job `manage.py periodic` runs: flush, then purge."""
    stats_flush()
    stats_purge()


def _flush_day(day):
    slots = f"{PREFIX}:slots:{day.isoformat()}"
    total = cache.get(slots) or 0
    if not total:
        return 0
    names = cache.get_many([f"{slots}:{n}" for n in range(1, total + 1)])
    keys = {counter_key(day, *name): name for name in names.values()}
    counts = {key: value for key, value in cache.get_many(list(keys)).items() if value}
    if not counts:
        return 0
    _write(day, [(keys[key], value) for key, value in counts.items()])
    for key, value in counts.items():
        try:
            cache.decr(key, value)
        except ValueError:  # expired meanwhile: nothing left to keep
            pass
    return sum(counts.values())


@transaction.atomic
def _write(day, counted):
    posts = {}
    for (kind, label, path), value in counted:
        if path not in posts:
            posts[path] = post_at(path)
        post = posts[path]
        updated = DailyCount.objects.filter(day=day, kind=kind, label=label, post=post).update(
            count=F("count") + value
        )
        if not updated:
            DailyCount.objects.create(day=day, kind=kind, label=label, post=post, count=value)


def post_at(path):
    """The published post whose permalink is `path`, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "blog:post":
        return None
    return Post.objects.published().by_permalink(**match.kwargs)
