"""comment_create, comment_moderate, comment_delete, the trash and the tree repair."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.exceptions import CommentsClosed, Duplicate, Flood, InvalidParent, TooLong
from comments.models import Comment, CommentKind, CommentStatus
from comments.services import (
    comment_create,
    comment_delete,
    comment_moderate,
    comment_restore,
    comment_trash_empty,
    comment_tree_check_and_repair,
)
from comments.signals import comment_posted, comment_status_changed
from tests.comments.trees import assert_nested_sets_valid, tree_text
from tests.factories import CommentFactory, PageFactory, PostFactory, StaffFactory

pytestmark = pytest.mark.django_db


def create(post, **kwargs):
    fields = {
        "author_name": "Bastien",
        "author_email": "bastien@example.org",
        "body": "Bravo pour la recette.",
        "ip_address": "192.0.2.10",
    }
    return comment_create(post=post, **{**fields, **kwargs})


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def received(django_capture_on_commit_callbacks):
    """The signals sent, after the commit, as (name, kwargs) pairs."""
    sent = []

    def listen(signal_name):
        def receiver(sender, **kwargs):
            sent.append((signal_name, kwargs))

        return receiver

    posted, changed = listen("posted"), listen("changed")
    comment_posted.connect(posted)
    comment_status_changed.connect(changed)
    yield sent
    comment_posted.disconnect(posted)
    comment_status_changed.disconnect(changed)


def test_guest_first_comment_is_held_then_approved_once_known(post):
    first = create(post)
    assert first.status == CommentStatus.PENDING
    assert first.body_html == "<p>Bravo pour la recette.</p>"
    comment_moderate(comment=first, status=CommentStatus.APPROVED)
    second = create(post, body="Encore un mot.", author_email="BASTIEN@example.org")
    assert second.status == CommentStatus.APPROVED
    # The name as stored (control characters made spaces, trimmed) is the one compared.
    third = create(post, body="Et un autre.", author_name=" Bastien\n", ip_address="192.0.2.11")
    assert third.status == CommentStatus.APPROVED
    borrowed = create(post, body="Achetez.", author_name="Mallory", ip_address="192.0.2.12")
    assert borrowed.status == CommentStatus.PENDING


def test_staff_is_approved_at_once(post):
    comment = create(post, user=StaffFactory(), author_email="redaction@example.org")
    assert comment.status == CommentStatus.APPROVED


def test_signal_goes_out_after_commit_with_the_checkboxes(
    post, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment = create(post, notify_replies=True, subscribe_blog=True)
    assert received == []
    for callback in callbacks:
        callback()
    assert received == [
        (
            "posted",
            {
                "signal": comment_posted,
                "comment": comment,
                "notify_replies": True,
                "subscribe_blog": True,
            },
        ),
    ]


def test_replies_nest_and_deeper_replies_attach_at_the_deepest_level(post, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    settings.COMMENTS_MODERATION = "none"
    root = create(post, author_name="A", body="1")
    child = create(post, parent=root, author_name="B", body="2")
    grandchild = create(post, parent=child, author_name="C", body="3")
    too_deep = create(post, parent=grandchild, author_name="D", body="4")
    assert too_deep.parent == child
    assert tree_text(post) == "\n".join(
        ["A (approved)", "  B (approved)", "    C (approved)", "    D (approved)"]
    )
    assert_nested_sets_valid()


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.TRASH])
def test_reply_to_an_unapproved_comment_is_refused(post, status):
    parent = CommentFactory(post=post, status=status)
    with pytest.raises(InvalidParent):
        create(post, parent=parent)
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_of_another_post_is_refused(post):
    elsewhere = CommentFactory()
    with pytest.raises(InvalidParent):
        create(post, parent=elsewhere.pk)
    with pytest.raises(InvalidParent):
        create(post, parent=987654)
    assert Comment.objects.filter(post=post).count() == 0


def test_same_comment_twice_is_stored_once(post):
    create(post)
    with pytest.raises(Duplicate) as error:
        create(post, author_email="Bastien@Example.org")
    assert error.value.status_code == 409
    assert Comment.objects.count() == 1


def test_flood_from_one_ip_is_refused_then_allowed(post, settings, time_machine):
    settings.COMMENTS_FLOOD_SECONDS = 15
    time_machine.move_to(timezone.now(), tick=False)
    create(post)
    with pytest.raises(Flood) as error:
        create(post, body="Autre chose", author_email="autre@example.org")
    assert error.value.status_code == 429
    time_machine.shift(timedelta(seconds=16))
    create(post, body="Autre chose", author_email="autre@example.org")
    assert Comment.objects.count() == 2


def test_closed_by_switch_or_age(post, settings):
    post.comments_open = False
    with pytest.raises(CommentsClosed):
        create(post)
    post.comments_open = True
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    post.published_at = timezone.now() - timedelta(days=15)
    with pytest.raises(CommentsClosed):
        create(post)
    assert not Comment.objects.exists()


def test_too_long_is_refused(post, settings):
    with pytest.raises(TooLong):
        create(post, body="x" * 5001)


def test_names_are_stored_as_they_read(post):
    comment = create(post, author_name="Bas\u200btien\u202e \uff2c\uff45\u00ad\u2066")
    assert comment.author_name == "Bastien Le"
    comment_moderate(comment=comment, status=CommentStatus.APPROVED)
    again = create(post, author_name="Bastien Le", body="Encore.", ip_address="192.0.2.11")
    assert again.status == CommentStatus.APPROVED


def test_names_lose_control_characters_and_nul_bytes(post):
    comment = create(post, author_name="Eve\r\nBcc: victime@example.org", body="Salut\x00 toi")
    comment.refresh_from_db()
    assert comment.author_name == "Eve Bcc: victime@example.org"
    assert comment.body == "Salut toi"


@pytest.mark.parametrize("moderate_pings, status", [(True, "pending"), (False, "approved")])
def test_pingbacks_follow_their_setting(post, settings, moderate_pings, status):
    settings.COMMENTS_MODERATE_PINGS = moderate_pings
    ping = create(
        post,
        kind=CommentKind.PINGBACK,
        author_name="Un autre blog",
        author_email="",
        author_url="https://example.org/billet/",
        body="[…] cité ici […]",
    )
    assert ping.status == status


def test_moderate_signals_the_previous_status_and_restore_brings_it_back(
    post, received, django_capture_on_commit_callbacks
):
    comment = CommentFactory(post=post)
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, status=CommentStatus.TRASH)
    assert received[-1][1]["previous"] == CommentStatus.APPROVED
    comment.refresh_from_db()
    assert comment.status == CommentStatus.TRASH
    comment_restore(comment=comment)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_delete_keeps_the_replies(post):
    root = CommentFactory(post=post, author_name="Bastien")
    CommentFactory(post=post, parent=root, author_name="Inès")
    assert comment_delete(comment=root) is False
    assert tree_text(post) == "Bastien (trash)\n  Inès (approved)"
    leaf = Comment.objects.get(author_name="Inès")
    assert comment_delete(comment=leaf) is True
    assert tree_text(post) == "Bastien (trash)"
    assert_nested_sets_valid()


def test_trash_emptied_after_30_days_leaves_first(post, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    root = CommentFactory(post=post, author_name="Bastien")
    reply = CommentFactory(post=post, parent=root, author_name="Inès")
    kept = CommentFactory(post=post, author_name="Jules")
    CommentFactory(post=post, parent=kept, author_name="Réponse gardée")
    for comment in (root, reply, kept):
        comment_moderate(comment=comment, status=CommentStatus.TRASH)
    assert comment_trash_empty() == 0
    time_machine.shift(timedelta(days=31))
    assert comment_trash_empty() == 2
    assert tree_text(post) == "Jules (trash)\n  Réponse gardée (approved)"
    assert_nested_sets_valid()


def test_tree_check_finds_and_repairs_broken_numbering(post):
    root = CommentFactory(post=post, author_name="A")
    CommentFactory(post=post, parent=root, author_name="B")
    CommentFactory(post=post, parent=root, author_name="C")
    assert comment_tree_check_and_repair(repair=False) == []
    Comment.objects.filter(author_name="C").update(lft=2, rght=3)
    problems = comment_tree_check_and_repair(repair=False)
    assert problems and all("tree" in line for line in problems)
    comment_tree_check_and_repair(repair=True)
    assert_nested_sets_valid()
    assert tree_text(post) == "A (approved)\n  B (approved)\n  C (approved)"


def test_deleting_a_post_takes_its_threads_and_leaves_other_trees_valid(post):
    root = CommentFactory(post=post)
    CommentFactory(post=post, parent=root)
    other = CommentFactory()
    CommentFactory(post=other.post, parent=other)
    post.delete()
    assert list(Comment.objects.filter(parent=None)) == [other]
    assert_nested_sets_valid()


def test_trash_of_a_page_discussion_is_emptied_and_delete_keeps_replies(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    page = PageFactory()
    root = CommentFactory(post=None, page=page, author_name="Bastien")
    CommentFactory(post=None, page=page, parent=root, author_name="Inès")
    alone = CommentFactory(post=None, page=page, author_name="Jules")
    assert comment_delete(comment=root) is False
    comment_moderate(comment=alone, status=CommentStatus.TRASH)
    time_machine.shift(timedelta(days=31))
    assert comment_trash_empty() == 1
    rows = Comment.objects.filter(page=page).order_by("tree_id", "lft")
    assert [(c.author_name, c.level, c.status) for c in rows] == [
        ("Bastien", 0, CommentStatus.TRASH),
        ("Inès", 1, CommentStatus.APPROVED),
    ]
    assert_nested_sets_valid()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("2001:db8:1:2::10", "2001:db8:1:2:ffff:abcd::1"),  # one /64: one subscriber
        ("192.0.2.10", "::ffff:192.0.2.10"),  # the same IPv4 address, mapped into IPv6
    ],
)
def test_flood_counts_one_address_however_written(post, settings, first, second):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, ip_address=first)
    with pytest.raises(Flood):
        create(post, ip_address=second, body="Autre chose", author_email="autre@example.org")
    assert Comment.objects.count() == 1


def test_flood_holds_for_one_email_from_two_addresses(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, ip_address="192.0.2.10")
    with pytest.raises(Flood):
        create(post, ip_address="198.51.100.7", body="Autre", author_email="BASTIEN@example.org")
    create(post, ip_address="2001:db8:1:3::10", body="Autre", author_email="autre@example.org")
    create(post, ip_address="2001:db8:1:4::10", body="Encore", author_email="encore@example.org")
    assert Comment.objects.count() == 3
