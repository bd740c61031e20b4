"""WordPress's discussion rules: whether comments are open, and which status a new comment gets."""

from datetime import timedelta

from django.utils import timezone

from . import conf, spam
from .conf import Moderation
from .models import Comment, CommentKind, CommentStatus, ModerationWord, WordAction


def comments_open(post):
    """Whether readers may comment on `post`: its switch, then its age (COMMENTS_CLOSE_AFTER_DAYS)."""
    if not post.comments_open:
        return False
    days = conf.get("COMMENTS_CLOSE_AFTER_DAYS")
    return not days or post.published_at > timezone.now() - timedelta(days=days)


def decide_status(*, user, kind, fields, body_html):
    """The status a new comment starts with.

    `fields` holds what the commenter supplied (author_name, author_email, author_url, body,
    ip_address, user_agent). In order: staff are approved; a disallowed word makes it spam; a
    same e-mail, IP or linked host as comments moderators marked as spam sends it to spam or to
    the queue (comments/spam.py); a pingback or webmention waits if COMMENTS_MODERATE_PINGS; too
    many links (the admin's moderation rules, else COMMENTS_MAX_LINKS) or a moderation word hold it; then COMMENTS_MODERATION decides (`first_time`: held until the same e-mail, or the
    same member, has an approved comment).
    """
    if user is not None and user.is_staff:
        return CommentStatus.APPROVED
    words = _moderation_words()
    haystack = " ".join(str(value or "") for value in fields.values()).casefold()
    if _matches(words[WordAction.SPAM], haystack):
        return CommentStatus.SPAM
    rules = spam.rules()
    learned = (
        spam.learned_verdict(fields=fields, body_html=body_html) if rules.learn_from_spam else None
    )
    if learned is not None:
        return learned.status
    if kind != CommentKind.COMMENT:
        moderated = conf.get("COMMENTS_MODERATE_PINGS")
        return CommentStatus.PENDING if moderated else CommentStatus.APPROVED
    if _too_many_links(body_html, rules) or _matches(words[WordAction.HOLD], haystack):
        return CommentStatus.PENDING
    return _status_by_policy(user, fields.get("author_email", ""))


def _moderation_words():
    words = {WordAction.HOLD: [], WordAction.SPAM: []}
    for word, action in ModerationWord.objects.values_list("word", "action"):
        if word.strip():
            words[action].append(word.strip().casefold())
    return words


def _matches(words, haystack):
    return any(word in haystack for word in words)


def link_limit(rules):
    """Links that hold a comment: the admin's moderation rules, else COMMENTS_MAX_LINKS."""
    return conf.get("COMMENTS_MAX_LINKS") if rules.max_links is None else rules.max_links


def _too_many_links(body_html, rules):
    limit = link_limit(rules)
    return bool(limit) and body_html.count("<a ") >= limit


def _status_by_policy(user, email):
    policy = conf.get("COMMENTS_MODERATION")
    if policy == Moderation.NONE:
        return CommentStatus.APPROVED
    if policy == Moderation.ALL:
        return CommentStatus.PENDING
    known = Comment.objects.filter(status=CommentStatus.APPROVED)
    if user is not None and user.is_authenticated:
        known = known.filter(user=user)
    elif email:
        known = known.filter(author_email__iexact=email)
    else:
        return CommentStatus.PENDING
    return CommentStatus.APPROVED if known.exists() else CommentStatus.PENDING
