"""The discussion under a post as one reader sees it: threads of one comment page, nested.

Two queries whatever the number of comments: one summary row per thread (to page threads and
count approved comments), then every node of the page's threads, nested here in Python.

A comment that is hidden (trash, spam, pending someone else's) but has visible replies stays in
place as a placeholder, "This comment was deleted.", with its replies under it: the conversation
keeps its shape and no reply loses its context.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from images.avatars import avatar_urls, member_key

from . import conf
from .models import Comment, CommentStatus, subject_field

AVATAR_SIZE = 48  # px, the side of the picture beside each comment


@dataclass
class Discussion:
    count: int  # approved comments on the whole post (every page)
    page: object  # a Django Page of the post's thread ids
    threads: list = field(default_factory=list)  # root comments, each with `.replies`
    by_pk: dict = field(default_factory=dict)  # the visible comments of this page, by id
    rows: list = field(default_factory=list)  # the threads flattened for one loop: `flatten`
    avatar_size: int = AVATAR_SIZE


def load_discussion(post, *, user=None, pending_ids=(), page_number=1):
    """The discussion of `post` (or a static page) for one reader. Raises Django's InvalidPage
    for a page past the end."""
    visible = Comment.objects.visible_to(user=user, pending_ids=pending_ids)
    summaries = list(visible.thread_summaries(post))
    paginator = Paginator([row["tree_id"] for row in summaries], _threads_per_page(post))
    page = paginator.page(page_number)
    discussion = Discussion(count=sum(row["approved"] for row in summaries), page=page)
    nodes = list(Comment.objects.for_display(post, list(page.object_list)))
    visible_pks = {c.pk for c in nodes if _is_visible(c, user, pending_ids)}
    discussion.threads = nest(nodes, visible_pks, conf.settings.COMMENTS_MAX_DEPTH)
    discussion.by_pk = {c.pk: c for c in nodes if c.pk in visible_pks}
    discussion.rows = flatten(discussion.threads, post=post)
    return discussion


def _threads_per_page(subject):
    """A post's discussion is paged; a page's (imported, read-only) shows on the page, whole:
    a page's address has no room for `/comment-page-N/`."""
    if subject_field(subject) == "page":
        return 2**31
    return conf.settings.COMMENTS_PER_PAGE


def _is_visible(comment, user, pending_ids):
    if comment.status == CommentStatus.APPROVED:
        return True
    if comment.status != CommentStatus.PENDING:
        return False
    own_account = user is not None and user.is_authenticated and comment.user_id == user.pk
    return own_account or comment.pk in pending_ids


def nest(nodes, visible_pks, max_depth):
    """Roots with their `.replies`, from nodes in (tree_id, lft) order.

    Keeps visible nodes and the hidden ones with a visible reply (as placeholders). A node deeper
    than `max_depth` levels hangs under its ancestor one level above the deepest, shown beside it.
    """
    has_kept_reply = set()
    kept = []
    for node in reversed(nodes):
        if node.pk in visible_pks or node.pk in has_kept_reply:
            kept.append(node)
            has_kept_reply.add(node.parent_id)
    by_pk = {node.pk: node for node in kept}
    roots = []
    for node in reversed(kept):
        node.replies = []
        node.is_placeholder = node.pk not in visible_pks
        node.depth = min(node.level, max_depth - 1) + 1
        node.in_reply_to = None
        if node.parent_id is None:
            roots.append(node)
            continue
        parent = answered = by_pk[node.parent_id]
        while parent.level > max_depth - 2 and parent.parent_id is not None:
            parent = by_pk[parent.parent_id]
        parent.replies.append(node)
        # Hung beside the comment it answers: it says whom it answers ("en réponse à Léa").
        visible = answered is not parent and answered.pk in visible_pks
        node.in_reply_to = answered if visible else None
    return roots


def flatten(threads, *, post):
    """The nested `threads` as one list in display order, for one template loop without includes.

    Each row is a dict of what templates/comments/list.html prints, formatted here once (dates in
    the active language and time zone, avatar URLs, labels) rather than resolved, formatted and
    localised field by field in the template. Beside them, where the row sits in the nesting:
    `opens` (a list of replies starts before it: it is the first reply of its parent), `leaf`
    (no replies: its item ends right after it) and `closes` (the lists of replies that end after
    it, each closing its parent's item too).
    """
    ordered = _display_order(threads)
    shape = _row_maker(post)
    rows = []
    for index, (comment, nesting) in enumerate(ordered):
        following = ordered[index + 1][1] if index + 1 < len(ordered) else 1
        row = shape(comment)
        row["opens"] = index > 0 and nesting > ordered[index - 1][1]
        row["leaf"] = following <= nesting
        row["closes"] = range(max(nesting - following, 0))
        rows.append(row)
    return rows


