"""The pending-comments badge beside "Comments" in the admin's menu and dashboard."""

from django import template

from comments.queue import pending_count

register = template.Library()


@register.inclusion_tag("admin/comments/pending_badge.html", takes_context=True)
def pending_badge(context):
    """How many comments wait, for those who moderate them all (cached: no query when warm)."""
    from blog.roles import own_posts_only

    user = context["request"].user
    may_moderate = user.has_perm("comments.change_comment") and not own_posts_only(user)
    return {"count": pending_count() if may_moderate else 0}
