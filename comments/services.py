"""Writes on comments: posting, moderating, deleting, emptying the trash, repairing trees.

Every write that changes a tree runs under `locking.atomic_tree_write` (see comments/locking.py);
signals go out after the commit (`core.signals.send_on_commit`), so listeners never see a comment
that was rolled back, and a listener that fails never turns a saved comment into an error.
"""

import re
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from blog.markup import clean_source
from core.signals import send_on_commit

from . import conf, moderation, trees
from .addresses import client_key
from .exceptions import CommentsClosed, Duplicate, Flood, InvalidParent, NotEditable, TooLong
from .locking import atomic_all_trees, atomic_tree_write, busy_as_503, lock_address
from .models import CONVERSATION_KINDS, Comment, CommentKind, CommentStatus, subject_field
from .rendering import comment_html
from .signals import comment_posted, comment_status_changed

CONTROL_CHARS_RE = re.compile(r"[\x00-\x1f\x7f]+")
HIDDEN_STATUSES = {CommentStatus.TRASH, CommentStatus.SPAM}


def comment_create(
    *,
    post,
    parent=None,
    user=None,
    author_name,
    author_email="",
    author_url="",
    body,
    ip_address=None,
    user_agent="",
    kind=CommentKind.COMMENT,
    notify_replies=False,
    subscribe_blog=False,
    unverified_form=False,
):
    """Store a comment (or pingback, webmention) on `post` (or a static page) with the status the rules give it.

    Raises a `CommentRejected` subclass, with nothing stored, when comments are closed
    (`CommentsClosed`), the parent is not an approved comment of this post (`InvalidParent`), the
    text is too long (`TooLong`), the same comment exists (`Duplicate`), the same IP address
    commented less than COMMENTS_FLOOD_SECONDS ago (`Flood`), or the lock could not be had in time
    (`Busy`). A reply deeper than COMMENTS_MAX_DEPTH attaches at the deepest allowed level.
    `unverified_form`: sent from a form no reader-bound check vouches for (a shared page file's,
    without JavaScript): held for moderation unless the spam rules say worse.
    The body is rendered only after all of these checks passed. Sends `comment_posted` after the
    commit.
    """
    if kind in CONVERSATION_KINDS and not moderation.comments_open(post):
        raise CommentsClosed
    fields = _cleaned_fields(author_name, author_email, author_url, body, ip_address, user_agent)
    member = user if user is not None and user.is_authenticated else None
    with atomic_tree_write(post, new_tree=parent is None):
        parent = _parent_for_reply(post, parent)
        now = timezone.now()
        _refuse_duplicate(post, parent, fields)
        if kind == CommentKind.COMMENT and not (member and member.is_staff):
            _refuse_flood(fields["ip_address"], fields["author_email"], now)
        # The costly step, once every cheap refusal has had its say.
        body_html = comment_html(fields["body"])
        status = moderation.decide_status(
            user=member, kind=kind, fields=fields, body_html=body_html, unverified=unverified_form
        )
        comment = Comment(
            **{subject_field(post): post},
            parent=parent,
            user=member,
            body_html=body_html,
            status=status,
            kind=kind,
            created_at=now,
            **fields,
        )
        comment.save()
        send_on_commit(
            comment_posted,
            sender=Comment,
            comment=comment,
            notify_replies=notify_replies,
            subscribe_blog=subscribe_blog,
        )
    return comment


def _cleaned_fields(author_name, author_email, author_url, body, ip_address, user_agent):
    """What the commenter supplied, made safe to store: one-line names, no NUL, within limits.

    The name is also normalised (NFKC, no invisible characters) so that it reads as it looks, to
    word filters and to the first-time check alike.
    """
    fields = {
        "author_name": clean_line(moderation.normalise_text(author_name))[:100],
        "author_email": clean_line(author_email)[:254],
        "author_url": clean_line(author_url)[:500],
        "body": clean_source(body or "").strip(),
        "ip_address": ip_address or None,
        "user_agent": clean_line(user_agent)[:500],
    }
    if len(fields["body"]) > conf.settings.COMMENTS_MAX_LENGTH:
        raise TooLong
    return fields


def clean_line(value):
    """One line of text: no NUL, CR, LF or other control characters (they forge mail headers)."""
    return CONTROL_CHARS_RE.sub(" ", str(value or "")).strip()


