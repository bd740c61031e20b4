"""wp.getComments and friends: reading and moderating comments through the comments' services."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.roles import own_posts_only
from comments.models import Comment, CommentStatus
from comments.services import comment_delete, comment_moderate

from . import conf, faults, posts, wp_api
from .xmlrpc import method

# WordPress's names for the statuses, both ways.
TO_WP = {
    CommentStatus.APPROVED: "approve",
    CommentStatus.PENDING: "hold",
    CommentStatus.SPAM: "spam",
    CommentStatus.TRASH: "trash",
}
FROM_WP = {name: status for status, name in TO_WP.items()}


def _comments(user, perm="comments.view_comment"):
    if not user.has_perm(perm):
        raise faults.not_allowed()
    found = Comment.objects.filter(post__isnull=False).select_related("post")
    return found.filter(post__author=user) if own_posts_only(user) else found


def _comment(user, comment_id, perm="comments.view_comment"):
    comment = _comments(user, perm).filter(pk=int(comment_id)).first()
    if comment is None:
        raise faults.fault(faults.Code.NOT_FOUND, _("Invalid comment ID."))
    return comment


def comment_struct(comment, request):
    link = request.build_absolute_uri(comment.post.get_absolute_url())
    return {
        "comment_id": str(comment.pk),
        "parent": str(comment.parent_id or 0),
        "user_id": str(comment.user_id or 0),
        "date_created_gmt": posts.to_rpc_date(comment.created_at),
        "status": TO_WP.get(comment.status, "hold"),
        "content": comment.body,
        "link": f"{link}#comment-{comment.pk}",
        "post_id": str(comment.post_id),
        "post_title": comment.post.title,
        "author": comment.author_name,
        "author_url": comment.author_url,
        "author_email": comment.author_email,
        "author_ip": comment.ip_address or "",
        "type": "" if comment.kind == "comment" else comment.kind,
    }


@method("wp.getCommentCount", int, str, str, int, auth_at=1, optional=1)
def get_comment_count(request, user, blog_id, post_id=None):
    found = _comments(user)
    if post_id is not None:
        found = found.filter(post_id=int(post_id))
    counts = found.aggregate(
        approved=Count("pk", filter=Q(status=CommentStatus.APPROVED)),
        awaiting_moderation=Count("pk", filter=Q(status=CommentStatus.PENDING)),
        spam=Count("pk", filter=Q(status=CommentStatus.SPAM)),
    )
    counts["total_comments"] = counts["approved"] + counts["awaiting_moderation"]
    return counts


@method("wp.getComment", int, str, str, int, auth_at=1)
def get_comment(request, user, blog_id, comment_id):
    return comment_struct(_comment(user, comment_id), request)


@method("wp.getComments", int, str, str, dict, auth_at=1, optional=1)
def get_comments(request, user, blog_id, filters=None):
    filters = filters or {}
    found = _comments(user)
    if filters.get("post_id") not in (None, "", 0, "0"):
        if not str(filters["post_id"]).isdigit():
            raise faults.invalid()
        found = found.filter(post_id=int(filters["post_id"]))
    if filters.get("status"):
        if filters["status"] not in FROM_WP:
            raise faults.invalid(_("Unknown comment status."))
        found = found.filter(status=FROM_WP[filters["status"]])
    number = wp_api._bounded(filters.get("number", 10), conf.settings.PUBLISHING_MAX_POSTS)
    offset = wp_api._bounded(filters.get("offset", 0), 10**6)
    found = found.order_by("-created_at", "-id")[offset : offset + number]
    return [comment_struct(comment, request) for comment in found]


@method("wp.editComment", int, str, str, int, dict, auth_at=1)
def edit_comment(request, user, blog_id, comment_id, content):
    """Moderate: only `status` is changed, through the same service as the moderation queue."""
    comment = _comment(user, comment_id, perm="comments.change_comment")
    status = content.get("status")
    if status not in FROM_WP:
        raise faults.invalid(_("Unknown comment status."))
    comment_moderate(comment=comment, status=FROM_WP[status], moderator=user)
    return True


@method("wp.deleteComment", int, str, str, int, auth_at=1)
def delete_comment(request, user, blog_id, comment_id):
    comment_delete(
        comment=_comment(user, comment_id, perm="comments.delete_comment"), moderator=user
    )
    return True
