"""Checking and rebuilding the nested-set numbering (lft, rght, level, tree_id) of comment trees."""

import contextlib
from itertools import groupby

from .models import Comment

FIELDS = ("pk", "parent_id", "post_id", "tree_id", "lft", "rght", "level")
COLUMNS = (*FIELDS, "page_id")  # what find_problems reads; rows of FIELDS alone are on posts


def find_problems(comments):
    """Readable descriptions of every broken invariant among `comments` (all of their trees)."""
    rows = comments.order_by("tree_id", "lft").values_list(*COLUMNS)
    problems = []
    for tree_id, nodes in groupby(rows.iterator(chunk_size=2000), key=lambda row: row[3]):
        problems.extend(
            tree_problems(tree_id, [dict(zip(COLUMNS, row, strict=True)) for row in nodes])
        )
    return problems


def tree_problems(tree_id, nodes):
    """The broken invariants of one tree, given its nodes in `lft` order.

    Valid means: one root, first; lft/rght are 1..2n, each used once; lft < rght; every node
    lies strictly inside its parent's interval and in no sibling's (intervals nest, never
    overlap); level is the parent's plus one; a whole tree belongs to one post.
    """
    roots = [n for n in nodes if n["parent_id"] is None]
    if len(roots) != 1 or nodes[0] is not roots[0]:
        return [f"tree {tree_id}: {len(roots)} roots, the first node must be the only root"]
    problems = []
    if sorted(v for n in nodes for v in (n["lft"], n["rght"])) != list(
        range(1, 2 * len(nodes) + 1)
    ):
        problems.append(f"tree {tree_id}: lft/rght are not 1..{2 * len(nodes)}, each used once")
    open_nodes = []
    for node in nodes:
        while open_nodes and open_nodes[-1]["rght"] < node["lft"]:
            open_nodes.pop()
        problems.extend(_node_problems(tree_id, node, open_nodes[-1] if open_nodes else None))
        open_nodes.append(node)
    return problems


def _node_problems(tree_id, node, enclosing):
    """`enclosing`: the nearest node whose interval is still open at `node`'s lft."""
    name = f"tree {tree_id}: comment {node['pk']}"
    if node["lft"] >= node["rght"]:
        return [f"{name} has lft >= rght"]
    if node["parent_id"] is None:
        return [] if node["level"] == 0 else [f"{name} is a root not at level 0"]
    if enclosing is None or enclosing["pk"] != node["parent_id"]:
        return [f"{name} is not directly inside its parent"]
    problems = []
    if node["rght"] >= enclosing["rght"]:
        problems.append(f"{name} overlaps the end of its parent")
    if node["level"] != enclosing["level"] + 1:
        problems.append(f"{name} has level {node['level']}, its parent {enclosing['level']}")
    if (node["post_id"], node.get("page_id")) != (enclosing["post_id"], enclosing.get("page_id")):
        problems.append(f"{name} is on another post or page than its parent")
    return problems


def rebuild_in_date_order():
    """Renumber every tree from the `parent` links, threads and replies in date order."""
    with _ordered_by_date():
        Comment.objects.rebuild()


@contextlib.contextmanager
def _ordered_by_date():
    # mptt's rebuild orders siblings by `order_insertion_by` only; the model leaves it empty
    # (see Comment), so it is set for the length of the rebuild, in this process alone.
    meta = Comment._mptt_meta
    saved, meta.order_insertion_by = meta.order_insertion_by, ["created_at", "id"]
    try:
        yield
    finally:
        meta.order_insertion_by = saved
