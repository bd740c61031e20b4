"""Writes on posts that have side effects beyond the row itself."""

from django.db import transaction
from django.utils import timezone

from .models import Post, Status
from .signals import post_body_changed, post_published


@transaction.atomic
def post_save_from_admin(*, post, changed_fields):
    """Save `post` as edited in the admin, then announce it if it just became public.

    The announcements (`post_published`, `post_body_changed`) go out after the commit.
    """
    post.save()
    if post.announced_at and "body" in changed_fields and post.is_public:
        transaction.on_commit(lambda: post_body_changed.send(sender=Post, post=post))
    post_announce_due()
    return post


@transaction.atomic
def post_announce_due():
    """Announce each post whose publication time has come and that was never announced.

    Safe to run from several processes at once: a post is claimed by a conditional UPDATE, so
    only one of them sends its signal. Returns the posts announced.
    """
    now = timezone.now()
    due = Post.objects.filter(status=Status.PUBLISHED, published_at__lte=now, announced_at=None)
    announced = []
    for post in due.order_by("published_at")[:100]:
        if Post.objects.filter(pk=post.pk, announced_at=None).update(announced_at=now):
            post.announced_at = now
            announced.append(post)
    for post in announced:
        transaction.on_commit(lambda post=post: post_published.send(sender=Post, post=post))
    return announced
