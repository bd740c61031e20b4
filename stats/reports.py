"""What the statistics page shows: sums of daily rows over a period, for one reader of the admin.

Staff who are not "own posts only" authors see the whole site; an author sees their own posts.
"""

from datetime import timedelta

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from blog.roles import own_posts_only

from . import conf
from .models import DailyCount, Kind

GRAINS = {"day": _("Day"), "week": _("Week"), "month": _("Month")}


def rows_for(user, *, post=None):
    """The daily rows `user` may read (all, or their own posts'), narrowed to `post` if given."""
    rows = DailyCount.objects.all()
    if own_posts_only(user):
        rows = rows.filter(post__author=user)
    if post is not None:
        rows = rows.filter(post=post)
    return rows


def post_shown(user, pk):
    """The post whose figures `user` asked for (`?post=pk`), if they may see them; else None."""
    if not pk or not str(pk).isdigit():
        return None
    posts = Post.objects.filter(pk=pk)
    if own_posts_only(user):
        posts = posts.filter(author=user)
    return posts.only("title").first()


def whole_site(user, post):
    """True when the site-wide totals apply (staff, no post chosen); else the pages' sums."""
    return post is None and not own_posts_only(user)


def series(rows, *, start, end, grain, site):
    """[(bucket start, views, visitors)] for every bucket from `start` to `end`, zeros included."""
    views, visitors = (
        (Kind.SITE_VIEWS, Kind.SITE_VISITORS) if site else (Kind.PAGE_VIEWS, Kind.PAGE_VISITORS)
    )
    sums = (
        rows.filter(day__range=(start, end), kind__in=(views, visitors))
        .values_list("day", "kind")
        .annotate(total=Sum("count"))
        .order_by()
    )
    buckets = {bucket: [0, 0] for bucket in _buckets(start, end, grain)}
    for day, kind, total in sums:
        buckets[bucket_of(day, grain)][0 if kind == views else 1] += total
    return [(bucket, pair[0], pair[1]) for bucket, pair in buckets.items()]


def top_posts(rows, *, start, end):
    """[(post, views)] most read first, over the period."""
    limit = conf.settings.STATS_TOP_ITEMS
    sums = list(
        rows.filter(day__range=(start, end), kind=Kind.PAGE_VIEWS, post__isnull=False)
        .values_list("post")
        .annotate(total=Sum("count"))
        .order_by("-total", "post")[:limit]
    )
    posts = Post.objects.only("title", "slug", "published_at").in_bulk([pk for pk, _ in sums])
    return [(posts[pk], total) for pk, total in sums if pk in posts]


def top_labels(rows, *, start, end, kind):
    """[(label, count)] of `kind` (referrer hosts, search words, outbound hosts), biggest first."""
    return list(
        rows.filter(day__range=(start, end), kind=kind)
        .values_list("label")
        .annotate(total=Sum("count"))
        .order_by("-total", "label")[: conf.settings.STATS_TOP_ITEMS]
    )


def bucket_of(day, grain):
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def _buckets(start, end, grain):
    day = bucket_of(start, grain)
    while day <= end:
        yield day
        day = (
            (day + timedelta(days=32)).replace(day=1)
            if grain == "month"
            else day + timedelta(days=7 if grain == "week" else 1)
        )
