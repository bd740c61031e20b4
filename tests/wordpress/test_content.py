"""WordPress values turned into Carnet's: dates, slugs, statuses, comment HTML, shortcodes."""

from datetime import UTC, datetime

from blog.models import Status
from comments.models import CommentKind, CommentStatus
from wordpress import content
from wordpress.wxr import Item


def test_dates_prefer_gmt_then_the_site_time_zone():
    assert content.wp_datetime("2012-01-07 14:07:21", "2012-01-07 07:07:21") == datetime(
        2012, 1, 7, 14, 7, 21, tzinfo=UTC
    )
    # Drafts have no GMT date: the local one, in Paris (UTC+1 in winter).
    local = content.wp_datetime("0000-00-00 00:00:00", "2013-01-09 11:20:39")
    assert local == datetime(2013, 1, 9, 10, 20, 39, tzinfo=UTC)
    assert content.wp_datetime("", "n’importe quoi") is None


def test_slugs_are_decoded_or_made_from_the_title():
    assert content.slug_from("%e6%97%a5%e6%9c%ac", "x") == "日本"
    assert content.slug_from("", "Brouillon d’été") == "brouillon-dété"
    assert content.slug_from("Déjà-Vu", "") == "déjà-vu"


def test_statuses():
    assert content.post_status(Item(wp_id=1, status="publish")) == (Status.PUBLISHED, None)
    assert content.post_status(Item(wp_id=1, status="future")) == (Status.PUBLISHED, None)
    assert content.post_status(Item(wp_id=1, status="pending")) == (Status.DRAFT, None)
    assert content.post_status(Item(wp_id=1, status="private")) == (Status.DRAFT, "private")
    protected = Item(wp_id=1, status="publish", password="secret")
    assert content.post_status(protected) == (Status.DRAFT, "password")


def test_comment_states_and_kinds():
    assert [content.comment_status(v) for v in ("1", "0", "spam", "trash", "post-trashed")] == [
        CommentStatus.APPROVED,
        CommentStatus.PENDING,
        CommentStatus.SPAM,
        CommentStatus.TRASH,
        CommentStatus.TRASH,
    ]
    assert [content.comment_kind(v) for v in ("", "comment", "pingback", "trackback")] == [
        CommentKind.COMMENT,
        CommentKind.COMMENT,
        CommentKind.PINGBACK,
        CommentKind.TRACKBACK,
    ]


def test_shortcodes_known_to_wordpress_only():
    body = "[caption id='1']<img>[/caption] [gallery ids=\"1,2\"] [sic] [1]"
    assert content.shortcodes(body) == ["caption", "gallery"]


def test_names_decode_entities():
    assert content.text("Ping 1 &laquo; What&#8217;s up") == "Ping 1 « What’s up"
