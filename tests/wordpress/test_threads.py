"""ThreadWriter: imported comments as nested sets, replies by date, keys kept when free."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, CommentKind, CommentStatus
from tests.comments.trees import assert_nested_sets_valid
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory
from wordpress import wxr
from wordpress.report import ImportReport, Kind, Note
from wordpress.threads import ThreadWriter

# Keys are asserted (a comment keeps its WordPress number when free): every test starts with the
# key sequences at 1, on PostgreSQL too.
pytestmark = pytest.mark.django_db(transaction=True, reset_sequences=True)


def record(wp_id, parent=None, day=1, **fields):
    """A comment as the WXR reader gives it, written on November `day`, 2024 (GMT)."""
    return wxr.Comment(
        wp_id=wp_id,
        parent_wp_id=parent,
        author=fields.pop("author", f"Auteur {wp_id}"),
        date_gmt=f"2024-11-{day:02d} 10:00:00",
        content=fields.pop("content", f"Texte {wp_id}"),
        **fields,
    )


def write(threads, users=None):
    report = ImportReport()
    writer = ThreadWriter(report, users or {})
    writer.write(threads)
    writer.finish()
    return report, writer


def tree(subject):
    """The subject's threads as indented "wp_id:pk" lines, trees in tree_id order."""
    rows = Comment.objects.about(subject).order_by("tree_id", "lft")
    return "\n".join(f"{'  ' * c.level}{c.wp_id}:{c.pk}" for c in rows)


def test_replies_are_ordered_by_date_whatever_the_file_order():
    post = PostFactory()
    report, _writer = write(
        [
            (
                post,
                [
                    record(30, parent=10, day=5),
                    record(20, day=2),
                    record(11, parent=10, day=4),
                    record(10, day=3),
                    record(12, parent=11, day=6),
                ],
            )
        ]
    )
    assert tree(post) == "20:20\n10:10\n  11:11\n    12:12\n  30:30"
    assert_nested_sets_valid()
    assert report.created[CommentKind.COMMENT] == 5
    assert dict(report.notes) == {}


def test_new_threads_are_numbered_after_the_trees_in_use():
    earlier = CommentFactory()
    post = PostFactory()
    write([(post, [record(5), record(6, day=2)])])
    tree_ids = list(
        Comment.objects.about(post).order_by("tree_id").values_list("tree_id", flat=True)
    )
    assert tree_ids == [earlier.tree_id + 1, earlier.tree_id + 2]
    assert_nested_sets_valid()


def test_two_posts_in_one_batch_and_a_second_batch_keep_counting():
    first, second, page = PostFactory(), PostFactory(), PageFactory()
    _report, writer = write([(first, [record(1)]), (second, [record(2), record(3, parent=2)])])
    writer.write([(page, [record(4)])])
    rows = Comment.objects.order_by("tree_id")
    assert [(c.wp_id, c.tree_id) for c in rows if c.parent_id is None] == [(1, 1), (2, 2), (4, 3)]
    assert Comment.objects.get(wp_id=4).page == page
    assert tree(second) == "2:2\n  3:3"
    assert_nested_sets_valid()


def test_a_comment_listed_twice_is_imported_once():
    post = PostFactory()
    report, _writer = write([(post, [record(1), record(1)]), (PostFactory(), [record(1)])])
    assert Comment.objects.count() == 1
    assert report.created[CommentKind.COMMENT] == 1


def test_comments_imported_before_are_counted_and_left_alone():
    post = PostFactory()
    write([(post, [record(1), record(2, parent=1, day=2)])])
    report, _writer = write([(post, [record(1), record(2, parent=1, day=2), record(3, day=3)])])
    assert report.existing[Kind.COMMENT] == 2
    assert report.created[CommentKind.COMMENT] == 1
    assert tree(post) == "1:1\n  2:2\n3:3"


