"""`{% fediverse_reactions post %}`: the likes and boosts a post received on the fediverse."""

from django import template
from django.db.models import Count, Q

from fediverse import conf
from fediverse.models import Reaction, ReactionKind

register = template.Library()


@register.inclusion_tag("fediverse/reactions.html")
def fediverse_reactions(post):
    """Nothing (and no query) while federation is off; else the two counts, in one query."""
    if not conf.settings.FEDIVERSE_ENABLED:
        return {"shown": False}
    counts = Reaction.objects.filter(post=post).aggregate(
        likes=Count("pk", filter=Q(kind=ReactionKind.LIKE)),
        shares=Count("pk", filter=Q(kind=ReactionKind.ANNOUNCE)),
    )
    return {"shown": bool(counts["likes"] or counts["shares"]), **counts}