def _parent_for_reply(post, parent):
    """The comment a reply attaches to, read again under the lock, or None for a new thread."""
    if parent is None:
        return None
    parent_pk = parent.pk if isinstance(parent, Comment) else parent
    try:
        parent = Comment.objects.about(post).get(pk=parent_pk, status=CommentStatus.APPROVED)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise InvalidParent from None
    deepest_parent_level = conf.settings.COMMENTS_MAX_DEPTH - 2
    if parent.level > deepest_parent_level >= 0:
        parent = parent.get_ancestors().get(level=deepest_parent_level)
    return parent


def _refuse_duplicate(post, parent, fields):
    same = (
        Comment.objects.about(post)
        .filter(
            parent=parent,
            author_email__iexact=fields["author_email"],
            body=fields["body"],
        )
        .exclude(status=CommentStatus.TRASH)
    )
    if same.exists():
        raise Duplicate


def _refuse_flood(ip_address, email, now):
    """Read from the comment table inside the write lock: the limit holds across all workers.

    One commenter is one address however written (an IPv6 /64, comments/addresses.py) and one
    e-mail address whatever the network it writes from.
    """
    seconds = conf.settings.COMMENTS_FLOOD_SECONDS
    key = client_key(ip_address)
    if not seconds or not (key or email):
        return
    for lock in filter(None, (key, email and f"mail:{email.lower()}")):
        lock_address(lock)
    recent = Comment.objects.filter(
        kind=CommentKind.COMMENT, created_at__gt=now - timedelta(seconds=seconds)
    )
    if email and recent.filter(author_email__iexact=email).exists():
        raise Flood
    if "/" in key:  # an IPv6 /64: compared here, over the few IPv6 rows of the last seconds
        addresses = recent.filter(ip_address__contains=":").values_list("ip_address", flat=True)
        if any(client_key(address) == key for address in addresses):
            raise Flood
    elif key and recent.filter(ip_address=key).exists():
        raise Flood


def comment_moderate(*, comment, status, moderator=None):
    """Give `comment` a new status; sends `comment_status_changed` after the commit.

    Moving to trash or spam remembers the old status, so `comment_restore` can bring it back.
    `moderator` is who decided (None for a rule or a signed link); kept for the signal listeners.
    """
    previous = comment.status
    if previous == status:
        return comment
    comment.status = status
    comment.previous_status = previous if status in HIDDEN_STATUSES else ""
    comment.moderated_at = timezone.now()
    with busy_as_503(), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            status=comment.status,
            previous_status=comment.previous_status,
            moderated_at=comment.moderated_at,
        )
        send_on_commit(
            comment_status_changed,
            sender=Comment,
            comment=comment,
            previous=previous,
            moderator=moderator,
        )
    return comment


def comment_restore(*, comment, moderator=None):
    """Take `comment` out of trash or spam, back to the status it had (pending if unknown)."""
    status = comment.previous_status or CommentStatus.PENDING
    if status in HIDDEN_STATUSES:
        status = CommentStatus.PENDING
    return comment_moderate(comment=comment, status=status, moderator=moderator)


def comment_delete(*, comment, moderator=None):
    """Delete `comment`, unless it has replies: then it goes to the trash and the replies stay.

    A trashed comment with visible replies is shown as "This comment was deleted." in its place,
    so the conversation keeps its shape. Returns True when the row was deleted.
    """
    with atomic_tree_write(comment.subject):
        comment = Comment.objects.filter(pk=comment.pk).first()
        if comment is None:
            return True
        if comment.get_descendant_count():
            comment_moderate(comment=comment, status=CommentStatus.TRASH, moderator=moderator)
            return False
        comment.delete()
    return True


def comment_trash_empty(*, days=None):
    """Delete comments in the trash for more than `days` (COMMENTS_TRASH_DAYS) days.

    A trashed comment that still has replies outside the trash is kept (as its placeholder);
    its own trashed replies go first, so whole trashed threads disappear. Returns how many.
    """
    from blog.models import Page, Post

    days = conf.settings.COMMENTS_TRASH_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    old = Comment.objects.filter(status=CommentStatus.TRASH, moderated_at__lt=cutoff)
    deleted = 0
    for post_id in old.values_list("post_id", flat=True).distinct():
        if post_id is not None:
            deleted += _empty_trash_of(Post.objects.get(pk=post_id), old)
    for page_id in old.values_list("page_id", flat=True).distinct():
        if page_id is not None:
            deleted += _empty_trash_of(Page.objects.get(pk=page_id), old)
    return deleted


