"""wp.getComments and friends: reading and moderating comments through the comments' services."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from blog.markup import clean_source
from blog.roles import own_posts_only
from comments import conf as comments_conf
from comments import moderation
from comments.models import Comment, CommentStatus
from comments.rendering import comment_html
from comments.services import clean_line, comment_delete, comment_moderate

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
    """WordPress's fields (status, date_created_gmt, content, author, author_url, author_email),
    all checked before any is written; the status through the moderation queue's service."""
    comment = _comment(user, comment_id, perm="comments.change_comment")
    changes, status = _comment_changes(content)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        for field, value in changes.items():
            setattr(comment, field, value)
        if "body" in changes:
            comment.body_html = comment_html(comment.body)
            changes["body_html"] = comment.body_html
        if changes:
            comment.save(update_fields=list(changes))
        if status is not None and status != comment.status:
            comment_moderate(comment=comment, status=status, moderator=user)
    return True


LIMITS = {"author_name": 100, "author_email": 254, "author_url": 500}
EDITABLE = {
    "content": "body",
    "author": "author_name",
    "author_url": "author_url",
    "author_email": "author_email",
}


def _comment_changes(content):
    """({field: new value}, new status or None) from a WordPress comment struct, or a fault."""
    changes = {}
    for key, field in EDITABLE.items():
        if key in content:
            if not isinstance(content[key], str):
                raise faults.invalid()
            changes[field] = _cleaned(field, content[key])
    if "date_created_gmt" in content:
        changes["created_at"] = posts.to_datetime(content["date_created_gmt"])
    status = content.get("status")
    if status is not None and status not in FROM_WP:
        raise faults.invalid(_("Unknown comment status."))
    return changes, FROM_WP.get(status)


def _cleaned(field, value):
    if field == "body":
        body = clean_source(value).strip()
        if not body or len(body) > comments_conf.settings.COMMENTS_MAX_LENGTH:
            raise faults.invalid(_("The comment's text is empty or too long."))
        return body
    value = clean_line(value)
    if field == "author_name":
        value = moderation.normalise_text(value)
        if not value:
            raise faults.invalid(_("The comment needs an author's name."))
    checks = {"author_email": validate_email, "author_url": URLValidator(schemes=["http", "https"])}
    if value and field in checks:
        try:
            checks[field](value)
        except ValidationError:
            raise faults.invalid(_("The e-mail address or web address is not valid.")) from None
    return value[: LIMITS[field]]


@method("wp.deleteComment", int, str, str, int, auth_at=1)
def delete_comment(request, user, blog_id, comment_id):
    comment_delete(
        comment=_comment(user, comment_id, perm="comments.delete_comment"), moderator=user
    )
    return True
