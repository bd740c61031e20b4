"""How threads are nested for display: depth limit, placeholders, own pending comments."""

import pytest

from comments.display import load_discussion
from comments.models import CommentStatus
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def outline(threads, indent=0):
    """The displayed threads as indented lines: author, or [deleted] for a placeholder."""
    lines = []
    for comment in threads:
        label = "[supprimé]" if comment.is_placeholder else comment.author_name
        lines.append("  " * indent + label)
        lines += outline(comment.replies, indent + 1)
    return lines


def test_an_imported_chain_deeper_than_the_limit_stops_nesting(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    post = PostFactory()
    parent = None
    for n in range(5):
        parent = CommentFactory(post=post, parent=parent, author_name=f"N{n}")
    assert outline(load_discussion(post).threads) == ["N0", "  N1", "    N2", "    N3", "    N4"]


def test_hidden_comments_with_visible_replies_become_placeholders():
    post = PostFactory()
    root = CommentFactory(post=post, author_name="Racine", status=CommentStatus.SPAM)
    middle = CommentFactory(post=post, parent=root, author_name="Milieu", status="trash")
    CommentFactory(post=post, parent=middle, author_name="Feuille")
    CommentFactory(post=post, parent=root, author_name="Cachée", status=CommentStatus.TRASH)
    discussion = load_discussion(post)
    assert outline(discussion.threads) == ["[supprimé]", "  [supprimé]", "    Feuille"]
    assert discussion.count == 1


def test_own_pending_comment_is_shown_only_to_its_author():
    post = PostFactory()
    root = CommentFactory(post=post, author_name="Bastien")
    mine = CommentFactory(post=post, parent=root, author_name="Moi", status="pending")
    assert outline(load_discussion(post).threads) == ["Bastien"]
    shown = load_discussion(post, pending_ids=[mine.pk]).threads
    assert outline(shown) == ["Bastien", "  Moi"]
    assert load_discussion(post, pending_ids=[mine.pk]).count == 1
