"""How threads are nested for display (depth limit, placeholders, own pending comments) and
flattened into rows for one template loop, with their values formatted once."""

from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from comments.display import AVATAR_SIZE, Discussion, load_discussion
from comments.models import CommentStatus
from images import avatars
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def outline(threads, indent=0):
    """The displayed threads as indented lines: author, or [deleted] for a placeholder."""
    lines = []
    for comment in threads:
        label = "[supprimé]" if comment.is_placeholder else comment.author_name
        lines.append("  " * indent + label)
        lines += outline(comment.replies, indent + 1)
    return lines


def test_an_imported_chain_deeper_than_the_limit_stops_nesting(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    post = PostFactory()
    parent = None
    for n in range(5):
        parent = CommentFactory(post=post, parent=parent, author_name=f"N{n}")
    assert outline(load_discussion(post).threads) == ["N0", "  N1", "    N2", "    N3", "    N4"]


def test_hidden_comments_with_visible_replies_become_placeholders():
    post = PostFactory()
    root = CommentFactory(post=post, author_name="Racine", status=CommentStatus.SPAM)
    middle = CommentFactory(post=post, parent=root, author_name="Milieu", status="trash")
    CommentFactory(post=post, parent=middle, author_name="Feuille")
    CommentFactory(post=post, parent=root, author_name="Cachée", status=CommentStatus.TRASH)
    discussion = load_discussion(post)
    assert outline(discussion.threads) == ["[supprimé]", "  [supprimé]", "    Feuille"]
    assert discussion.count == 1


def test_own_pending_comment_is_shown_only_to_its_author():
    post = PostFactory()
    root = CommentFactory(post=post, author_name="Bastien")
    mine = CommentFactory(post=post, parent=root, author_name="Moi", status="pending")
    assert outline(load_discussion(post).threads) == ["Bastien"]
    shown = load_discussion(post, pending_ids=[mine.pk]).threads
    assert outline(shown) == ["Bastien", "  Moi"]
    assert load_discussion(post, pending_ids=[mine.pk]).count == 1


def rendered_outline(rows):
    """The discussion's list as the browser nests it: one line per <li>, indented by depth,
    author or [supprimé]; fails on any tag left open or closed twice."""
    html = render_to_string(
        "comments/list.html", {"discussion": Discussion(count=0, page=None, rows=rows)}
    )
    names = {row["pk"]: row for row in rows}
    parser = _Outline(names)
    parser.feed(html)
    parser.close()
    assert parser.open_tags == [], parser.open_tags
    return parser.lines


class _Outline(HTMLParser):
    VOID = {"img", "br", "hr", "input", "meta", "link"}

    def __init__(self, rows_by_pk):
        super().__init__()
        self.rows_by_pk, self.open_tags, self.lines = rows_by_pk, [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if tag == "li":
            row = self.rows_by_pk[dict(attrs)["id"].removeprefix("comment-")]
            depth = self.open_tags.count("li")
            label = "[supprimé]" if row["placeholder"] else row["comment"].author_name
            self.lines.append("  " * depth + label)
        self.open_tags.append(tag)

    def handle_endtag(self, tag):
        assert self.open_tags and self.open_tags[-1] == tag, (tag, self.open_tags)
        self.open_tags.pop()


def test_flat_rows_render_the_same_nesting_as_the_threads(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    post = PostFactory()
    first = CommentFactory(post=post, author_name="A")
    chain = CommentFactory(post=post, parent=first, author_name="B")
    for name in "CDE":
        chain = CommentFactory(post=post, parent=chain, author_name=name)
    CommentFactory(post=post, parent=first, author_name="F")
    gone = CommentFactory(post=post, author_name="G", status=CommentStatus.TRASH)
    CommentFactory(post=post, parent=gone, author_name="H")
    CommentFactory(post=post, author_name="I")
    discussion = load_discussion(post)
    expected = ["A", "  B", "    C", "    D", "    E", "  F", "[supprimé]", "  H", "I"]
    assert outline(discussion.threads) == expected
    assert rendered_outline(discussion.rows) == expected
    markers = [
        (r["comment"].author_name, r["opens"], r["leaf"], len(r["closes"])) for r in discussion.rows
    ]
    assert markers == [
        ("A", False, False, 0),
        ("B", True, False, 0),
        ("C", True, True, 0),
        ("D", False, True, 0),
        ("E", False, True, 1),
        ("F", False, True, 1),
        ("G", False, False, 0),
        ("H", True, True, 1),
        ("I", False, True, 0),
    ]


def test_rows_hold_the_printed_values_formatted_once():
    post = PostFactory()
    moment = timezone.make_aware(datetime(2026, 3, 1, 16, 6, 7))  # Europe/Paris, UTC+1
    comment = CommentFactory(
        pk=12345,
        post=post,
        author_name="Anne <b>",
        author_email="Anne@Example.org",
        author_url="javascript:alert(1)",
        created_at=moment,
    )
    (row,) = load_discussion(post).rows
    assert row["pk"] == "12345"
    assert row["date_iso"] == "2026-03-01T16:06:07+0100"
    assert row["date_text"] == "1 mars 2026 à 16 h 06"
    assert row["author_name"] == "Anne &lt;b&gt;"
    assert row["reply_label"] == "Répondre à Anne &lt;b&gt;"
    assert row["author_url"] == ""
    assert row["avatar_url"] == avatars.avatar_url("anne@example.org", AVATAR_SIZE)
    assert row["comment"] == comment and row["approved"] and not row["pending"]


def test_dates_follow_the_active_language_and_time_zone():
    post = PostFactory()
    CommentFactory(post=post, created_at=timezone.make_aware(datetime(2026, 3, 1, 16, 6)))
    assert load_discussion(post).rows[0]["date_text"] == "1 mars 2026 à 16 h 06"
    with translation.override("en"), timezone.override(ZoneInfo("UTC")):
        (row,) = load_discussion(post).rows
    assert row["date_iso"] == "2026-03-01T15:06:00+0000"
    assert row["date_text"] == "March 1, 2026, 3:06 p.m."