def test_a_new_reply_to_an_imported_comment_joins_its_thread_with_its_own_replies():
    post = PostFactory()
    write([(post, [record(1), record(2, day=2)])])
    report, _writer = write(
        [
            (
                post,
                [
                    record(4, parent=1, day=5),
                    record(5, parent=1, day=6),
                    record(9, parent=4, day=9),
                    record(6, parent=4, day=7),
                    record(8, parent=6, day=10),
                    record(7, day=8),
                ],
            )
        ]
    )
    assert tree(post) == "1:1\n  4:4\n    6:6\n      8:8\n    9:9\n  5:5\n2:2\n7:7"
    assert_nested_sets_valid()
    assert report.created[CommentKind.COMMENT] == 6


def test_a_new_reply_on_another_post_does_not_graft_here():
    first, second = PostFactory(), PostFactory()
    write([(first, [record(1)]), (second, [record(2)])])
    write([(first, [record(3, parent=1, day=2)]), (second, [record(4, parent=2, day=2)])])
    assert tree(first) == "1:1\n  3:3"
    assert tree(second) == "2:2\n  4:4"
    assert_nested_sets_valid()


def test_a_reply_whose_parent_is_missing_starts_a_thread_and_is_noted():
    post = PostFactory(title="Billet")
    report, _writer = write([(post, [record(1), record(2, parent=99, day=2)])])
    assert tree(post) == "1:1\n2:2"
    assert report.notes[Note.ORPHAN] == ["Billet #2"]


def test_a_comment_answering_itself_starts_a_thread():
    post = PostFactory(title="Billet")
    report, _writer = write([(post, [record(1, parent=1)])])
    assert tree(post) == "1:1"
    assert report.notes[Note.ORPHAN] == ["Billet #1"]


def test_comments_in_a_parent_loop_are_attached_at_the_top_once():
    post = PostFactory()
    report, _writer = write(
        [
            (
                post,
                [
                    record(1),
                    record(3, parent=2, day=3),
                    record(2, parent=3, day=2),
                    record(4, parent=3, day=4),
                ],
            )
        ]
    )
    assert tree(post) == "1:1\n2:2\n  3:3\n    4:4"
    assert report.notes[Note.ORPHAN] == ["#2"]
    assert_nested_sets_valid()


def test_two_loops_are_each_broken_at_their_smallest_number():
    post = PostFactory()
    report, _writer = write(
        [
            (
                post,
                [
                    record(8, parent=7),
                    record(7, parent=8, day=2),
                    record(5, parent=6, day=3),
                    record(6, parent=5, day=4),
                ],
            )
        ]
    )
    assert report.notes[Note.ORPHAN] == ["#5", "#7"]
    assert tree(post) == "5:5\n  6:6\n7:7\n  8:8"
    assert_nested_sets_valid()


def test_a_wordpress_number_in_use_gets_a_new_key_after_every_key_in_use():
    post = PostFactory()
    taken = CommentFactory()  # pk 1
    report, writer = write([(post, [record(taken.pk), record(40, parent=taken.pk, day=2)])])
    assert tree(post) == f"{taken.pk}:41\n  40:40"
    assert report.notes[Note.RENUMBERED] == [f"#{taken.pk} → 41"]
    assert writer.renumbered is True
    assert Comment.objects.get(pk=41).wp_id == taken.pk
    # New comments written later follow the highest key.
    assert CommentFactory(post=post).pk == 42


def test_keys_kept_leave_nothing_renumbered():
    report, writer = write([(PostFactory(), [record(7)])])
    assert writer.renumbered is False
    assert Note.RENUMBERED not in report.notes
    assert writer.next_pk == 8
    # The key sequence moved past the kept keys (PostgreSQL's is reset by `finish`).
    assert CommentFactory().pk == 8


def test_a_comment_without_a_number_gets_a_new_key():
    CommentFactory()
    post = PostFactory()
    report, writer = write([(post, [record(0), record(3, day=2)])])
    assert sorted(Comment.objects.about(post).values_list("pk", flat=True)) == [3, 4]
    assert Comment.objects.get(pk=4).wp_id == 0
    assert writer.renumbered is True
    assert report.notes[Note.RENUMBERED] == ["#0 → 4"]


