"""The moderation queue's row actions: one comment approved, marked as spam, trashed, restored,
or answered, from a button in its row.

Each answers a plain POST (no JavaScript) with a redirect back to the queue and a message that
carries an "Undo" button; a `fetch` from static/js/moderation_queue.js (Accept: application/json)
gets JSON with the row rendered again and the new pending count, so the page never reloads.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import queue, spam
from .exceptions import CommentRejected
from .models import CommentStatus
from .services import comment_create, comment_moderate, comment_restore

RESTORE = "restore"  # out of trash or spam, back to the status it had


def done_message(target, count):
    """ "2 comments approved." and the like, with real plurals."""
    texts = {
        CommentStatus.APPROVED: ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", count
        ),
        CommentStatus.SPAM: ngettext(
            "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", count
        ),
        CommentStatus.TRASH: ngettext(
            "%(count)d comment moved to the trash.",
            "%(count)d comments moved to the trash.",
            count,
        ),
        CommentStatus.PENDING: ngettext(
            "%(count)d comment sent back to moderation.",
            "%(count)d comments sent back to moderation.",
            count,
        ),
        RESTORE: ngettext("%(count)d comment restored.", "%(count)d comments restored.", count),
    }
    return texts[target] % {"count": count}


def pending_text(count):
    return ngettext(
        "%(count)d comment awaiting moderation", "%(count)d comments awaiting moderation", count
    ) % {"count": count}


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def next_url(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:comments_comment_changelist")


def apply(*, comment, target, moderator):
    """Move `comment` as the button says; returns the status it had before."""
    previous = comment.status
    if target == RESTORE:
        comment_restore(comment=comment, moderator=moderator)
    else:
        comment_moderate(comment=comment, status=target, moderator=moderator)
    return previous


def row_response(request, model_admin, comment, *, previous, message, status=200):
    """The JSON a row action answers: the row drawn again, the count, and how to undo."""
    comment = queue.with_queue_columns(model_admin.get_queryset(request)).get(pk=comment.pk)
    comment.queue_reasons = queue.reasons_for([comment]).get(comment.pk, [])
    return JsonResponse(
        {
            "pk": comment.pk,
            "status": comment.status,
            "previous": previous,
            "message": message,
            "pending_count": queue.pending_count(),
            "pending_text": pending_text(queue.pending_count()),
            "row_html": render_to_string(
                "admin/comments/comment/queue_comment.html",
                queue_comment_context(comment),
                request=request,
            ),
        },
        status=status,
    )


def queue_comment_context(comment):
    return {
        "comment": comment,
        "hosts": spam.link_hosts(comment.body_html, comment.author_url),
        "reasons": getattr(comment, "queue_reasons", []),
        "parent_excerpt": queue.excerpt(comment.parent) if comment.parent_id else "",
        "change_url": reverse("admin:comments_comment_change", args=[comment.pk]),
        "moderate_url": reverse("admin:comments_comment_moderate", args=[comment.pk]),
        "reply_url": reverse("admin:comments_comment_reply", args=[comment.pk]),
    }


def undo_message(request, message, comment, previous):
    """A success message with an "Undo" button that posts the previous status back."""
    html = render_to_string(
        "admin/comments/comment/undo_message.html",
        {
            "message": message,
            "previous": previous,
            "moderate_url": reverse("admin:comments_comment_moderate", args=[comment.pk]),
        },
        request=request,
    )
    messages.success(request, mark_safe(html))  # noqa: S308 (our template, escaped inside)


def moderate_view(model_admin, request, pk):
    """POST status=approved|spam|trash|pending|restore on one comment of the queue."""
    comment = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    target = request.POST.get("status", "")
    if target not in {*CommentStatus.values, RESTORE}:
        text = _("Unknown action: choose approve, spam, trash or restore.")
        if wants_json(request):
            return JsonResponse({"message": text}, status=400)
        messages.error(request, text)
        return redirect(next_url(request))
    previous = apply(comment=comment, target=target, moderator=request.user)
    message = done_message(target, 1)
    if wants_json(request):
        return row_response(request, model_admin, comment, previous=previous, message=message)
    undo_message(request, message, comment, previous)
    return redirect(next_url(request))


def reply_as(request, comment, body):
    """Post `body` under the moderator's name in answer to `comment`, approving it first."""
    if comment.status == CommentStatus.PENDING:
        comment_moderate(comment=comment, status=CommentStatus.APPROVED, moderator=request.user)
    user = request.user
    return comment_create(
        post=comment.post,
        parent=comment,
        user=user,
        author_name=user.get_full_name() or user.get_username(),
        author_email=user.email,
        body=body,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
    )


def reply_json(request, model_admin, comment, form):
    """The inline reply from the queue: JSON with the answered row drawn again, or the errors."""
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return JsonResponse({"message": " ".join(errors)}, status=400)
    try:
        reply_as(request, comment, form.cleaned_data["body"])
    except CommentRejected as rejection:
        return JsonResponse({"message": str(rejection.message)}, status=400)
    message = _("Your reply is published.")
    # No undo: the reply is published; it is moderated like any other comment.
    return row_response(request, model_admin, comment, previous=None, message=message)
