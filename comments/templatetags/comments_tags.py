"""Template helpers of the discussion."""

from django import template
from django.urls import reverse

from comments.display import comment_page_url as _comment_page_url

register = template.Library()


@register.simple_tag
def comment_page_url(post, number):
    """The address of `post`'s comment page `number` (page 1 is the post itself)."""
    return _comment_page_url(post, number)


@register.simple_tag
def post_comments_feed_url(post):
    """The address of `post`'s comments feed."""
    return reverse("blog:post_comments_feed", kwargs=post.date_kwargs())
