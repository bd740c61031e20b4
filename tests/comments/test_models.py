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


def test_a_comment_reads_as_who_wrote_on_what_and_when_in_french():
    from datetime import UTC, datetime

    post = PostFactory(title="Le pain du dimanche")
    comment = CommentFactory(
        post=post,
        author_name="Zoé Martin",
        created_at=datetime(2026, 11, 29, 17, 11, 33, 719177, tzinfo=UTC),
    )

    assert str(comment) == (
        "Commentaire de Zoé Martin sur « Le pain du dimanche », 29 novembre 2026 à 18 h 11"
    )
