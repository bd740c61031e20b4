"""What a URL of this site names, for activities that point at it: a local actor, a post or a
comment. Only published posts and approved comments are ever found."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from blog.models import Post
from comments.models import Comment, CommentStatus


def object_id(value):
    """The id of an ActivityStreams reference: a string, or an object's `id`."""
    if isinstance(value, dict):
        value = value.get("id")
    return value.strip() if isinstance(value, str) else ""


def _local_match(url):
    """The resolved view of `url` if it is an address of this site, else None."""
    site = urlsplit(settings.SITE_URL)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    try:
        return resolve(parts.path)
    except Resolver404:
        return None


def local_username(url):
    match = _local_match(url)
    if match is None or match.view_name != "fediverse:actor":
        return None
    return match.kwargs["username"]


def post_for_url(url):
    """The published post at `url`, or None."""
    match = _local_match(url)
    if match is None or match.view_name != "blog:post":
        return None
    return Post.objects.published().filter(slug=match.kwargs["slug"]).first()


def comment_for_url(url):
    """The approved comment (on a published post) at `url`, or None."""
    match = _local_match(url)
    if match is None or match.view_name != "comments:permalink":
        return None
    return (
        Comment.objects.filter(
            pk=match.kwargs["pk"],
            status=CommentStatus.APPROVED,
            post__in=Post.objects.published(),
        )
        .select_related("post")
        .first()
    )
