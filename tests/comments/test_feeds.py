"""The comment feeds: the blog's and each post's, approved comments only."""

import pytest
from django.urls import reverse

from blog.models import Status
from comments.models import CommentStatus
from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_blog_comments_feed_has_approved_comments_only(client):
    post = PostFactory(title="Le col")
    CommentFactory(post=post, author_name="Visible")
    CommentFactory(post=post, author_name="Caché", status=CommentStatus.PENDING)
    feed = client.get(reverse("comments:feed")).content.decode()
    assert "Visible sur « Le col »" in feed
    assert "Caché" not in feed


def test_post_comments_feed(client):
    post = PostFactory(title="Le col")
    CommentFactory(post=post, author_name="Ici")
    CommentFactory(author_name="Ailleurs")
    CommentFactory(post=post, author_name="Indésirable", status=CommentStatus.SPAM)
    response = client.get(reverse("comments:post_comments_feed", kwargs=post.date_kwargs()))
    feed = response.content.decode()
    assert response.status_code == 200
    assert "Commentaires sur « Le col »" in feed
    assert "Ici" in feed and "Ailleurs" not in feed and "Indésirable" not in feed


def test_post_comments_feed_needs_the_right_date(client):
    post = PostFactory()
    kwargs = {**post.date_kwargs(), "year": "1999"}
    assert client.get(reverse("comments:post_comments_feed", kwargs=kwargs)).status_code == 404


def test_post_page_advertises_its_comments_feed(client):
    post = PostFactory(title="Le col")
    page = client.get(post.get_absolute_url()).content.decode()
    feed_url = reverse("comments:post_comments_feed", kwargs=post.date_kwargs())
    assert f'title="Carnet » Le col Flux des commentaires" href="{feed_url}"' in page


def test_blog_comments_feed_includes_approved_page_comments(client):
    page = PageFactory(title="À propos")
    CommentFactory(post=None, page=page, author_name="Zoé")
    CommentFactory(post=None, page=page, author_name="Caché", status=CommentStatus.PENDING)
    CommentFactory(post=None, page=PageFactory(status=Status.DRAFT), author_name="Brouillon")
    feed = client.get(reverse("comments:feed")).content.decode()
    assert "Zoé sur « À propos »" in feed
    assert "Caché" not in feed and "Brouillon" not in feed
