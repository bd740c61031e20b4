"""Assertions on comment trees: nested-set invariants, and threads as readable text."""

from comments.models import Comment
from comments.trees import find_problems


def assert_nested_sets_valid(comments=None):
    """Every tree among `comments` (default: all) is a valid nested set: lft < rght, intervals
    nest without overlapping, children inside their parents, one root per tree."""
    problems = find_problems(comments if comments is not None else Comment.objects.all())
    assert not problems, "\n".join(problems)


def tree_text(post):
    """The post's threads as indented lines, "author (status)", in display order."""
    rows = Comment.objects.filter(post=post).order_by("tree_id", "lft")
    return "\n".join(f"{'  ' * c.level}{c.author_name} ({c.status})" for c in rows)


def assert_rows_valid(rows):
    """`rows` (pk, parent_id, post_id, tree_id, lft, rght, level), read from any database, in
    (tree_id, lft) order: every tree they form is a valid nested set."""
    from itertools import groupby

    from comments.trees import FIELDS, tree_problems

    problems = []
    for tree_id, nodes in groupby(rows, key=lambda row: row[3]):
        problems += tree_problems(tree_id, [dict(zip(FIELDS, row, strict=True)) for row in nodes])
    assert not problems, "\n".join(problems)
