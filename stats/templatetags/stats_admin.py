"""{% post_statistics post %}: a post's own curve over the last 30 days, on its change page."""

from datetime import timedelta

from django import template
from django.utils import timezone

from stats import reports
from stats.chart import chart

register = template.Library()


@register.inclusion_tag("admin/stats/post_statistics.html", takes_context=True)
def post_statistics(context, post):
    end = timezone.localdate()
    start = end - timedelta(days=29)
    rows = reports.rows_for(context["request"].user, post=post)
    points = reports.series(rows, start=start, end=end, grain="day", site=False)
    return {
        "post": post,
        "points": points,
        "chart": chart(points),
        "totals": (sum(p[1] for p in points), sum(p[2] for p in points)),
        "grain_label": reports.GRAINS["day"],
    }
