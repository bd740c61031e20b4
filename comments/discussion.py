"""The discussion under a post or a page as one reader gets it: what `{% discussion post %}` shows.

Most of it is the same for every reader: the count, the comments of one comment page and their
pagination. That part is rendered once per subject, comment page, language, time zone and open or
closed state, and kept for the current content generation (pagecache.generation: every change a
reader can see, a comment approved, edited, moderated or deleted, the post saved, a member renamed,
an avatar changed, starts a new one), with the comment settings it shows in its key.

Then, per reader and without a query, the "Edit" links of their own comments: the shared part
marks each comment someone may still edit (COMMENTS_EDIT_MINUTES), and each reader keeps the marks
that are theirs (`comment_editable`). A reader with a comment awaiting moderation on this subject
sees it in its thread: their discussion is rendered for them alone, uncached (one query tells).
"""

import re
import secrets
import time
from collections import namedtuple
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage
from django.db.models import Max
from django.http import Http404
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from pagecache.generation import memoize

from . import conf, cookies
from .display import load_discussion
from .forms import CommentForm
from .models import Comment, CommentKind, CommentStatus, subject_field
from .moderation import comments_open
from .services import HIDDEN_STATUSES, comment_editable

# What the shared part shows and the settings decide: a change of one is a new cache entry.
SHOWN_SETTINGS = ("COMMENTS_MAX_DEPTH", "COMMENTS_PER_PAGE", "COMMENTS_EDIT_MINUTES")

# The fields `comment_editable` reads, kept for each comment someone may still edit.
Editable = namedtuple("Editable", "pk kind status created_at user_id")


def discussion_context(request, subject, *, page_number=1, form=None, preview=False):
    """What templates/comments/discussion.html needs for `subject` (a post or a page), as this
    reader sees it; Http404 for a comment page past the end. A `preview` (the admin's, of a
    draft maybe) shows the comments without a form: nothing can be posted there."""
    is_open = comments_open(subject) and not preview
    shared = shared_part(request, subject, page_number=page_number, is_open=is_open)
    if form is None and is_open:
        form = _blank_form(request, subject, shared["replyable"])
    return {
        "shown": shared["has_threads"] or is_open or subject_field(subject) == "post",
        "post": subject,
        "request": request,
        "user": request.user,
        "comment_page_html": personal_html(request, shared),
        "comment_form": form if is_open else None,
        "comments_open": is_open,
        "comment_form_action": form_action(subject),
        "reply_to": _reply_target(form, shared["replyable"]),
    }


def form_action(subject):
    """Where the comment form of a post or a page is sent."""
    if subject_field(subject) == "page":
        return reverse("comments:page_post", kwargs={"page_pk": subject.pk})
    return reverse("comments:post", kwargs={"post_pk": subject.pk})


def shared_part(request, subject, *, page_number, is_open):
    """The comment page as every reader without a pending comment here sees it (see module)."""
    user, pending_ids = request.user, cookies.pending_ids(request)
    if _has_own_pending(subject, user, pending_ids):
        return _render_shared(subject, page_number, is_open, user=user, pending_ids=pending_ids)
    key = ":".join(
        str(part)
        for part in (
            "comments:discussion", subject_field(subject), subject.pk, page_number,
            get_language(), timezone.get_current_timezone_name(), int(is_open),
            *(getattr(conf.settings, name) for name in SHOWN_SETTINGS), settings.TIME_ZONE,
        )
    )  # fmt: skip
    return memoize(key, lambda: _render_shared(subject, page_number, is_open))


def personal_html(request, shared):
    """The shared comment page with this reader's "Edit" links kept and everyone else's dropped."""
    own_ids, now = cookies.own_ids(request), timezone.now()
    keep = {
        pk
        for pk, fields in shared["candidates"].items()
        if comment_editable(Editable(*fields), user=request.user, own_ids=own_ids, now=now)
    }
    return SafeString(
        "".join(
            part if isinstance(part, str) else (part[1] if part[0] in keep else "")
            for part in shared["parts"]
        )
    )


