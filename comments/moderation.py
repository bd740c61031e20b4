"""WordPress's discussion rules: whether comments are open, and which status a new comment gets."""

import html
import re
import unicodedata
from datetime import timedelta

from django.utils import timezone

from . import conf, spam
from .conf import Moderation
from .models import (
    CONVERSATION_KINDS,
    Comment,
    CommentStatus,
    ModerationWord,
    WordAction,
)

# Invisible characters that split a word for a filter but not for a reader: zero-width spaces and
# joiners, soft hyphens, word joiners, byte-order marks, and the bidirectional controls.
INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
LINK_ELEMENT_RE = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)
TAG_RE = re.compile(r"<[^>]*>")
# A domain name as spammers write it, bare, on any top-level domain (pills.xyz, cheap.shop): the
# name is all lower or all upper case, so "fin.Merci" typed without a space is not one.
BARE_DOMAIN_RE = re.compile(
    r"(?<![\w.@/:+-])(?:[\w-]+\.)+([a-z]{2,63}|[A-Z]{2,63}|xn--[a-z0-9-]{1,59})(?![\w@-])"
)
# What follows the last dot of a file name people mention (Node.js, settings.py, index.html).
FILE_EXTENSIONS = set(
    "c cpp css csv doc docx gif go h htm html java jpeg jpg js json jsx md mov mp3 mp4 pdf php png"
    " ppt pptx py rb rs sh svg ts tsx txt webp xls xlsx xml yaml yml zip".split()
)


def normalise_text(text):
    """`text` as filters should read it: NFKC (full-width and styled letters made plain), without
    invisible characters."""
    return INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", str(text or "")))


def count_links(body_html):
    """The links of a comment: its <a> elements, and the domain names left bare in its text."""
    text = html.unescape(TAG_RE.sub(" ", LINK_ELEMENT_RE.sub(" ", body_html)))
    bare = [tld for tld in BARE_DOMAIN_RE.findall(text) if tld.lower() not in FILE_EXTENSIONS]
    return body_html.count("<a ") + len(bare)


def comments_open(post):
    """Whether readers may comment on `post`: its switch, then its age (COMMENTS_CLOSE_AFTER_DAYS)."""
    if not post.comments_open:
        return False
    days = conf.settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or post.published_at > timezone.now() - timedelta(days=days)


def decide_status(*, user, kind, fields, body_html, unverified=False):
    """The status a new comment starts with.

    `fields` holds what the commenter supplied (author_name, author_email, author_url, body,
    ip_address, user_agent). In order: staff are approved; a disallowed word makes it spam; a
    same e-mail, IP or linked host as comments moderators marked as spam sends it to spam or to
    the queue (comments/spam.py); a pingback or webmention waits if COMMENTS_MODERATE_PINGS; too
    many links (`count_links`, against the admin's moderation rules, else COMMENTS_MAX_LINKS), a
    form no reader-bound timestamp vouches for (`unverified`) or a moderation word hold it (words are matched on `normalise_text`, ignoring case); then
    COMMENTS_MODERATION decides (`first_time`: held until the same name and e-mail, or the same
    member, has an approved comment).
    """
    if user is not None and user.is_staff:
        return CommentStatus.APPROVED
    words = _moderation_words()
    haystack = normalise_text(" ".join(str(value or "") for value in fields.values())).casefold()
    if _matches(words[WordAction.SPAM], haystack):
        return CommentStatus.SPAM
    rules = spam.rules()
    learned = (
        spam.learned_verdict(fields=fields, body_html=body_html) if rules.learn_from_spam else None
    )
    if learned is not None:
        return learned.status
    if kind not in CONVERSATION_KINDS:
        moderated = conf.settings.COMMENTS_MODERATE_PINGS
        return CommentStatus.PENDING if moderated else CommentStatus.APPROVED
    if (
        unverified
        or _too_many_links(body_html, rules)
        or _matches(words[WordAction.HOLD], haystack)
    ):
        return CommentStatus.PENDING
    return _status_by_policy(user, fields["author_name"], fields["author_email"])


def _moderation_words():
    words = {WordAction.HOLD: [], WordAction.SPAM: []}
    for word, action in ModerationWord.objects.values_list("word", "action"):
        if word.strip():
            words[action].append(normalise_text(word).strip().casefold())
    return words


def _matches(words, haystack):
    return any(word in haystack for word in words)


def link_limit(rules):
    """Links that hold a comment: the admin's moderation rules, else COMMENTS_MAX_LINKS."""
    return conf.settings.COMMENTS_MAX_LINKS if rules.max_links is None else rules.max_links


def _too_many_links(body_html, rules):
    limit = link_limit(rules)
    return bool(limit) and count_links(body_html) >= limit


def _status_by_policy(user, name, email):
    """WordPress's rule for `first_time`: a guest is known by an approved comment with the same
    name and e-mail (the e-mail in any case); an e-mail alone is too easy to borrow."""
    policy = conf.settings.COMMENTS_MODERATION
    if policy == Moderation.NONE:
        return CommentStatus.APPROVED
    if policy == Moderation.ALL:
        return CommentStatus.PENDING
    known = Comment.objects.filter(status=CommentStatus.APPROVED)
    if user is not None and user.is_authenticated:
        known = known.filter(user=user)
    elif name and email:
        known = known.filter(author_name=name, author_email__iexact=email)
    else:
        return CommentStatus.PENDING
    return CommentStatus.APPROVED if known.exists() else CommentStatus.PENDING