def test_fields_come_from_the_export():
    member = UserFactory()
    post = PostFactory(published_at=datetime(2024, 1, 2, 3, 4, tzinfo=UTC))
    long_name = "N" * 120
    write(
        [
            (
                post,
                [
                    wxr.Comment(
                        wp_id=1,
                        author="Jos&eacute; " + long_name,
                        email="j@example.org",
                        url="https://example.org/",
                        ip="192.0.2.5",
                        date_gmt="2024-11-01 10:00:00",
                        content="Bonjour <b>toi</b>",
                        approved="0",
                        type="pingback",
                        user_id=9,
                    ),
                    wxr.Comment(wp_id=2, date_gmt="0000-00-00 00:00:00", url="javascript:x"),
                    wxr.Comment(
                        wp_id=3,
                        date_gmt="0000-00-00 00:00:00",
                        date="2024-11-02 12:00:00",
                        email="e" * 300,
                    ),
                ],
            )
        ],
        users={9: member},
    )
    first, second, third = Comment.objects.order_by("pk")
    assert first.author_name == ("José " + long_name)[:100]
    assert (first.author_email, first.author_url, first.ip_address) == (
        "j@example.org",
        "https://example.org/",
        "192.0.2.5",
    )
    assert (first.status, first.kind, first.user) == (
        CommentStatus.PENDING,
        CommentKind.PINGBACK,
        member,
    )
    assert first.created_at == datetime(2024, 11, 1, 10, tzinfo=UTC)
    assert first.body == "Bonjour <b>toi</b>"
    assert first.body_html == "<p>Bonjour toi</p>"
    assert second.created_at == post.published_at
    assert (second.author_url, second.ip_address, second.user) == ("", None, None)
    assert second.status == CommentStatus.APPROVED
    assert third.created_at == datetime(2024, 11, 2, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert third.author_email == "e" * 254


def test_each_kind_is_counted():
    post = PostFactory()
    report, _writer = write(
        [(post, [record(1), record(2, type="pingback", day=2), record(3, type="trackback", day=3)])]
    )
    assert report.created == {
        CommentKind.COMMENT: 1,
        CommentKind.PINGBACK: 1,
        CommentKind.TRACKBACK: 1,
    }


def test_more_than_a_chunk_of_known_numbers_is_recognised():
    post = PostFactory()
    records = [record(n) for n in range(1, 502)]
    write([(post, records)])
    with CaptureQueriesContext(connection) as queries:
        report, _writer = write([(post, records)])
    assert len(queries) < 20  # 500 numbers a query
    assert report.existing[Kind.COMMENT] == 501
    assert Comment.objects.count() == 501


def test_a_number_in_use_below_the_highest_key_gets_the_key_after_the_highest():
    CommentFactory.create_batch(3)  # keys 1, 2, 3
    post = PostFactory()
    report, _writer = write([(post, [record(2)])])
    assert tree(post) == "2:4"
    assert report.notes[Note.RENUMBERED] == ["#2 → 4"]


def test_on_an_empty_table_a_comment_without_a_number_gets_the_first_key():
    post = PostFactory()
    write([(post, [record(0)])])
    assert tree(post) == "0:1"


def test_numbers_in_use_get_consecutive_new_keys():
    CommentFactory.create_batch(2)  # keys 1, 2
    post = PostFactory()
    report, _writer = write([(post, [record(1), record(2, day=2)])])
    assert tree(post) == "1:3\n2:4"
    assert report.notes[Note.RENUMBERED] == ["#1 → 3", "#2 → 4"]


def test_new_replies_to_an_imported_comment_take_their_place_by_date_among_its_replies():
    post = PostFactory()
    write([(post, [record(1), record(3, parent=1, day=5), record(6, parent=1, day=9)])])
    report, _writer = write(
        [
            (
                post,
                [
                    record(7, parent=1, day=10),
                    record(4, parent=1, day=6),
                    record(2, parent=1, day=3),
                    record(5, parent=2, day=8),
                ],
            )
        ]
    )
    assert tree(post) == "1:1\n  2:2\n    5:5\n  3:3\n  4:4\n  6:6\n  7:7"
    assert_nested_sets_valid()
    assert report.created[CommentKind.COMMENT] == 4
