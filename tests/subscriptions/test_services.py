"""Subscribing with consent, ending at once, and who hears of what."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.utils.timezone import now as timezone_now

from comments.models import CommentStatus
from subscriptions import services
from subscriptions.models import (
    Delivery,
    MailKind,
    MailPreference,
    ModerationMail,
    Subscription,
)
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db
Outcome = services.Outcome


def test_a_guest_subscription_waits_for_confirmation(on_commit):
    outcome = on_commit(services.subscribe, email=" Lecteur@Example.org ", blog=True)

    assert outcome == Outcome.CONFIRMATION_SENT
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.state) == ("lecteur@example.org", "pending")
    assert Delivery.objects.get().kind == MailKind.CONFIRM


def test_a_member_with_a_verified_address_needs_no_confirmation(on_commit):
    member = UserFactory(email="membre@example.org")
    EmailAddress.objects.create(user=member, email="membre@example.org", verified=True)

    outcome = on_commit(services.subscribe, email="membre@example.org", user=member, blog=True)

    assert outcome == Outcome.ACTIVE
    subscription = Subscription.objects.get()
    assert (subscription.state, subscription.user) == ("active", member)
    assert not Delivery.objects.exists()


def test_a_member_confirms_an_address_that_is_not_verified(on_commit):
    member = UserFactory(email="membre@example.org")
    EmailAddress.objects.create(user=member, email="membre@example.org", verified=False)

    outcome = on_commit(services.subscribe, email="autre@example.org", user=member, blog=True)

    assert outcome == Outcome.CONFIRMATION_SENT


def test_confirming_starts_only_what_was_asked_and_not_what_was_ended(on_commit):
    on_commit(services.subscribe, email="l@example.org", blog=True, post=PostFactory())
    blog, post = Subscription.objects.order_by("kind")
    services.subscriptions_end(pks=[post.pk])

    services.subscriptions_confirm(pks=[blog.pk, post.pk])

    blog.refresh_from_db()
    post.refresh_from_db()
    assert (blog.state, post.state) == ("active", "ended")


def test_subscribing_again_after_ending_asks_for_confirmation_again(on_commit):
    with time_machine.travel(timedelta(hours=-2)):
        on_commit(services.subscribe, email="l@example.org", blog=True)
    subscription = Subscription.objects.get()
    services.subscriptions_confirm(pks=[subscription.pk])
    services.subscriptions_end(pks=[subscription.pk])

    outcome = on_commit(services.subscribe, email="l@example.org", blog=True)

    assert outcome == Outcome.CONFIRMATION_SENT
    subscription.refresh_from_db()
    assert (subscription.state, subscription.ended_at) == ("pending", None)


def test_an_active_subscription_asked_again_sends_nothing(on_commit):
    Subscription.objects.create(email="l@example.org", kind="blog", state="active")

    assert on_commit(services.subscribe, email="l@example.org", blog=True) == Outcome.ACTIVE
    assert not Delivery.objects.exists()


def test_moderators_are_the_group_and_the_superusers_who_are_active():
    group, _created = Group.objects.get_or_create(name="Modérateurs")
    group.permissions.add(Permission.objects.get(codename="change_comment"))
    in_group = UserFactory(username="groupe")
    in_group.groups.add(group)
    superuser = UserFactory(username="super", is_superuser=True)
    UserFactory(username="lecteur")
    UserFactory(username="parti", is_superuser=True, is_active=False)
    UserFactory(username="sansmail", is_superuser=True, email="")

    assert sorted(u.username for u in services.moderators()) == sorted(
        [in_group.username, superuser.username]
    )


def test_an_author_who_stopped_comment_mails_gets_none(on_commit):
    author = UserFactory(email="auteur@example.org")
    MailPreference.objects.create(user=author, comments_on_my_posts=False)
    comment = CommentFactory(post=PostFactory(author=author))

    on_commit(services.comment_posted_notify, comment=comment)

    assert not Delivery.objects.exists()


def test_the_digest_goes_once_a_day_to_moderators_who_chose_it(moderator, on_commit):
    MailPreference.objects.create(user=moderator, moderation=ModerationMail.DIGEST)
    assert on_commit(services.moderation_digests_queue) == 0  # nothing awaits: no mail
    CommentFactory(status=CommentStatus.PENDING)

    assert on_commit(services.moderation_digests_queue) == 1
    assert on_commit(services.moderation_digests_queue) == 0
    with time_machine.travel(timedelta(hours=23, minutes=56)):
        assert on_commit(services.moderation_digests_queue) == 1

    assert Delivery.objects.filter(kind=MailKind.DIGEST, recipient=moderator.email).count() == 2


def test_an_address_that_is_not_one_is_refused_and_stores_nothing(on_commit):
    outcome = on_commit(services.subscribe, email="a@example.org, b@example.org", blog=True)
    assert outcome == Outcome.INVALID
    assert not Subscription.objects.exists()


def test_a_post_subscription_waits_for_the_same_confirmation_as_the_blog(on_commit):
    post = PostFactory()
    outcome = on_commit(services.subscribe, email="l@example.org", blog=True, post=post)
    assert outcome == Outcome.CONFIRMATION_SENT
    rows = Subscription.objects.order_by("kind")
    assert [(s.kind, s.post, s.state) for s in rows] == [
        ("blog", None, "pending"),
        ("post", post, "pending"),
    ]
    delivery = Delivery.objects.get()
    assert (delivery.recipient, delivery.subscription_ids) == (
        "l@example.org",
        sorted(s.pk for s in rows),
    )
    assert all(s.confirmation_sent_at is not None for s in rows)


def test_a_second_request_within_the_hour_sends_no_second_mail(on_commit, settings):
    settings.SUBSCRIPTIONS_CONFIRMATION_INTERVAL = timedelta(hours=1)
    on_commit(services.subscribe, email="l@example.org", blog=True)
    with time_machine.travel(timedelta(minutes=59)):
        outcome = on_commit(services.subscribe, email="l@example.org", post=PostFactory())
    assert outcome == Outcome.CONFIRMATION_RECENT
    assert Delivery.objects.count() == 1
    with time_machine.travel(timedelta(minutes=61)):
        outcome = on_commit(services.subscribe, email="l@example.org", post=PostFactory())
    assert outcome == Outcome.CONFIRMATION_SENT
    assert Delivery.objects.count() == 2


def test_a_member_verified_in_another_case_is_active_at_once_and_keeps_the_account(on_commit):
    member = UserFactory(email="membre@example.org")
    EmailAddress.objects.create(user=member, email="Membre@Example.org", verified=True)
    post = PostFactory()
    with time_machine.travel(timedelta(seconds=0), tick=False):
        outcome = on_commit(services.subscribe, email="membre@example.org", user=member, post=post)
        subscription = Subscription.objects.get()
        assert subscription.confirmed_at is not None
    assert outcome == Outcome.ACTIVE
    assert (subscription.state, subscription.user, subscription.post) == ("active", member, post)
    assert subscription.ended_at is None


def test_an_ended_subscription_of_a_verified_member_starts_again(on_commit):
    member = UserFactory(email="membre@example.org")
    EmailAddress.objects.create(user=member, email="membre@example.org", verified=True)
    on_commit(services.subscribe, email="membre@example.org", user=member, blog=True)
    subscription = Subscription.objects.get()
    services.subscriptions_end(pks=[subscription.pk])
    assert on_commit(services.subscribe, email="membre@example.org", user=member, blog=True) == (
        Outcome.ACTIVE
    )
    subscription.refresh_from_db()
    assert (subscription.state, subscription.ended_at) == ("active", None)


def test_an_anonymous_reader_is_no_member(on_commit):
    outcome = on_commit(services.subscribe, email="l@example.org", user=AnonymousUser(), blog=True)
    assert outcome == Outcome.CONFIRMATION_SENT
    assert Subscription.objects.get().user is None


def test_a_guest_subscription_made_earlier_keeps_its_first_member(on_commit):
    first, second = UserFactory(), UserFactory()
    on_commit(services.subscribe, email="l@example.org", user=first, blog=True)
    services.subscriptions_end(pks=list(Subscription.objects.values_list("pk", flat=True)))
    with time_machine.travel(timedelta(hours=2)):
        on_commit(services.subscribe, email="l@example.org", user=second, blog=True)
    assert Subscription.objects.get().user == first


def test_address_is_verified_only_for_that_member_and_that_address():
    member, other = UserFactory(email="m@example.org"), UserFactory()
    EmailAddress.objects.create(user=member, email="m@example.org", verified=True)
    assert services.address_is_verified(member, "M@example.org")
    assert not services.address_is_verified(other, "m@example.org")
    assert not services.address_is_verified(member, "autre@example.org")
    assert not services.address_is_verified(None, "m@example.org")
    assert not services.address_is_verified(AnonymousUser(), "m@example.org")
    EmailAddress.objects.create(user=member, email="pas-encore@example.org", verified=False)
    assert not services.address_is_verified(member, "pas-encore@example.org")


def test_confirming_returns_the_running_ones_and_starts_the_pending(on_commit, time_machine):
    time_machine.move_to("2026-11-20 10:00Z", tick=False)
    active = Subscription.objects.create(
        email="a@example.org", kind="blog", state="active", confirmed_at=timezone_now()
    )
    pending = Subscription.objects.create(email="p@example.org", kind="blog", state="pending")
    ended = Subscription.objects.create(email="e@example.org", kind="blog", state="ended")
    time_machine.move_to("2026-11-21 10:00Z", tick=False)
    confirmed = services.subscriptions_confirm(pks=[active.pk, pending.pk, ended.pk])
    assert sorted(s.email for s in confirmed) == ["a@example.org", "p@example.org"]
    pending.refresh_from_db()
    active.refresh_from_db()
    assert pending.state == "active"
    assert pending.confirmed_at == timezone_now()
    assert active.confirmed_at < timezone_now()


def test_ending_counts_what_was_still_running():
    running = Subscription.objects.create(email="a@example.org", kind="blog", state="active")
    ended = Subscription.objects.create(email="e@example.org", kind="blog", state="ended")
    assert services.subscriptions_end(pks=[running.pk, ended.pk]) == 1
    running.refresh_from_db()
    assert (running.state, running.ended_at is not None) == ("ended", True)
    ended.refresh_from_db()
    assert ended.ended_at is None


def test_unsubscribe_links_stop_a_member_mail_or_end_subscriptions():
    from subscriptions import tokens

    author = UserFactory()
    services.unsubscribe(payload={"u": author.pk, "p": tokens.STOP_COMMENTS_ON_MY_POSTS})
    assert services.preference_of(author).comments_on_my_posts is False
    assert services.preference_of(author).moderation == ModerationMail.EACH
    services.unsubscribe(payload={"u": author.pk, "p": tokens.STOP_MODERATION})
    author.refresh_from_db()
    assert services.preference_of(author).moderation == ModerationMail.NONE
    services.unsubscribe(payload={"u": 987654, "p": tokens.STOP_MODERATION})
    assert MailPreference.objects.count() == 1
    subscription = Subscription.objects.create(email="a@example.org", kind="blog", state="active")
    services.unsubscribe(payload={"s": [subscription.pk]})
    subscription.refresh_from_db()
    assert subscription.state == "ended"


def test_preference_of_a_member_who_never_chose_is_the_default_unsaved():
    member = UserFactory()
    preference = services.preference_of(member)
    assert (preference.comments_on_my_posts, preference.moderation) == (True, ModerationMail.EACH)
    assert (preference.pk, preference.user) == (None, member)


def test_a_new_comment_subscribes_its_author_as_asked(on_commit):
    post = PostFactory()
    comment = CommentFactory(post=post, author_email="c@example.org")
    on_commit(services.comment_posted_notify, comment=comment, notify_replies=True)
    assert [(s.kind, s.post) for s in Subscription.objects.all()] == [("post", post)]
    Subscription.objects.all().delete()
    with time_machine.travel(timedelta(hours=2)):
        on_commit(services.comment_posted_notify, comment=comment, subscribe_blog=True)
    assert [(s.kind, s.post) for s in Subscription.objects.all()] == [("blog", None)]


def test_a_new_comment_without_an_address_or_a_wish_subscribes_nobody(on_commit):
    on_commit(
        services.comment_posted_notify,
        comment=CommentFactory(author_email=""),
        notify_replies=True,
        subscribe_blog=True,
    )
    on_commit(services.comment_posted_notify, comment=CommentFactory())
    assert not Subscription.objects.exists()


def test_a_comment_deleted_before_its_mails_gets_none(on_commit):
    from comments.models import Comment

    comment = CommentFactory(author_email="c@example.org")

    Comment.objects.filter(pk=comment.pk).delete()
    on_commit(services.comment_posted_notify, comment=comment, subscribe_blog=True)
    assert not Delivery.objects.exists()
    assert not Subscription.objects.exists()


def follower(post, email):
    return Subscription.objects.create(email=email, kind="post", post=post, state="active")


@pytest.mark.parametrize("status", [CommentStatus.SPAM, CommentStatus.TRASH])
def test_spam_and_trash_bother_nobody(on_commit, moderator, status):
    post = PostFactory()
    follower(post, "suivi@example.org")
    on_commit(services.comment_posted_notify, comment=CommentFactory(post=post, status=status))
    assert not Delivery.objects.exists()


def test_who_hears_of_an_approved_comment(on_commit, moderator):
    author = UserFactory(email="Auteur@example.org")
    post = PostFactory(author=author)
    follower(post, "suivi@example.org")
    follower(post, "auteur@example.org")  # the post's author follows too: one mail
    follower(post, "c@example.org")  # the commenter's own address: none
    follower(PostFactory(), "ailleurs@example.org")
    comment = CommentFactory(post=post, author_email="C@example.org")
    on_commit(services.comment_posted_notify, comment=comment)
    assert sorted((d.kind, d.recipient) for d in Delivery.objects.all()) == [
        (MailKind.NEW_COMMENT, "auteur@example.org"),
        (MailKind.REPLY, "suivi@example.org"),
    ]


def test_who_hears_of_a_held_comment(on_commit, moderator):
    author = UserFactory(email="auteur@example.org")
    post = PostFactory(author=author)
    follower(post, "suivi@example.org")
    MailPreference.objects.create(
        user=UserFactory(username="digest", email="d@example.org", is_superuser=True),
        moderation=ModerationMail.DIGEST,
    )
    comment = CommentFactory(post=post, status=CommentStatus.PENDING)
    on_commit(services.comment_posted_notify, comment=comment)
    assert sorted((d.kind, d.recipient) for d in Delivery.objects.all()) == [
        (MailKind.MODERATE, "moderatrice@example.org"),
        (MailKind.NEW_COMMENT, "auteur@example.org"),
    ]


def test_a_moderator_who_is_the_author_gets_one_mail_and_none_for_their_own(on_commit, moderator):
    post = PostFactory(author=moderator)
    held = CommentFactory(post=post, status=CommentStatus.PENDING)
    on_commit(services.comment_posted_notify, comment=held)
    assert [(d.kind, d.recipient) for d in Delivery.objects.all()] == [
        (MailKind.NEW_COMMENT, "moderatrice@example.org")
    ]
    Delivery.objects.all().delete()
    own = CommentFactory(post=PostFactory(), status=CommentStatus.PENDING, user=moderator)
    on_commit(services.comment_posted_notify, comment=own)
    assert not Delivery.objects.filter(kind=MailKind.MODERATE).exists()


@pytest.mark.parametrize("change", [{"email": ""}, {"is_active": False}])
def test_an_author_without_address_or_gone_gets_no_mail(on_commit, change):
    author = UserFactory(**change)
    on_commit(
        services.comment_posted_notify, comment=CommentFactory(post=PostFactory(author=author))
    )
    assert not Delivery.objects.exists()


def test_an_author_commenting_on_their_post_hears_nothing(on_commit):
    author = UserFactory()
    post = PostFactory(author=author)
    on_commit(services.comment_posted_notify, comment=CommentFactory(post=post, user=author))
    assert not Delivery.objects.exists()


def test_a_member_following_does_not_hear_of_their_own_comment(on_commit):
    member = UserFactory(email="m@example.org")
    post = PostFactory()
    Subscription.objects.create(
        email="ancienne@example.org", kind="post", post=post, state="active", user=member
    )
    follower(post, "suivi@example.org")
    comment = CommentFactory(post=post, user=member, author_email="")
    on_commit(services.comment_posted_notify, comment=comment)
    assert [d.recipient for d in Delivery.objects.filter(kind=MailKind.REPLY)] == [
        "suivi@example.org"
    ]


def test_pings_and_page_comments_have_no_followers(on_commit):
    from comments.models import CommentKind
    from tests.factories import PageFactory

    post = PostFactory()
    follower(post, "suivi@example.org")
    on_commit(
        services.comment_posted_notify,
        comment=CommentFactory(post=post, kind=CommentKind.PINGBACK, author_email=""),
    )
    page = PageFactory()
    on_commit(services.comment_posted_notify, comment=CommentFactory(post=None, page=page))
    assert not Delivery.objects.filter(kind=MailKind.REPLY).exists()


def test_followers_hear_once_a_held_comment_is_approved(on_commit):
    post = PostFactory()
    follower(post, "suivi@example.org")
    comment = CommentFactory(post=post, status=CommentStatus.APPROVED)
    on_commit(services.comment_status_changed_notify, comment=comment, previous="approved")
    on_commit(services.comment_status_changed_notify, comment=comment, previous="spam")
    comment.status = CommentStatus.TRASH
    on_commit(services.comment_status_changed_notify, comment=comment, previous="pending")
    assert [d.recipient for d in Delivery.objects.all()] == ["suivi@example.org"]


def test_no_mail_for_an_approved_comment_deleted_meanwhile(on_commit):
    from comments.models import Comment

    post = PostFactory()
    follower(post, "suivi@example.org")
    comment = CommentFactory(post=post)
    Comment.objects.filter(pk=comment.pk).delete()
    on_commit(services.comment_status_changed_notify, comment=comment, previous="pending")
    assert not Delivery.objects.exists()


def test_a_new_post_goes_once_to_each_blog_follower_in_chunks(on_commit):
    for number in range(5):
        Subscription.objects.create(email=f"f{number}@example.org", kind="blog", state="active")
    Subscription.objects.create(email="p@example.org", kind="blog", state="pending")
    follower(PostFactory(), "billet@example.org")
    post = PostFactory()
    assert on_commit(services.post_published_notify, post=post, chunk_size=2) == 5
    assert sorted(d.recipient for d in Delivery.objects.filter(post=post)) == [
        f"f{number}@example.org" for number in range(5)
    ]
    assert on_commit(services.post_published_notify, post=post) == 5
    assert Delivery.objects.count() == 5


def test_a_new_post_without_followers_queues_nothing(on_commit):
    assert on_commit(services.post_published_notify, post=PostFactory()) == 0


def test_the_digest_waits_a_day_less_five_minutes(moderator, on_commit, time_machine):
    time_machine.move_to("2026-11-20 10:00Z", tick=False)
    MailPreference.objects.create(user=moderator, moderation=ModerationMail.DIGEST)
    MailPreference.objects.create(
        user=UserFactory(username="chaque", is_superuser=True), moderation=ModerationMail.EACH
    )
    CommentFactory(status=CommentStatus.PENDING)
    assert on_commit(services.moderation_digests_queue) == 1
    time_machine.move_to("2026-11-21 09:54Z", tick=False)
    assert on_commit(services.moderation_digests_queue) == 0
    time_machine.move_to("2026-11-21 09:55:01Z", tick=False)
    assert on_commit(services.moderation_digests_queue) == 1
    assert MailPreference.objects.get(user=moderator).digest_sent_at == timezone_now()


def test_a_recent_confirmation_to_someone_else_does_not_hold_mine(on_commit):
    on_commit(services.subscribe, email="a@example.org", blog=True)
    outcome = on_commit(services.subscribe, email="b@example.org", blog=True)
    assert outcome == Outcome.CONFIRMATION_SENT
    assert sorted(Delivery.objects.values_list("recipient", flat=True)) == [
        "a@example.org",
        "b@example.org",
    ]


def test_each_moderator_who_wants_it_is_told_with_their_account(on_commit):
    digest = UserFactory(username="digest", email="d@example.org", is_superuser=True)
    MailPreference.objects.create(user=digest, moderation=ModerationMail.DIGEST)
    first = UserFactory(username="premiere", email="p@example.org", is_superuser=True)
    second = UserFactory(username="seconde", email="s@example.org", is_superuser=True)
    held = CommentFactory(post=PostFactory(author=first), status=CommentStatus.PENDING)
    on_commit(services.comment_posted_notify, comment=held)
    moderate = Delivery.objects.filter(kind=MailKind.MODERATE)
    assert [(d.recipient, d.user) for d in moderate] == [("s@example.org", second)]


def test_telling_moderators_costs_the_same_queries_however_many_they_are(on_commit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_held_comment():
        held = CommentFactory(status=CommentStatus.PENDING)
        with CaptureQueriesContext(connection) as queries:
            on_commit(services.comment_posted_notify, comment=held)
        return len(queries)

    MailPreference.objects.create(
        user=UserFactory(username="m0", is_superuser=True), moderation=ModerationMail.EACH
    )
    queries_for_a_held_comment()  # what is looked up once per process (content types)
    one = queries_for_a_held_comment()
    for number in range(1, 4):
        MailPreference.objects.create(
            user=UserFactory(username=f"m{number}", is_superuser=True),
            moderation=ModerationMail.EACH,
        )
    assert queries_for_a_held_comment() == one
    assert Delivery.objects.filter(kind=MailKind.MODERATE).count() == 6


def test_telling_followers_costs_the_same_queries_however_many_they_are(on_commit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post = PostFactory()

    def queries_for_an_approved_comment():
        comment = CommentFactory(post=post)
        with CaptureQueriesContext(connection) as queries:
            on_commit(services.comment_posted_notify, comment=comment)
        return len(queries)

    follower(post, "f0@example.org")
    queries_for_an_approved_comment()  # what is looked up once per process
    one = queries_for_an_approved_comment()
    for number in range(1, 4):
        follower(post, f"f{number}@example.org")
    assert queries_for_an_approved_comment() == one
    assert Delivery.objects.filter(kind=MailKind.REPLY).count() == 6


def test_a_new_post_is_stored_one_chunk_of_followers_at_a_time(on_commit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(5):
        Subscription.objects.create(email=f"f{number}@example.org", kind="blog", state="active")
    with CaptureQueriesContext(connection) as queries:
        on_commit(services.post_published_notify, post=PostFactory(), chunk_size=2)
    inserts = [
        q for q in queries if "subscriptions_delivery" in q["sql"] and q["sql"].startswith("INSERT")
    ]
    assert len(inserts) == 3
