"""The blog's answers to fediverse replies, sent back to the reply's author as a Note, so the
conversation goes on on both sides. Only approved comments by the blog's staff are sent."""

from comments.models import CommentKind, CommentStatus

from . import conf
from .delivery import deliveries_queue
from .documents import activity, note
from .models import RemoteNote


def answer_send_soon(*, comment):
    """Queue a Create Note to the author of the fediverse reply `comment` answers, if any."""
    if not conf.get("FEDIVERSE_ENABLED") or comment.kind != CommentKind.COMMENT:
        return 0
    if (
        comment.status != CommentStatus.APPROVED
        or comment.user is None
        or not comment.user.is_staff
    ):
        return 0
    answered = (
        RemoteNote.objects.filter(comment_id=comment.parent_id).select_related("actor").first()
        if comment.parent_id
        else None
    )
    if answered is None:
        return 0
    username = conf.get("FEDIVERSE_BLOG_USERNAME")
    document = note(comment, in_reply_to=answered.object_id, to=answered.actor.uri)
    return deliveries_queue(
        username=username,
        activity=activity("Create", username=username, obj=document),
        inboxes=[answered.actor.inbox],
    )
