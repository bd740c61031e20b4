"""The real WordPress.com export the importer is tested with, and checks on comment trees."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

# Beside the checkout (../shared/data), or where WORDPRESS_TEST_EXPORT says (from a worktree).
THEME_UNIT_TEST = Path(
    os.environ.get("WORDPRESS_TEST_EXPORT")
    or Path(__file__).resolve().parents[3] / "shared" / "data" / "themeunittestdata.wordpress.xml"
)


# The export schedules a post for 2030: "now" is pinned so it stays in the future.
NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def theme_export():
    if not THEME_UNIT_TEST.exists():
        pytest.fail(f"The test export is missing: {THEME_UNIT_TEST}")
    return THEME_UNIT_TEST


@pytest.fixture
def imported(db, theme_export):
    from wordpress.services import wordpress_import

    return wordpress_import(source=theme_export)


def assert_valid_trees(comments):
    """django-mptt's nested-set invariants, for every tree among `comments`."""
    trees = {}
    for comment in comments:
        trees.setdefault(comment.tree_id, []).append(comment)
    by_pk = {c.pk: c for c in comments}
    for tree_id, nodes in trees.items():
        bounds = sorted([n.lft for n in nodes] + [n.rght for n in nodes])
        assert bounds == list(range(1, 2 * len(nodes) + 1)), f"tree {tree_id}: gaps or overlaps"
        roots = [n for n in nodes if n.parent_id is None]
        assert len(roots) == 1, f"tree {tree_id}: {len(roots)} roots"
        assert roots[0].lft == 1 and roots[0].level == 0
        for node in nodes:
            assert node.lft < node.rght
            if node.parent_id is not None:
                parent = by_pk[node.parent_id]
                assert parent.tree_id == tree_id and parent.post_id == node.post_id
                assert parent.lft < node.lft and node.rght < parent.rght
                assert node.level == parent.level + 1


def tree_text(comments):
    """A thread as readable text: one line per comment, indented by depth."""
    return "\n".join(
        "  " * c.level + f"{c.author_name} ({c.kind}, {c.status})"
        for c in sorted(comments, key=lambda c: (c.tree_id, c.lft))
    )
