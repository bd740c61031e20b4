"""The dashboard "D'un coup d'œil": drafts, scheduled posts, comments, a quick draft."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Status
from comments.models import CommentStatus
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_drafts_scheduled_and_comments(admin_client, django_assert_num_queries):
    PostFactory(title="Un brouillon", status=Status.DRAFT)
    PostFactory(title="À relire", status=Status.PENDING)
    PostFactory(title="Pour demain", published_at=timezone.now() + timedelta(days=1))
    post = PostFactory(title="En ligne")
    CommentFactory(post=post, status=CommentStatus.PENDING)
    CommentFactory(post=post, author_name="Lectrice", body="Très bon billet.")
    admin_client.get(reverse("admin:index"))
    with django_assert_num_queries(11):
        html = admin_client.get(reverse("admin:index")).content.decode()
    assert "D’un coup d’œil" in html
    assert "Un brouillon" in html and "À relire" in html and "Pour demain" in html
    assert "1 commentaire en attente de modération" in html
    assert "Lectrice sur En ligne" in html and "Très bon billet." in html


def test_quick_draft(admin_client, admin_user):
    url = reverse("admin:blog_post_quick_draft")
    response = admin_client.post(url, {"title": "", "body": "Une idée pour l’été, à creuser."})
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:blog_post_change", args=[post.pk])
    assert (post.status, post.author, post.slug) == (
        Status.DRAFT,
        admin_user,
        "une-idee-pour-l-ete-a-creuser",
    )
    assert admin_client.post(url, {"title": " ", "body": ""}).status_code == 302
    assert Post.objects.count() == 1
    assert admin_client.get(url).status_code == 405