def has_own_parts(request):
    """Whether this member's pages show something of their own: a comment awaiting moderation or
    one they may still edit, anywhere (the page cache then renders their pages for them).

    Asked on every page a member reads, so the answer, until when they have such a comment, is
    kept in the cache and forgotten whenever one of their comments is saved or deleted
    (`forget_own_parts`)."""
    key = _own_parts_key(request.user.pk)
    until = cache.get(key)
    if until is None:
        until = _own_parts_until(request.user)
        cache.set(key, until, timeout=conf.settings.COMMENTS_EDIT_MINUTES * 60)
    return until > time.time()


def forget_own_parts(sender, instance, **kwargs):
    """Receiver: a member's comment changed; `has_own_parts` asks the database again."""
    if instance.user_id is not None:
        cache.delete(_own_parts_key(instance.user_id))


def _own_parts_key(user_pk):
    return f"comments:own-parts:{user_pk}"


def _own_parts_until(user):
    """A timestamp: forever with a comment awaiting moderation, else the end of the edit time of
    their newest comment (0 when none)."""
    own = Comment.objects.filter(user=user).exclude(status__in=HIDDEN_STATUSES)
    if own.filter(status=CommentStatus.PENDING).exists():
        return float("inf")
    newest = own.filter(kind=CommentKind.COMMENT).aggregate(at=Max("created_at"))["at"]
    if newest is None:
        return 0
    return (newest + timedelta(minutes=conf.settings.COMMENTS_EDIT_MINUTES)).timestamp()


def _has_own_pending(subject, user, pending_ids):
    if not pending_ids and not user.is_authenticated:
        return False  # a guest without the cookie has nothing pending: no query
    own = Comment.objects.visible_to(user=user, pending_ids=pending_ids).about(subject)
    return own.filter(status=CommentStatus.PENDING).exists()


def _render_shared(subject, page_number, is_open, *, user=None, pending_ids=()):
    """The comment page rendered once, cut where each "Edit" link may go (a picklable dict)."""
    try:
        discussion = load_discussion(
            subject, user=user, pending_ids=pending_ids, page_number=page_number
        )
    except InvalidPage:
        raise Http404 from None
    limit = timezone.now() - timedelta(minutes=conf.settings.COMMENTS_EDIT_MINUTES)
    candidates = {
        comment.pk: tuple(Editable(*(getattr(comment, f) for f in Editable._fields)))
        for comment in discussion.by_pk.values()
        if comment.kind == CommentKind.COMMENT
        and comment.status not in HIDDEN_STATUSES
        and comment.created_at > limit
    }
    mark = secrets.token_hex(8)  # unguessable: no comment text can pass for a mark
    html = get_template("comments/includes/comment_page.html").render(
        {
            "post": subject,
            "discussion": discussion,
            "comments_open": is_open,
            "editable_ids": {str(pk) for pk in candidates},  # as strings, like the rows' ids
            "edit_mark": mark,
        }
    )
    return {
        "parts": _cut(html, mark),
        "candidates": candidates,
        "replyable": {
            pk: comment.author_name
            for pk, comment in discussion.by_pk.items()
            if comment.status == CommentStatus.APPROVED
        },
        "has_threads": bool(discussion.threads),
    }


def _cut(html, mark):
    """`html` as a list of strings and (comment pk, its "Edit" link) pairs, in order."""
    pattern = re.compile(rf"<!--edit-{mark}-(\d+)-->(.*?)<!--/edit-{mark}-->", re.DOTALL)
    parts, start = [], 0
    for match in pattern.finditer(html):
        parts += [html[start : match.start()], (int(match.group(1)), match.group(2))]
        start = match.end()
    parts.append(html[start:])
    return parts


def _blank_form(request, subject, replyable):
    initial = {} if request.user.is_authenticated else cookies.commenter_details(request)
    initial["remember"] = bool(initial)
    parent = _int(request.GET.get("replytocom"))
    if parent in replyable:
        initial["parent"] = parent
    return CommentForm(initial=initial, post=subject, user=request.user)


def _reply_target(form, replyable):
    """The approved comment of this page the form answers, as {pk, author_name}, or None."""
    if form is None:
        return None
    pk = _int(form.data.get("parent") if form.is_bound else form.initial.get("parent"))
    if pk not in replyable:
        return None
    return {"pk": pk, "author_name": replyable[pk]}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
