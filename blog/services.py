"""Writes on posts that have side effects beyond the row itself."""

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.signals import send_on_commit

from . import writing
from .models import Post, Status
from .redirects import remember_old_address
from .signals import post_body_changed, post_published
from .tasks import tell_author_published


@transaction.atomic
def post_save_from_admin(*, post, changed_fields, user=None, comment=""):
    """Save `post` as edited in the admin, then announce it if it just became public.

    A post submitted for review and published by someone else gets its author an e-mail. Each
    save keeps a revision (by `user`, with `comment`), old ones pruned, and the autosave
    `user` kept aside for it is dropped: it is in the post now. The announcements
    (`post_published`, `post_body_changed`) go out after the commit.
    """
    is_new = post.pk is None
    before = None if is_new else Post.objects.filter(pk=post.pk).first()
    was_pending = before is not None and before.status == Status.PENDING
    with reversion.create_revision(atomic=False):
        post.save()
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment)
    writing.revisions_prune(post=post)
    if before is not None and before.is_public and post.is_public:
        remember_old_address(post=post, old_path=before.get_absolute_url())
    if user is not None:
        writing.autosave_discard(user=user, post=post)
        if is_new:
            writing.autosave_discard(user=user, post=None)
    if was_pending and post.status == Status.PUBLISHED and user and user.pk != post.author_id:
        editor_id = user.pk
        transaction.on_commit(
            lambda: tell_author_published.enqueue(post_id=post.pk, editor_id=editor_id)
        )
    if post.announced_at and "body" in changed_fields and post.is_public:
        send_on_commit(post_body_changed, sender=Post, post=post)
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
        send_on_commit(post_published, sender=Post, post=post)
    return announced


@transaction.atomic
def post_revision_restore(*, post, version, user):
    """Put the title, body and excerpt of `version` back into `post`, as a new revision."""
    saved = version.field_dict
    for name in writing.TEXT_FIELDS:
        setattr(post, name, saved.get(name, ""))
    when = timezone.localtime(version.revision.date_created)
    comment = _("Restored from the revision of %(date)s.") % {
        "date": date_format(when, "DATETIME_FORMAT")
    }
    return post_save_from_admin(post=post, changed_fields=["body"], user=user, comment=comment)


@transaction.atomic
def post_quick_draft(*, user, title, body):
    """A draft by `user` from the dashboard: untitled gets the first words of the text."""
    from django.utils.text import Truncator

    from .slugs import unique_slug

    title = title.strip() or Truncator(" ".join(body.split())).words(8) or _("Draft")
    post = Post(
        title=title[:300],
        body=body,
        author=user,
        status=Status.DRAFT,
        slug=unique_slug(Post.objects.all(), title),
    )
    return post_save_from_admin(post=post, changed_fields=["body"], user=user)
