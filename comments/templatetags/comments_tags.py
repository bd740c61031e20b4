"""Template helpers of the discussion."""

from django import template
from django.db.models import Count
from django.urls import reverse

from comments.display import comment_page_url as _comment_page_url
from comments.models import Comment

register = template.Library()


@register.simple_tag
def comment_page_url(post, number):
    """The address of `post`'s comment page `number` (page 1 is the post itself)."""
    return _comment_page_url(post, number)


@register.simple_tag
def post_comments_feed_url(post):
    """The address of `post`'s comments feed."""
    return reverse("comments:post_comments_feed", kwargs=post.date_kwargs())


@register.simple_tag
def comment_counts(posts):
    """{post pk: approved comments} for the posts of a list, in one query."""
    pks = [post.pk for post in posts]
    if not pks:
        return {}
    rows = Comment.objects.public().filter(post__in=pks).order_by().values("post")
    rows = rows.annotate(n=Count("id"))  # order_by(): the tree's ordering would split groups
    return {row["post"]: row["n"] for row in rows}


@register.filter
def count_for(counts, post):
    """`post`'s number in `counts` (from `comment_counts`), 0 when it has none."""
    return counts.get(post.pk, 0)