def _display_order(threads):
    """(comment, nesting) pairs, each comment followed by its replies: nesting 1 is a root."""
    ordered = []
    stack = [(root, 1) for root in reversed(threads)]
    while stack:
        comment, nesting = stack.pop()
        ordered.append((comment, nesting))
        stack += [(reply, nesting + 1) for reply in reversed(comment.replies)]
    return ordered


def _row_maker(post):
    """A function shaping one comment into a row; what is the same for every row is done once.

    Values are escaped here, once, and marked safe (SafeString) so the template prints them as
    they are; the reply label escapes the name only, as {% blocktranslate %} does.
    """
    avatar_url, avatar_srcs = avatar_urls(AVATAR_SIZE), {}
    reply_label = gettext("Reply to %(name)s")
    in_reply_to = gettext('in reply to <a href="#comment-%(pk)s">%(name)s</a>')
    zone, language = timezone.get_current_timezone(), get_language()

    def shape(comment):
        row = {
            "comment": comment,
            "pk": SafeString(comment.pk),  # digits: nothing to escape, nothing to localise
            "classes": SafeString(_classes(comment, post)),
            "placeholder": comment.is_placeholder,
            "ping": not comment.is_placeholder and comment.is_ping,
        }
        if row["placeholder"] or row["ping"]:
            return row
        email = member_key(email=comment.author_email, user_id=comment.user_id)
        author_name = escape(comment.author_name)
        if email not in avatar_srcs:
            avatar_srcs[email] = escape(avatar_url(email))
        row["date_iso"], row["date_text"] = _dates(comment.created_at, zone, language)
        row.update(
            author_name=author_name,
            author_url=escape(comment.safe_author_url) if comment.author_url else "",
            avatar_url=avatar_srcs[email],
            body_html=SafeString(comment.body_html),  # sanitised when stored (blog/markup.py)
            pending=comment.is_pending,
            approved=comment.is_approved,
            reply_label=SafeString(reply_label % {"name": author_name}),
        )
        answered = getattr(comment, "in_reply_to", None)
        if answered is not None:
            row["in_reply_to"] = SafeString(
                in_reply_to % {"pk": answered.pk, "name": escape(answered.author_name)}
            )
        return row

    return shape


def _classes(comment, post):
    classes = ["comment", f"depth-{comment.depth}"]
    if comment.is_ping:
        classes.append(comment.kind)
    if comment.user_id and comment.user_id == post.author_id:
        classes.append("bypostauthor")
    return " ".join(classes)


@lru_cache(maxsize=4096)
def _dates(moment, zone, language):
    """`moment` as the discussion prints it in `zone` and `language` (the active one): the
    machine-readable date and the reader's. Kept between requests: a comment's date never
    changes, and formatting one in French costs more than the rest of its row."""
    local = timezone.localtime(moment, zone)
    return (
        SafeString(local.strftime("%Y-%m-%dT%H:%M:%S%z")),
        escape(formats.date_format(local, "DATETIME_FORMAT")),
    )


def comment_page_url(post, page_number):
    """The address of `post`'s comment page `page_number` (page 1 is the post itself; a static
    page has only that one)."""
    if page_number <= 1 or subject_field(post) == "page":
        return post.get_absolute_url()
    return reverse("blog:post_comments", kwargs={**post.date_kwargs(), "comment_page": page_number})


def comment_url(comment, *, user=None, pending_ids=()):
    """The address where `comment` is shown to this reader: its comment page and anchor."""
    subject = comment.subject
    earlier_threads = (
        Comment.objects.visible_to(user=user, pending_ids=pending_ids)
        .about(subject)
        .filter(tree_id__lt=comment.tree_id)
        .values("tree_id")
        .distinct()
        .count()
    )
    page_number = earlier_threads // _threads_per_page(subject) + 1
    return f"{comment_page_url(subject, page_number)}#comment-{comment.pk}"
