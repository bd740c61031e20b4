"""Micropub's delete and undelete: a deleted post waits in a trash, unpublished, as in WordPress.

A trashed post is a draft with a `TrashedPost` row remembering its status; nothing else of it
changes (comments, terms, dates, address), so `undelete` puts it back exactly. The APIs no
longer list it; `trash_empty` (a periodic job) deletes it for good after `PUBLISHING_TRASH_DAYS`.
Someone who publishes it again from the admin takes it out of the trash: only a post still a
draft counts as trashed, and only such a post is ever deleted.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from blog.models import Post, Status
from blog.services import post_save_from_admin

from . import conf
from .models import TrashedPost


def in_trash():
    """The posts in the trash, as a filter on posts."""
    return Q(trashed__isnull=False, status=Status.DRAFT)


@transaction.atomic
def post_trash(*, post, user):
    """Unpublish `post` and keep it for `undelete`; a post already trashed stays as it is."""
    if Post.objects.filter(in_trash(), pk=post.pk).exists():
        return
    TrashedPost.objects.update_or_create(post=post, defaults={"status": post.status})
    post.status = Status.DRAFT
    post_save_from_admin(post=post, changed_fields=["status"], user=user)


@transaction.atomic
def post_untrash(*, post, user):
    """Give the trashed `post` its status back; False when it was not in the trash."""
    trashed = TrashedPost.objects.select_for_update().filter(post=post).first()
    if trashed is None or post.status != Status.DRAFT:
        return False
    post.status = trashed.status
    trashed.delete()
    post_save_from_admin(post=post, changed_fields=["status"], user=user)
    return True


@transaction.atomic
def trash_empty():
    """Delete the posts trashed more than `PUBLISHING_TRASH_DAYS` ago; return how many."""
    before = timezone.now() - timedelta(days=conf.settings.PUBLISHING_TRASH_DAYS)
    TrashedPost.objects.exclude(post__status=Status.DRAFT).delete()  # published again meanwhile
    old = TrashedPost.objects.filter(trashed_at__lt=before).values_list("post_id", flat=True)
    _total, detail = Post.objects.filter(in_trash(), pk__in=list(old)).delete()
    return detail.get(Post._meta.label, 0)
