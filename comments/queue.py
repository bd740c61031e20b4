"""The moderation queue's figures: how many comments wait (cached), and what each row shows.

The count is read on every admin page (the badge beside "Comments"), so it lives in the cache and
is forgotten after every change that can move it: a comment stored, edited, moderated or deleted.
The cache is cleared after the commit, so no reader caches a figure a rollback would undo.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from . import moderation, spam
from .models import Comment, CommentStatus, ModerationWord, WordAction

PENDING_COUNT_KEY = "comments:pending-count"
# A day at most: every change clears it anyway; the timeout only bounds a missed invalidation.
PENDING_COUNT_TIMEOUT = 24 * 3600


def pending_count():
    """How many comments (pingbacks, webmentions) await moderation, from the cache if there."""
    count = cache.get(PENDING_COUNT_KEY)
    if count is None:
        count = Comment.objects.filter(status=CommentStatus.PENDING).count()
        cache.set(PENDING_COUNT_KEY, count, PENDING_COUNT_TIMEOUT)
    return count


def forget_pending_count(*args, **kwargs):
    """Signal listener: the count may have moved; read it again now and after the commit (a
    reader between the two may have cached the figure from before the commit)."""
    cache.delete(PENDING_COUNT_KEY)
    transaction.on_commit(lambda: cache.delete(PENDING_COUNT_KEY))


def with_queue_columns(comments):
    """`comments` with what the queue shows in one query: post, page, parent, and how many
    comments of the same e-mail were approved before each."""
    approved_before = (
        Comment.objects.filter(
            status=CommentStatus.APPROVED,
            author_email__iexact=OuterRef("author_email"),
            created_at__lt=OuterRef("created_at"),
        )
        .exclude(author_email="")
        .order_by()
        .values("author_email")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return comments.select_related("post", "page", "parent").annotate(
        approved_before=Coalesce(
            Subquery(approved_before[:1], output_field=IntegerField()), Value(0)
        )
    )


def excerpt(comment, length=120):
    """The first words of `comment`, on one line: the parent a reply answers."""
    return Truncator(" ".join(comment.body.split())).chars(length)


def reasons_for(comments):
    """{pk: [reasons]} why each pending or spam comment is where it is, in two queries."""
    held = [c for c in comments if c.status in (CommentStatus.PENDING, CommentStatus.SPAM)]
    if not held:
        return {}
    learned = spam.reasons_for(held)
    words = list(ModerationWord.objects.values_list("word", "action"))
    limit = moderation.link_limit(spam.rules())
    reasons = {}
    for comment in held:
        found = [learned[comment.pk]] if comment.pk in learned else []
        found += _word_reasons(comment, words)
        links = comment.body_html.count("<a ")
        if limit and links >= limit:
            found.append(_links_reason(links))
        reasons[comment.pk] = found
    return reasons


def _word_reasons(comment, words):
    haystack = " ".join(
        str(value or "")
        for value in (
            comment.author_name,
            comment.author_email,
            comment.author_url,
            comment.body,
            comment.ip_address,
            comment.user_agent,
        )
    ).casefold()
    found = []
    for word, action in words:
        if word.strip() and word.strip().casefold() in haystack:
            text = (
                gettext("Disallowed word: “%(word)s”.")
                if action == WordAction.SPAM
                else gettext("Moderation word: “%(word)s”.")
            )
            found.append(text % {"word": word.strip()})
    return found


def _links_reason(links):
    return ngettext("%(count)d link.", "%(count)d links.", links) % {"count": links}
