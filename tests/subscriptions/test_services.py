"""Subscribing with consent, ending at once, and who hears of what."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission

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
