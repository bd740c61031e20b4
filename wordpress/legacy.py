"""Where WordPress's old addresses lead now: one function per kind of old link, no rendering."""

import re
from datetime import datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from blog.models import Category, Page, Post, Tag
from comments.models import Comment

from .models import Attachment, ImportedAuthor

ARCHIVE_RE = re.compile(r"^(?P<year>[0-9]{4})(?P<month>[0-9]{2})?(?P<day>[0-9]{2})?$")
POST_PATH_RE = re.compile(r"^/(?P<date>[0-9]{4}/[0-9]{2}/[0-9]{2})/(?P<slug>[^/]+)/$")
COMMENT_PATH_RE = re.compile(r"^/comment/(?P<number>[0-9]{1,18})/$")
FEEDS = {
    "": "blog:feed",
    "rss": "blog:feed",
    "rss2": "blog:feed",
    "rdf": "blog:feed",
    "atom": "blog:feed_atom",
    "comments-rss2": "comments:feed",
    "comments-atom": "comments:feed",
}


def query_target(params):
    """The address for WordPress's `/?p=…`-style links, or None when `params` are not one.

    Raises Http404 when the parameter is WordPress's but names nothing here.
    """
    for name, resolve in QUERY_RESOLVERS:
        if name in params:
            target = resolve(params[name].strip())
            if target is None:
                raise Http404
            return target
    return None


def missing_path_target(path):
    """A second chance for an address that found nothing, or None.

    A post's date in its address may differ by a day when WordPress's time zone was not Carnet's;
    a comment whose WordPress number was taken here answers to its old number too.
    """
    if match := POST_PATH_RE.match(path):
        return _imported_post_a_day_away(match)
    elif match := COMMENT_PATH_RE.match(path):
        comment = Comment.objects.public().filter(wp_id=int(match["number"])).first()
        if comment and comment.pk != comment.wp_id:
            return comment.get_absolute_url()
    return None


def _imported_post_a_day_away(match):
    """An imported post whose WordPress date, in WordPress's time zone, was a day off ours."""
    try:
        day = datetime.strptime(match["date"], "%Y/%m/%d").date()
    except ValueError:
        return None
    post = Post.objects.published().filter(slug=match["slug"], wp_id__isnull=False).first()
    if post is None:
        return None
    if abs((timezone.localdate(post.published_at) - day).days) == 1:
        return post.get_absolute_url()
    return None


def attachment_target(attachment):
    """An attachment's page: its post when public, else the file itself."""
    if attachment.post and attachment.post.is_public:
        return attachment.post.get_absolute_url()
    return attachment.file_url


def _wp_id(value):
    """A WordPress id from a query parameter, or None (`²` is a digit to isdigit(), not to int())."""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def _post(value):
    if (wp_id := _wp_id(value)) is None:
        return None
    for model in (Post, Page):
        found = model.objects.published().filter(wp_id=wp_id).first()
        if found:
            return found.get_absolute_url()
    return _attachment(value)


def _page(value):
    wp_id = _wp_id(value)
    page = Page.objects.published().filter(wp_id=wp_id).first() if wp_id is not None else None
    return page.get_absolute_url() if page else None


def _category(value):
    wp_id = _wp_id(value)
    category = Category.objects.filter(wp_id=wp_id).first() if wp_id is not None else None
    return category.get_absolute_url() if category else None


def _tag(value):
    tag = Tag.objects.filter(slug=value).first() if value else None
    return tag.get_absolute_url() if tag else None


def _attachment(value):
    if (wp_id := _wp_id(value)) is None:
        return None
    attachment = Attachment.objects.select_related("post").filter(wp_id=wp_id).first()
    return attachment_target(attachment) if attachment else None


def _author(value):
    if (wp_id := _wp_id(value)) is None:
        return None
    author = ImportedAuthor.objects.select_related("user").filter(wp_id=wp_id).first()
    if author is None or not author.user.is_active:
        return None
    return reverse("blog:author", kwargs={"username": author.user.get_username()})


def _feed(value):
    name = FEEDS.get(value)
    return reverse(name) if name else None


def _archive(value):
    match = ARCHIVE_RE.match(value)
    if not match:
        return None
    kwargs = {k: v for k, v in match.groupdict().items() if v}
    return reverse({1: "blog:year", 2: "blog:month", 3: "blog:day"}[len(kwargs)], kwargs=kwargs)


QUERY_RESOLVERS = [
    ("attachment_id", _attachment),
    ("p", _post),
    ("page_id", _page),
    ("cat", _category),
    ("tag", _tag),
    ("author", _author),
    ("feed", _feed),
    ("m", _archive),
]
