"""The blog's answers to fediverse replies, sent back to the reply's author as a Note, so the
conversation goes on on both sides. A comment goes once it is approved (at once for staff,
after moderation for a reader), and only once; a reader's answer is sent under their name."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from comments.models import CommentKind, CommentStatus

from . import conf
from .delivery import deliveries_queue
from .documents import activity, note
from .models import RemoteNote, SentAnswer


def answer_send_soon(*, comment):
    """Queue a Create Note to the author of the fediverse reply `comment` answers, if it does
    answer one and is approved; returns the number of deliveries queued (0 or 1)."""
    if not conf.settings.FEDIVERSE_ENABLED or comment.kind != CommentKind.COMMENT:
        return 0
    if comment.status != CommentStatus.APPROVED or not comment.parent_id:
        return 0
    replies = RemoteNote.objects.filter(comment_id=comment.parent_id)
    answered = replies.select_related("actor").first()
    if answered is None or not _first_time(comment):
        return 0
    username = conf.settings.FEDIVERSE_BLOG_USERNAME
    document = note(
        comment, content=_content(comment), in_reply_to=answered.object_id, to=answered.actor.uri
    )
    return deliveries_queue(
        username=username,
        activity=activity("Create", username=username, obj=document),
        inboxes=[answered.actor.inbox],
    )


def _first_time(comment):
    try:
        with transaction.atomic():
            SentAnswer.objects.create(comment=comment)
    except IntegrityError:
        return False
    return True


def _content(comment):
    staff = comment.user is not None and comment.user.is_staff
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "fediverse/note.html", {"comment": comment, "signed": not staff}
        ).strip()
