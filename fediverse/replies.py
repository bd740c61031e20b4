"""Replies from the fediverse, kept as comments of kind "activitypub" in the post's thread.

They go through `comments.services.comment_create`, so the same moderation rules hold (held the
first time, moderation words, learned spam). A reply not addressed to the public is not stored:
the blog shows replies in public, so a private one has no place in it.
"""

import hashlib
import html
import logging
import re

from django.db import transaction

from comments.exceptions import CommentRejected
from comments.models import CommentKind
from comments.services import comment_create, comment_delete, comment_edit_remote

from .documents import PUBLIC_ALIASES
from .models import RemoteNote
from .targets import comment_for_url, object_id, post_for_url

logger = logging.getLogger(__name__)
BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
PARAGRAPH_RE = re.compile(r"</p\s*>", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]*>")
# The mentions a Mastodon reply opens with (@blog, @blog@host): the thread already shows whom
# it answers.
LEADING_MENTIONS_RE = re.compile(r"^(?:@[\w.-]+(?:@[\w.-]+)?\s+)+")


def is_public(note, activity=None):
    """Whether `note` (or the activity carrying it) is addressed to the public."""
    addressed = set()
    for document in filter(None, (note, activity)):
        for field in ("to", "cc"):
            value = document.get(field)
            addressed.update(value if isinstance(value, list) else [value])
    return bool(addressed & PUBLIC_ALIASES)


def note_text(content):
    """The text of a note's HTML without its opening mentions, paragraphs and line breaks kept,
    every tag dropped: the comment pipeline renders and sanitises it as any reader's text."""
    text = PARAGRAPH_RE.sub("\n\n", BREAK_RE.sub("\n", content if isinstance(content, str) else ""))
    return LEADING_MENTIONS_RE.sub("", html.unescape(TAG_RE.sub("", text)).strip())


def fediverse_email(actor):
    """A stable address standing for `actor` (never mailed: `.invalid` is no domain), so the
    first-time rule and the avatar recognise the same account from one reply to the next."""
    return f"{hashlib.sha256(actor.uri.encode()).hexdigest()[:32]}@fediverse.invalid"


def reply_receive(*, note, activity, actor):
    """Store `note` as a comment where its `inReplyTo` points; returns the comment or None."""
    note_id = object_id(note)
    if not note_id or RemoteNote.objects.filter(object_id=note_id).exists():
        return None
    if object_id(note.get("attributedTo")) not in ("", actor.uri) or not is_public(note, activity):
        return None
    post, parent = _place(object_id(note.get("inReplyTo")))
    if post is None:
        return None
    try:
        comment = comment_create(
            post=post,
            parent=parent,
            author_name=actor.name or actor.handle,
            author_email=fediverse_email(actor),
            author_url=actor.url,
            body=note_text(note.get("content")),
            kind=CommentKind.ACTIVITYPUB,
        )
    except CommentRejected as error:
        if error.status_code >= 500:
            raise  # busy: the server sends it again later
        logger.info("Reply %s not stored: %s", note_id, type(error).__name__)
        return None
    RemoteNote.objects.create(object_id=note_id, actor=actor, comment=comment)
    if actor.icon_url and not actor.avatar_fetched:
        from .tasks import fetch_avatar

        transaction.on_commit(lambda: fetch_avatar.enqueue(actor_id=actor.pk))
    return comment


def _place(target):
    """(post, parent comment) of a reply to `target`: a post, a comment, or a stored note."""
    post = post_for_url(target)
    if post is not None:
        return post, None
    parent = comment_for_url(target)
    if parent is None:
        known = RemoteNote.objects.filter(object_id=target).select_related("comment").first()
        parent = known.comment if known else None
    if parent is None or parent.post_id is None:
        return None, None
    return parent.post, parent


def reply_update(*, note, actor):
    known = RemoteNote.objects.filter(object_id=object_id(note), actor=actor).first()
    if known is None:
        return
    try:
        comment_edit_remote(comment=known.comment, body=note_text(note.get("content")))
    except CommentRejected as error:
        logger.info("Edit of %s not stored: %s", known.object_id, type(error).__name__)


def reply_delete(*, object_id, actor):
    known = RemoteNote.objects.filter(object_id=object_id, actor=actor).first()
    if known is not None:
        comment_delete(comment=known.comment)
