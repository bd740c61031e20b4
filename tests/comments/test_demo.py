"""The demo discussion."""

import pytest

from comments.demo import create_demo_comments
from tests.comments.trees import assert_nested_sets_valid, tree_text
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_demo_thread_on_the_first_post_without_comments():
    first, second = PostFactory(), PostFactory()
    assert len(create_demo_comments([first, second])) == 6
    assert tree_text(first).splitlines()[:3] == [
        "Léa (approved)",
        "  Camille (approved)",
        "    Léa (approved)",
    ]
    create_demo_comments([first, second])
    assert second.comments.count() == 6
    assert create_demo_comments([first, second]) == []
    assert_nested_sets_valid()
