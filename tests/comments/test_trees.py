"""The nested-set checker finds every kind of broken tree (the repair is tested in services)."""

import pytest

from comments.trees import tree_problems


def node(pk, parent, lft, rght, level, post=1):
    return {
        "pk": pk,
        "parent_id": parent,
        "post_id": post,
        "tree_id": 1,
        "lft": lft,
        "rght": rght,
        "level": level,
    }


VALID = [node(1, None, 1, 8, 0), node(2, 1, 2, 5, 1), node(3, 2, 3, 4, 2), node(4, 1, 6, 7, 1)]


def test_valid_tree_has_no_problem():
    assert tree_problems(1, VALID) == []


@pytest.mark.parametrize(
    "nodes, expected",
    [
        ([node(1, None, 1, 4, 0), node(2, None, 2, 3, 0)], "2 roots"),
        ([node(1, None, 1, 6, 0), node(2, 1, 2, 4, 1), node(3, 1, 3, 5, 1)], "not directly inside"),
        ([node(1, None, 1, 4, 0), node(2, 1, 3, 2, 1)], "lft >= rght"),
        ([node(1, None, 1, 4, 0), node(2, 1, 2, 3, 2)], "level 2"),
        ([node(1, None, 1, 4, 0), node(2, 1, 2, 3, 1, post=2)], "another post"),
        ([node(1, None, 1, 4, 0), node(2, 1, 2, 5, 1)], "overlaps"),
        ([node(1, None, 1, 6, 0), node(2, 1, 2, 3, 1)], "each used once"),
    ],
)
def test_broken_trees_are_described(nodes, expected):
    assert any(expected in problem for problem in tree_problems(1, nodes))
