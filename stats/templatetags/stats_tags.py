"""{% stats_beacon %}: the counting script, the same for every reader (cached pages included)."""

from django import template

from stats import conf

register = template.Library()


@register.inclusion_tag("stats/beacon.html", takes_context=True)
def stats_beacon(context):
    request = context.get("request")
    return {"enabled": conf.settings.STATS_ENABLED, "path": request.path if request else "/"}