def _empty_trash_of(subject, old):
    """Delete the old trash of one post or page, under its tree lock."""
    deleted = 0
    with atomic_tree_write(subject):
        # Leaves first (rght = lft + 1), deepest last in the tree first, until none is left.
        while leaves := list(old.about(subject).filter(rght=F("lft") + 1).order_by("-lft")):
            for leaf in leaves:
                Comment.objects.get(pk=leaf.pk).delete()
                deleted += 1
    return deleted


def comment_editable(comment, *, user=None, own_ids=(), now=None):
    """Whether this reader may still edit or delete `comment`: a comment (not a ping), neither
    spam nor trash, written less than COMMENTS_EDIT_MINUTES ago by this member, or by the guest
    whose browser remembers it (`own_ids`, from a signed cookie)."""
    if comment.kind != CommentKind.COMMENT or comment.status in HIDDEN_STATUSES:
        return False
    now = now or timezone.now()
    if comment.created_at <= now - timedelta(minutes=conf.settings.COMMENTS_EDIT_MINUTES):
        return False
    if comment.user_id is not None:
        return user is not None and user.is_authenticated and user.pk == comment.user_id
    return comment.pk in set(own_ids)


def comment_edit(*, comment, body, user=None, own_ids=()):
    """Replace the text of the reader's own `comment` (see `comment_editable`); raises
    `NotEditable` otherwise, or `TooLong`.

    An approved comment whose edit adds links goes through moderation again: spam by the rules,
    else held for a moderator (a link slipped into an approved comment is spam's oldest trick);
    staff stay approved. Sends `comment_status_changed` after the commit when the status moved.
    """
    return _replace_body(
        comment, body, lambda found: comment_editable(found, user=user, own_ids=own_ids)
    )


def comment_edit_remote(*, comment, body):
    """Replace the text of a reply written elsewhere (a fediverse note edited by its author),
    under the same rules as `comment_edit` but without its time window: the remote server has
    already checked that its author wrote it. Raises `NotEditable` for spam or trash, `TooLong`."""
    return _replace_body(comment, body, lambda found: found.status not in HIDDEN_STATUSES)


def _replace_body(comment, body, may_edit):
    body = clean_source(body or "").strip()
    if len(body) > conf.settings.COMMENTS_MAX_LENGTH:
        raise TooLong
    with busy_as_503(), transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment.pk).first()
        if comment is None or not may_edit(comment):
            raise NotEditable
        body_html = comment_html(body)
        previous = comment.status
        if previous == CommentStatus.APPROVED and _adds_links(comment, body_html):
            comment.status = _status_after_edit(comment, body, body_html)
        comment.body, comment.body_html = body, body_html
        fields = ["body", "body_html"]
        if comment.status != previous:
            comment.moderated_at = timezone.now()
            fields += ["status", "moderated_at"]
            send_on_commit(
                comment_status_changed,
                sender=Comment,
                comment=comment,
                previous=previous,
                moderator=None,
            )
        comment.save(update_fields=fields)
    return comment


def _adds_links(comment, body_html):
    return moderation.count_links(body_html) > moderation.count_links(comment.body_html)


def _status_after_edit(comment, body, body_html):
    fields = {
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": comment.author_url,
        "body": body,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
    }
    status = moderation.decide_status(
        user=comment.user, kind=comment.kind, fields=fields, body_html=body_html
    )
    staff = comment.user is not None and comment.user.is_staff
    return CommentStatus.PENDING if status == CommentStatus.APPROVED and not staff else status


def comment_withdraw(*, comment, user=None, own_ids=()):
    """Delete the reader's own `comment` (see `comment_editable`), as `comment_delete` does: a
    comment already answered goes to the trash, its replies stay. Raises `NotEditable`."""
    if not comment_editable(comment, user=user, own_ids=own_ids):
        raise NotEditable
    return comment_delete(comment=comment)


def comment_tree_check_and_repair(*, repair=True):
    """Check every comment tree's nested-set numbering; with `repair`, rebuild if one is wrong.

    Returns the problems found, as readable lines (empty when every tree is valid). The repair
    renumbers every tree from the `parent` links, replies in the order they were written,
    while excluding every other comment writer.
    """
    problems = trees.find_problems(Comment.objects.all())
    if problems and repair:
        with atomic_all_trees():
            trees.rebuild_in_date_order()
    return problems


def member_comments_anonymise(sender=None, *, user, anonymous_name, **kwargs):
    """A member is leaving (accounts.signals.member_leaving): their comments stay, anonymised,
    so replies keep their place."""
    Comment.objects.filter(user=user).update(
        user=None, author_name=anonymous_name, author_email="", author_url="", ip_address=None,
        user_agent="",
    )  # fmt: skip
