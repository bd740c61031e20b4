"""comment_create, comment_moderate, comment_delete, the trash and the tree repair."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from comments.exceptions import Busy, CommentsClosed, Duplicate, Flood, InvalidParent, TooLong
from comments.models import Comment, CommentKind, CommentStatus, ModerationWord, WordAction
from comments.services import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_moderate,
    comment_restore,
    comment_trash_empty,
    comment_tree_check_and_repair,
)
from comments.signals import comment_posted, comment_status_changed
from tests.comments.trees import assert_nested_sets_valid, tree_text
from tests.factories import CommentFactory, PageFactory, PostFactory, StaffFactory, UserFactory

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


def test_an_anonymous_reader_is_stored_as_a_guest(post):
    comment = create(post, user=AnonymousUser())
    comment.refresh_from_db()
    assert comment.user is None
    assert comment.status == CommentStatus.PENDING


def test_a_member_is_stored_with_their_account(post):
    member = UserFactory()
    comment = create(post, user=member)
    comment.refresh_from_db()
    assert comment.user == member


def test_fields_are_cut_to_their_columns_and_an_empty_address_is_none(post):
    comment = create(
        post,
        author_name="N" * 150,
        author_email="e" * 300,
        author_url="https://example.org/" + "u" * 600,
        user_agent="\tMozilla\n" + "a" * 600,
        ip_address="",
        body="  Le texte.  ",
    )
    comment.refresh_from_db()
    assert comment.author_name == "N" * 100
    assert comment.author_email == "e" * 254
    assert len(comment.author_url) == 500
    assert comment.user_agent == "Mozilla " + "a" * 492
    assert comment.ip_address is None
    assert comment.body == "Le texte."


def test_missing_optional_fields_are_stored_empty(post):
    comment = comment_create(post=post, author_name=None, author_email=None, body=None)
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email, comment.author_url) == ("", "", "")
    assert (comment.body, comment.user_agent, comment.ip_address) == ("", "", None)
    unsaid = comment_create(post=post, author_name="Inès", body="Sans adresse.")
    unsaid.refresh_from_db()
    assert (unsaid.author_email, unsaid.author_url, unsaid.user_agent) == ("", "", "")
    assert (unsaid.user, unsaid.parent, unsaid.kind) == (None, None, CommentKind.COMMENT)


def test_the_longest_text_allowed_is_stored(post, settings):
    settings.COMMENTS_MAX_LENGTH = 12
    assert create(post, body="x" * 12).body == "x" * 12
    with pytest.raises(TooLong):
        create(post, body="y" * 13)
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("parent", ["douze", [1]])
def test_a_parent_that_is_no_number_is_refused(post, parent):
    with pytest.raises(InvalidParent):
        create(post, parent=parent)
    assert not Comment.objects.exists()


def test_a_reply_by_number_joins_its_parent(post, settings):
    settings.COMMENTS_MODERATION = "none"
    root = create(post, author_name="A", body="1")
    reply = create(post, parent=root.pk, author_name="B", body="2")
    assert reply.parent == root
    assert tree_text(post) == "A (approved)\n  B (approved)"


@pytest.mark.parametrize(
    ("depth", "tree"),
    [
        (2, "A (approved)\n  B (approved)\n  C (approved)"),  # C joins the thread's root
        (1, "A (approved)\n  B (approved)\n    C (approved)"),  # one level: no reattaching
    ],
)
def test_a_reply_to_a_reply_with_few_levels(post, settings, depth, tree):
    settings.COMMENTS_MAX_DEPTH = depth
    settings.COMMENTS_MODERATION = "none"
    root = create(post, author_name="A", body="1")
    child = create(post, parent=root, author_name="B", body="2")
    create(post, parent=child, author_name="C", body="3")
    assert tree_text(post) == tree


def test_the_same_text_again_is_welcome_once_the_first_is_in_the_trash(post):
    first = create(post)
    comment_moderate(comment=first, status=CommentStatus.TRASH)
    again = create(post)
    assert Comment.objects.filter(body=again.body).count() == 2


def test_the_same_text_in_another_thread_is_no_duplicate(post, settings):
    settings.COMMENTS_MODERATION = "none"
    root = create(post)
    reply = create(post, parent=root)
    assert reply.parent == root
    assert Comment.objects.filter(body="Bravo pour la recette.").count() == 2


def test_the_same_text_from_someone_else_is_no_duplicate(post):
    create(post)
    create(post, author_email="ines@example.org", ip_address="192.0.2.11")
    assert Comment.objects.count() == 2


def test_staff_are_not_held_by_the_flood_limit(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    staff = StaffFactory()
    create(post, user=staff, author_email="redaction@example.org")
    create(post, user=staff, author_email="redaction@example.org", body="Et une précision.")
    assert Comment.objects.filter(user=staff).count() == 2


def test_a_member_who_is_not_staff_is_held_by_the_flood_limit(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    member = UserFactory()
    create(post, user=member)
    with pytest.raises(Flood):
        create(post, user=member, body="Et une précision.")


def test_pings_are_not_held_by_the_flood_limit_nor_hold_comments(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    for number in (1, 2):
        create(
            post,
            kind=CommentKind.PINGBACK,
            author_name="Un autre blog",
            author_email="",
            author_url=f"https://example.org/{number}/",
            body=f"[…] cité {number} […]",
        )
    create(post)
    assert Comment.objects.count() == 3


def test_no_flood_limit_when_it_is_zero(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    create(post)
    create(post, body="Autre chose")
    assert Comment.objects.count() == 2


def test_without_address_nor_email_nothing_is_compared(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, ip_address=None, author_email="")
    create(post, ip_address=None, author_email="", body="Autre chose")
    assert Comment.objects.count() == 2


def test_an_email_alone_is_enough_to_hold_a_flood(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, ip_address=None)
    with pytest.raises(Flood):
        create(post, ip_address=None, body="Autre chose", author_email="Bastien@example.org")


def test_an_address_alone_is_enough_to_hold_a_flood(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, author_email="")
    with pytest.raises(Flood):
        create(post, author_email="", body="Autre chose")


def test_the_flood_limit_ends_exactly_after_its_seconds(post, settings, time_machine):
    settings.COMMENTS_FLOOD_SECONDS = 15
    time_machine.move_to(timezone.now(), tick=False)
    create(post)
    time_machine.shift(timedelta(seconds=15))
    create(post, body="Autre chose", author_email="autre@example.org")
    assert Comment.objects.count() == 2


def test_another_ipv6_network_is_another_commenter(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    create(post, ip_address="192.0.2.10")
    create(post, ip_address="2001:db8:1:2::10", body="Deux", author_email="deux@example.org")
    create(post, ip_address="2001:db8:1:3::10", body="Trois", author_email="trois@example.org")
    with pytest.raises(Flood):
        create(post, ip_address="2001:db8:1:3::99", body="Quatre", author_email="q@example.org")
    assert Comment.objects.count() == 3


def post_at_once(calls):
    """Run each of `calls` (keyword arguments for `create`) in its own thread, released together;
    a writer told Busy tries again (also when a listener after its commit met SQLite's
    shared-cache lock: the next try is then refused as a duplicate). Returns the outcomes."""
    start, outcomes = threading.Barrier(len(calls)), []

    def post(kwargs):
        try:
            start.wait()
            while True:
                try:
                    create(**kwargs)
                    outcomes.append("stored")
                    return
                except Busy:
                    continue
                except (Flood, Duplicate) as refusal:
                    outcomes.append(type(refusal).__name__)
                    return
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(kwargs,)) for kwargs in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_one_address_posting_from_many_threads_at_once_gets_one_comment(settings):
    """Replies from one address to threads of different posts (so no post or new-tree lock
    orders them), released together: the flood check and the insert happen under one lock
    (SQLite's IMMEDIATE transactions, PostgreSQL's advisory lock on the address), so exactly one
    comment is stored and every other writer is told to wait."""
    settings.COMMENTS_FLOOD_SECONDS = 60
    settings.COMMENTS_LOCK_TIMEOUT_SECONDS = 30
    roots = [CommentFactory() for _ in range(6)]
    outcomes = post_at_once(
        [
            {"post": root.post, "parent": root, "body": f"Texte {n}", "author_email": f"{n}@a.org"}
            for n, root in enumerate(roots)
        ]
    )
    assert len(outcomes) == len(roots)
    assert "Flood" in outcomes
    assert Comment.objects.filter(parent__isnull=False).count() == 1


def changed(comment, previous, moderator):
    """What the `received` fixture records for one `comment_status_changed`."""
    signal_kwargs = {"comment": comment, "previous": previous, "moderator": moderator}
    return ("changed", {"signal": comment_status_changed, **signal_kwargs})


def test_moderating_to_the_same_status_changes_nothing(post, received, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    comment = CommentFactory(post=post)
    with_status = comment_moderate(comment=comment, status=CommentStatus.APPROVED)
    assert with_status is comment
    comment.refresh_from_db()
    assert comment.moderated_at is None
    assert received == []


def test_moderating_records_when_who_and_what_came_before(
    post, received, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    moderator = StaffFactory()
    comment = CommentFactory(post=post, status=CommentStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        returned = comment_moderate(comment=comment, status=CommentStatus.SPAM, moderator=moderator)
    assert returned is comment
    comment.refresh_from_db()
    assert (comment.status, comment.previous_status) == (CommentStatus.SPAM, "pending")
    assert comment.moderated_at == timezone.now()
    assert received == [changed(returned, CommentStatus.PENDING, moderator)]
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, status=CommentStatus.APPROVED)
    comment.refresh_from_db()
    assert (comment.status, comment.previous_status) == (CommentStatus.APPROVED, "")


def test_restore_gives_back_the_status_before_the_trash(
    post, received, django_capture_on_commit_callbacks
):
    moderator = StaffFactory()
    comment = CommentFactory(post=post, status=CommentStatus.PENDING)
    comment_moderate(comment=comment, status=CommentStatus.TRASH)
    with django_capture_on_commit_callbacks(execute=True):
        restored = comment_restore(comment=comment, moderator=moderator)
    assert restored.status == CommentStatus.PENDING
    comment.refresh_from_db()
    assert (comment.status, comment.previous_status) == (CommentStatus.PENDING, "")
    assert received[-1][1]["moderator"] == moderator
    assert received[-1][1]["previous"] == CommentStatus.TRASH


@pytest.mark.parametrize("previous", [CommentStatus.SPAM, ""])  # spam thrown away, or unknown
def test_restore_holds_a_comment_that_was_not_visible_before_the_trash(post, previous):
    comment = CommentFactory(post=post, status=CommentStatus.TRASH, previous_status=previous)
    comment_restore(comment=comment)
    comment.refresh_from_db()
    assert (comment.status, comment.previous_status) == (CommentStatus.PENDING, "")


def test_throwing_spam_away_remembers_it_was_spam(post):
    comment = CommentFactory(post=post, status=CommentStatus.SPAM)
    comment_moderate(comment=comment, status=CommentStatus.TRASH)
    comment.refresh_from_db()
    assert comment.previous_status == CommentStatus.SPAM


def test_deleting_a_comment_already_gone_says_deleted(post):
    comment = CommentFactory(post=post)
    Comment.objects.filter(pk=comment.pk).delete()
    assert comment_delete(comment=comment) is True
    assert not Comment.objects.exists()


def test_trashing_an_answered_comment_tells_who_did_it(
    post, received, django_capture_on_commit_callbacks
):
    moderator = StaffFactory()
    root = CommentFactory(post=post)
    CommentFactory(post=post, parent=root)
    with django_capture_on_commit_callbacks(execute=True):
        assert comment_delete(comment=root, moderator=moderator) is False
    assert received[-1][1]["moderator"] == moderator


def test_trash_is_emptied_after_the_days_asked_and_not_a_moment_before(
    post, settings, time_machine
):
    settings.COMMENTS_TRASH_DAYS = 10
    time_machine.move_to(timezone.now(), tick=False)
    trashed = CommentFactory(post=post, author_name="Vieux")
    CommentFactory(post=post, author_name="Vivant")
    comment_moderate(comment=trashed, status=CommentStatus.TRASH)
    time_machine.shift(timedelta(days=10))
    assert comment_trash_empty() == 0
    assert comment_trash_empty(days=11) == 0
    assert comment_trash_empty(days=0) == 1
    assert tree_text(post) == "Vivant (approved)"


def test_trash_of_several_posts_and_pages_is_emptied_in_one_go(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    page = PageFactory()
    first, second = PostFactory(), PostFactory()
    doomed = [
        CommentFactory(post=first),
        CommentFactory(post=first),
        CommentFactory(post=second),
        CommentFactory(post=None, page=page),
    ]
    kept = CommentFactory(post=second, author_name="Gardé", status=CommentStatus.PENDING)
    comment_moderate(comment=kept, status=CommentStatus.APPROVED)
    for comment in doomed:
        comment_moderate(comment=comment, status=CommentStatus.TRASH)
    time_machine.shift(timedelta(days=31))
    assert comment_trash_empty() == 4
    assert list(Comment.objects.all()) == [kept]
    assert_nested_sets_valid()


def test_a_whole_trashed_thread_goes_deepest_first(post, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    root = CommentFactory(post=post, author_name="A")
    child = CommentFactory(post=post, parent=root, author_name="B")
    grandchild = CommentFactory(post=post, parent=child, author_name="C")
    sibling = CommentFactory(post=post, parent=root, author_name="D")
    for comment in (grandchild, sibling, child, root):
        comment_moderate(comment=comment, status=CommentStatus.TRASH)
    time_machine.shift(timedelta(days=31))
    assert comment_trash_empty() == 4
    assert not Comment.objects.exists()


def test_tree_check_without_repair_leaves_the_numbering_as_found(post):
    root = CommentFactory(post=post, author_name="A")
    CommentFactory(post=post, parent=root, author_name="B")
    Comment.objects.filter(author_name="B").update(lft=5, rght=6)
    assert comment_tree_check_and_repair(repair=False)
    assert Comment.objects.get(author_name="B").lft == 5
    assert comment_tree_check_and_repair() != []
    assert comment_tree_check_and_repair() == []


def marked_as_spam(**fields):
    """A comment a moderator marked as spam: its e-mail, address and hosts are learned."""
    spam = CommentFactory(**fields)
    comment_moderate(comment=spam, status=CommentStatus.SPAM, moderator=StaffFactory())


@pytest.mark.parametrize(
    "learned",
    [
        {"author_email": "c@example.org"},
        {"ip_address": "203.0.113.9"},
        {"author_url": "https://spam.example/"},
    ],
)
def test_an_edit_adding_links_from_a_known_spammer_is_spam(
    post, learned, django_capture_on_commit_callbacks
):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            marked_as_spam(**learned)
    fields = {"author_email": "x@example.org", "ip_address": "198.51.100.1", **learned}
    comment = CommentFactory(post=post, user=member, **fields)
    comment_edit(comment=comment, body="Voyez https://pilules.example", user=member)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.SPAM


def test_an_edit_adding_a_link_and_a_spam_word_is_spam(post):
    member = UserFactory()
    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)
    comment = CommentFactory(post=post, user=member)
    comment_edit(comment=comment, body="Le casino https://pilules.example", user=member)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.SPAM


def test_an_edit_of_the_longest_text_allowed_is_stored(post, settings):
    settings.COMMENTS_MAX_LENGTH = 10
    member = UserFactory()
    comment = CommentFactory(post=post, user=member)
    comment_edit(comment=comment, body="x" * 10, user=member)
    comment.refresh_from_db()
    assert comment.body == "x" * 10


def test_an_edit_without_text_stores_an_empty_text(post):
    member = UserFactory()
    comment = CommentFactory(post=post, user=member)
    comment_edit(comment=comment, body=None, user=member)
    comment.refresh_from_db()
    assert (comment.body, comment.body_html) == ("", "")


def test_an_edit_sent_back_to_moderation_keeps_its_new_text_and_says_when(
    post, received, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    member = UserFactory()
    comment = CommentFactory(post=post, user=member, body_html="<p>Merci.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        comment_edit(comment=comment, body="Merci. Voyez https://pilules.example", user=member)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.body == "Merci. Voyez https://pilules.example"
    assert "https://pilules.example" in comment.body_html
    assert comment.moderated_at == timezone.now()
    assert received == [changed(comment, CommentStatus.APPROVED, None)]


def test_an_edit_sent_back_to_moderation_is_heard_by_comment_listeners(
    post, django_capture_on_commit_callbacks
):
    member, heard = UserFactory(), []

    def listener(sender, comment, **kwargs):
        heard.append(comment.pk)

    comment = CommentFactory(post=post, user=member)
    comment_status_changed.connect(listener, sender=Comment)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment_edit(comment=comment, body="Voyez https://pilules.example", user=member)
    finally:
        comment_status_changed.disconnect(listener, sender=Comment)
    assert heard == [comment.pk]


def test_a_comment_may_be_edited_until_the_last_moment_of_its_window(post, settings, time_machine):
    from comments.services import comment_editable

    settings.COMMENTS_EDIT_MINUTES = 15
    time_machine.move_to(timezone.now(), tick=False)
    member = UserFactory()
    comment = CommentFactory(post=post, user=member, created_at=timezone.now())
    time_machine.shift(timedelta(minutes=15, microseconds=-1))
    assert comment_editable(comment, user=member)
    time_machine.shift(timedelta(microseconds=1))
    assert not comment_editable(comment, user=member)


def test_staff_adding_a_link_and_a_spam_word_stay_approved(post):
    staff = StaffFactory()
    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)
    comment = CommentFactory(post=post, user=staff)
    comment_edit(comment=comment, body="Le casino https://pilules.example", user=staff)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


@pytest.mark.django_db(transaction=True)
def test_new_threads_started_at_once_on_different_posts_each_get_their_own_tree(settings):
    """A new thread's tree number is the highest in use plus one, over every post: writers
    starting threads at once take turns (PostgreSQL's new-tree lock, SQLite's IMMEDIATE
    transactions), so no two threads share a tree."""
    settings.COMMENTS_LOCK_TIMEOUT_SECONDS = 30
    posts = [PostFactory() for _ in range(6)]
    outcomes = post_at_once(
        [
            {"post": p, "body": f"Texte {n}", "author_email": f"{n}@a.org", "ip_address": None}
            for n, p in enumerate(posts)
        ]
    )
    assert "Flood" not in outcomes and len(outcomes) == len(posts)
    assert Comment.objects.filter(parent=None).count() == len(posts)
    assert len(set(Comment.objects.values_list("tree_id", flat=True))) == len(posts)
    assert_nested_sets_valid()
