"""Template helpers of the discussion."""

from django import template
from django.db.models import Count
from django.urls import reverse

from comments.display import comment_page_url as _comment_page_url
from comments.forms import TIMESTAMP_PLACEHOLDER
from comments.models import Comment
from pagecache import placeholders

register = template.Library()


@register.simple_tag
def comment_page_url(post, number):
    """The address of `post`'s comment page `number` (page 1 is the post itself)."""
    return _comment_page_url(post, number)


@register.simple_tag(takes_context=True)
def comment_form_timestamp(context, form):
    """The value of `form`'s hidden timestamp: a placeholder the page cache fills (a timestamp
    of the reader's own through Django, a shared one in a page file), else one made now."""
    return placeholders.placeholder(context.get("request"), TIMESTAMP_PLACEHOLDER, form.post.pk)


@register.simple_tag
def post_comments_feed_url(post):
    """The address of `post`'s comments feed."""
    return reverse("blog:post_comments_feed", kwargs=post.date_kwargs())


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
