"""Writes: subscribing and unsubscribing, and queueing the mails each event calls for.

Every function here only writes rows; mails leave from a background task after the commit
(see outbox.py), so no request ever waits for, or fails because of, the mail server.
"""

import enum
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from comments.models import CONVERSATION_KINDS, Comment, CommentStatus

from . import conf, tokens
from .models import (
    Delivery,
    MailKind,
    MailPreference,
    ModerationMail,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from .outbox import deliveries_queue, deliveries_store, is_deliverable, send_soon

MODERATE_PERMISSION = "comments.change_comment"
# Where permissions live (groups, superusers); allauth's backend only logs people in.
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"


class Outcome(enum.Enum):
    ACTIVE = "active"  # already or now active: nothing to confirm
    CONFIRMATION_SENT = "confirmation_sent"
    CONFIRMATION_RECENT = "confirmation_recent"  # one was sent less than an hour ago
    INVALID = "invalid"  # not one e-mail address


def normalise_email(email):
    return email.strip().lower()


def address_is_verified(user, email):
    """True if `email` is a verified address of `user`, according to django-allauth.

    Without allauth's account app nothing is known as verified, so members confirm too.
    """
    if user is None or not user.is_authenticated or not apps.is_installed("allauth.account"):
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def subscribe(*, email, user=None, blog=False, post=None):
    """Subscribe `email` to new posts (`blog`) and/or to new comments on `post`.

    Active at once for a member's verified address; otherwise pending until the link in the
    confirmation mail is followed. An address gets at most one confirmation mail an hour.
    """
    email = normalise_email(email)
    if not is_deliverable(email):
        return Outcome.INVALID
    member = user if user is not None and user.is_authenticated else None
    wanted = []
    if blog:
        wanted.append(_subscription(email=email, kind=SubscriptionKind.BLOG, post=None))
    if post is not None:
        wanted.append(_subscription(email=email, kind=SubscriptionKind.POST, post=post))
    waiting = [s for s in wanted if s.state != SubscriptionState.ACTIVE]
    if address_is_verified(member, email):
        _activate(waiting, user=member)
        return Outcome.ACTIVE
    for subscription in waiting:
        _make_pending(subscription, user=member)
    if not waiting:
        return Outcome.ACTIVE
    return _send_confirmation(email, waiting)


def _subscription(*, email, kind, post):
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        email=email, kind=kind, post=post
    )
    return subscription


def _activate(subscriptions, *, user=None):
    now = timezone.now()
    for subscription in subscriptions:
        subscription.state = SubscriptionState.ACTIVE
        subscription.confirmed_at = now
        subscription.ended_at = None
        subscription.user = subscription.user or user
        subscription.save()


def _make_pending(subscription, *, user):
    subscription.state = SubscriptionState.PENDING
    subscription.ended_at = None
    subscription.user = subscription.user or user
    subscription.save()


def _send_confirmation(email, subscriptions):
    now = timezone.now()
    recent = now - conf.settings.SUBSCRIPTIONS_CONFIRMATION_INTERVAL
    if Subscription.objects.filter(email=email, confirmation_sent_at__gt=recent).exists():
        return Outcome.CONFIRMATION_RECENT
    pks = [s.pk for s in subscriptions]
    Subscription.objects.filter(pk__in=pks).update(confirmation_sent_at=now)
    deliveries_queue(
        [Delivery(kind=MailKind.CONFIRM, recipient=email, subscription_ids=sorted(pks))]
    )
    return Outcome.CONFIRMATION_SENT


@transaction.atomic
def subscriptions_confirm(*, pks):
    """Start the pending subscriptions among `pks`. Returns them (started now or before)."""
    subscriptions = list(
        Subscription.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .exclude(state=SubscriptionState.ENDED)
        .select_related("post")
    )
    _activate([s for s in subscriptions if s.state == SubscriptionState.PENDING])
    return subscriptions


@transaction.atomic
def subscriptions_end(*, pks):
    """End the subscriptions `pks` at once. Returns how many were still running."""
    return (
        Subscription.objects.filter(pk__in=pks)
        .exclude(state=SubscriptionState.ENDED)
        .update(state=SubscriptionState.ENDED, ended_at=timezone.now())
    )


@transaction.atomic
def mail_preference_stop(*, user, stop):
    """Stop the `stop` kind of mail (see tokens.STOP_*) for `user`."""
    preference, _created = MailPreference.objects.get_or_create(user=user)
    if stop == tokens.STOP_COMMENTS_ON_MY_POSTS:
        preference.comments_on_my_posts = False
    elif stop == tokens.STOP_MODERATION:
        preference.moderation = ModerationMail.NONE
    preference.save()
    return preference


def unsubscribe(*, payload):
    """Do what a signed unsubscribe link says (see tokens.read_unsubscribe_token)."""
    if "u" in payload:
        user = get_user_model().objects.filter(pk=payload["u"]).first()
        if user is not None:
            mail_preference_stop(user=user, stop=payload["p"])
        return
    subscriptions_end(pks=payload["s"])


