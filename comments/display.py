"""The discussion under a post as one reader sees it: threads of one comment page, nested.

Two queries whatever the number of comments: one summary row per thread (to page threads and
count approved comments), then every node of the page's threads, nested here in Python.

A comment that is hidden (trash, spam, pending someone else's) but has visible replies stays in
place as a placeholder, "This comment was deleted.", with its replies under it: the conversation
keeps its shape and no reply loses its context.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.urls import reverse

from . import conf
from .models import Comment, CommentStatus


@dataclass
class Discussion:
    count: int  # approved comments on the whole post (every page)
    page: object  # a Django Page of the post's thread ids
    threads: list = field(default_factory=list)  # root comments, each with `.replies`
    by_pk: dict = field(default_factory=dict)  # the visible comments of this page, by id


def load_discussion(post, *, user=None, pending_ids=(), page_number=1):
    """The discussion of `post` for one reader. Raises Django's InvalidPage for a page past the end."""
    visible = Comment.objects.visible_to(user=user, pending_ids=pending_ids)
    summaries = list(visible.thread_summaries(post))
    paginator = Paginator([row["tree_id"] for row in summaries], conf.get("COMMENTS_PER_PAGE"))
    page = paginator.page(page_number)
    discussion = Discussion(count=sum(row["approved"] for row in summaries), page=page)
    nodes = list(Comment.objects.for_display(post, list(page.object_list)))
    visible_pks = {c.pk for c in nodes if _is_visible(c, user, pending_ids)}
    discussion.threads = nest(nodes, visible_pks, conf.get("COMMENTS_MAX_DEPTH"))
    discussion.by_pk = {c.pk: c for c in nodes if c.pk in visible_pks}
    return discussion


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
        if node.parent_id is None:
            roots.append(node)
            continue
        parent = by_pk[node.parent_id]
        while parent.level > max_depth - 2 and parent.parent_id is not None:
            parent = by_pk[parent.parent_id]
        parent.replies.append(node)
    return roots


def comment_page_url(post, page_number):
    """The address of `post`'s comment page `page_number` (page 1 is the post itself)."""
    if page_number <= 1:
        return post.get_absolute_url()
    return reverse("blog:post_comments", kwargs={**post.date_kwargs(), "comment_page": page_number})


def comment_url(comment, *, user=None, pending_ids=()):
    """The address where `comment` is shown to this reader: its comment page and anchor."""
    earlier_threads = (
        Comment.objects.visible_to(user=user, pending_ids=pending_ids)
        .filter(post=comment.post_id, tree_id__lt=comment.tree_id)
        .values("tree_id")
        .distinct()
        .count()
    )
    page_number = earlier_threads // conf.get("COMMENTS_PER_PAGE") + 1
    return f"{comment_page_url(comment.post, page_number)}#comment-{comment.pk}"
