"""Turning WordPress's values (dates, slugs, names, statuses, comment HTML) into Carnet's."""

import html
import ipaddress
import re
from datetime import UTC, datetime
from urllib.parse import unquote

from django.utils import timezone
from django.utils.text import slugify

from blog.models import Status
from comments.models import CommentKind, CommentStatus

from . import conf

WP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
SHORTCODE_RE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)(?=[\s\]/])[^\]]*\]")

COMMENT_STATUSES = {
    "1": CommentStatus.APPROVED,
    "approve": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "hold": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
    "trash": CommentStatus.TRASH,
    "post-trashed": CommentStatus.TRASH,
}
COMMENT_KINDS = {
    "pingback": CommentKind.PINGBACK,
    "trackback": CommentKind.TRACKBACK,
    "webmention": CommentKind.WEBMENTION,
}


def wp_datetime(gmt, local):
    """An aware datetime from WordPress's GMT date, else its local date in the site's time zone.

    Returns None when neither can be read (drafts have `0000-00-00 00:00:00` as GMT date).
    """
    for value, zone in ((gmt, UTC), (local, timezone.get_default_timezone())):
        try:
            naive = datetime.strptime((value or "").strip(), WP_DATE_FORMAT)
        except ValueError:
            continue
        return timezone.make_aware(naive, zone)
    return None


def wp_format(moment, *, gmt):
    """`moment` as WordPress writes dates, in UTC or in the site's time zone."""
    zone = UTC if gmt else timezone.get_default_timezone()
    return timezone.localtime(moment, zone).strftime(WP_DATE_FORMAT)


def slug_from(nicename, fallback, max_length=200):
    """WordPress's slug (percent-encoded when not ASCII) decoded, or one made from `fallback`."""
    slug = unquote(nicename or "").strip().lower()
    slug = slugify(slug, allow_unicode=True) if slug else ""
    if not slug:
        slug = slugify(html.unescape(fallback or ""), allow_unicode=True)
    return slug[:max_length]


def text(value, max_length=None):
    """A name or title with its HTML entities decoded (WordPress stores `&amp;`, `&#8217;`…)."""
    value = html.unescape(value or "").strip()
    return value[:max_length] if max_length else value


def post_status(item):
    """(Carnet status, reason it was downgraded or None) for a post or page's WordPress status."""
    if item.password:
        return Status.DRAFT, "password"
    if item.status in ("publish", "future"):
        return Status.PUBLISHED, None
    if item.status == "private":
        return Status.DRAFT, "private"
    return Status.DRAFT, None


def shortcodes(body):
    """The names of the shortcodes WordPress would have rendered in `body` (Carnet shows them)."""
    names = {match.group(2).lower() for match in SHORTCODE_RE.finditer(body or "")}
    return sorted(names & conf.settings.WORDPRESS_SHORTCODES)


def comment_status(approved):
    return COMMENT_STATUSES.get(approved, CommentStatus.PENDING)


def comment_kind(wp_type):
    return COMMENT_KINDS.get(wp_type, CommentKind.COMMENT)


def ip_or_none(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def url_or_blank(value, max_length=500):
    value = (value or "").strip()
    if len(value) > max_length or not value.lower().startswith(("http://", "https://")):
        return ""
    return value