def moderators():
    """Active members who may moderate comments (the Modérateurs group, superusers)."""
    users = get_user_model().objects.with_perm(
        MODERATE_PERMISSION, include_superusers=True, backend=PERMISSIONS_BACKEND
    )
    return users.filter(is_active=True).exclude(email="")


def preference_of(user):
    """`user`'s mail preference, unsaved defaults if they never chose."""
    try:
        return user.mail_preference
    except MailPreference.DoesNotExist:
        return MailPreference(user=user)


@transaction.atomic
@transaction.atomic
def comment_posted_notify(*, comment, notify_replies=False, subscribe_blog=False):
    """Queue the mails a new comment calls for, and the subscriptions its author asked for.

    Nothing, if the comment was deleted between its commit and this call (a moderator was quick).
    """
    if not _locked_if_still_there(comment):
        return
    if comment.author_email and (notify_replies or subscribe_blog):
        subscribe(
            email=comment.author_email,
            user=comment.user,
            blog=subscribe_blog,
            post=comment.post if notify_replies else None,
        )
    if comment.status not in (CommentStatus.APPROVED, CommentStatus.PENDING):
        return  # spam or trash: nobody is bothered with it
    deliveries = _to_post_author(comment)
    told = {d.recipient for d in deliveries}
    if comment.status == CommentStatus.PENDING:
        deliveries += _to_moderators(comment, exclude=told)
        told |= {d.recipient for d in deliveries}
    if comment.status == CommentStatus.APPROVED:
        deliveries += _to_followers(comment, exclude=told)
    deliveries_queue(deliveries)


@transaction.atomic
def comment_status_changed_notify(*, comment, previous):
    """Once a held comment is approved, its discussion's followers hear of it."""
    if comment.status == CommentStatus.APPROVED and previous != CommentStatus.APPROVED:
        if _locked_if_still_there(comment):
            deliveries_queue(_to_followers(comment, exclude=set()))


def _locked_if_still_there(comment):
    """Whether `comment` still exists; if so its row stays locked until the transaction ends, so
    a deletion waits for the deliveries that refer to it instead of making them dangle."""
    return Comment.objects.select_for_update().filter(pk=comment.pk).exists()


def _to_post_author(comment):
    author = comment.subject.author
    if not author.email or not author.is_active or author.pk == comment.user_id:
        return []
    if not preference_of(author).comments_on_my_posts:
        return []
    return [
        Delivery(
            kind=MailKind.NEW_COMMENT,
            recipient=author.email.lower(),
            user=author,
            comment=comment,
        )
    ]


def _to_moderators(comment, *, exclude):
    deliveries = []
    for user in moderators().exclude(pk=comment.user_id or 0).select_related("mail_preference"):
        email = user.email.lower()
        if email in exclude or preference_of(user).moderation != ModerationMail.EACH:
            continue
        deliveries.append(
            Delivery(kind=MailKind.MODERATE, recipient=email, user=user, comment=comment)
        )
    return deliveries


def _to_followers(comment, *, exclude):
    """Followers of the comment's discussion, never its own author."""
    if comment.kind not in CONVERSATION_KINDS or comment.post_id is None:
        return []  # a page's discussion has no followers
    followers = Subscription.objects.active().to_post(comment.post)
    if comment.author_email:
        followers = followers.exclude(email=comment.author_email.lower())
    if comment.user_id:
        followers = followers.exclude(user=comment.user_id)
    return [
        Delivery(kind=MailKind.REPLY, recipient=s.email, subscription=s, comment=comment)
        for s in followers.only("pk", "email")
        if s.email not in exclude
    ]


def post_published_notify(*, post, chunk_size=2000):
    """Queue the new post's mail for every active follower of the blog, once per follower."""
    followers = Subscription.objects.active().to_blog().values_list("pk", "email")
    chunk, count = [], 0
    for pk, email in followers.iterator(chunk_size=chunk_size):
        chunk.append(
            Delivery(kind=MailKind.NEW_POST, recipient=email, subscription_id=pk, post=post)
        )
        if len(chunk) == chunk_size:
            count += deliveries_store(chunk)
            chunk = []
    count += deliveries_store(chunk)
    if count:
        send_soon()
    return count


@transaction.atomic
def moderation_digests_queue():
    """Periodic job: a digest of the comments awaiting moderation for each moderator who chose
    it, at most once a day, and only when something awaits."""
    if not Comment.objects.filter(status=CommentStatus.PENDING).exists():
        return 0
    now = timezone.now()
    # A little slack, so an hourly job does not push each digest an hour later every day.
    last_due = now - conf.settings.SUBSCRIPTIONS_DIGEST_EVERY + timedelta(minutes=5)
    due = list(
        MailPreference.objects.select_for_update(of=("self",))
        .filter(moderation=ModerationMail.DIGEST, user__in=moderators())
        .exclude(digest_sent_at__gt=last_due)
        .select_related("user")
    )
    deliveries = [
        Delivery(kind=MailKind.DIGEST, recipient=p.user.email.lower(), user=p.user) for p in due
    ]
    MailPreference.objects.filter(pk__in=[p.pk for p in due]).update(digest_sent_at=now)
    return deliveries_queue(deliveries)
