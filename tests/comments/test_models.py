"""The comment model: a comment is on exactly one post or one page."""

import pytest
from django.db import IntegrityError, transaction

from comments.models import Comment
from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_subject_is_the_post_or_the_page():
    post, page = PostFactory(), PageFactory()
    assert CommentFactory(post=post).subject == post
    assert CommentFactory(post=None, page=page).subject == page


@pytest.mark.parametrize("on", ["both", "neither"])
def test_a_comment_is_on_exactly_one_post_or_page(on):
    fields = {"post": PostFactory(), "page": PageFactory()} if on == "both" else {"post": None}
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(**fields)


def test_deleting_a_page_takes_its_threads():
    page = PageFactory()
    root = CommentFactory(post=None, page=page)
    CommentFactory(post=None, page=page, parent=root)
    kept = CommentFactory()
    page.delete()
    assert list(Comment.objects.all()) == [kept]
