"""The reading side: every WordPress-style URL, in French, in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.models import Status
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_posts_in_french(client):
    PostFactory(title="Visible")
    PostFactory(title="Brouillon caché", status=Status.DRAFT)
    PostFactory(title="Programmé caché", published_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("blog:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Visible" in html
    assert "caché" not in html
    assert "Articles récents" in html


@time_machine.travel(datetime(2026, 11, 25, 8, tzinfo=UTC))
def test_post_permalink_uses_wordpress_form(client):
    post = PostFactory(
        slug="mon-billet", published_at=timezone.make_aware(datetime(2026, 11, 24, 10))
    )
    assert post.get_absolute_url() == "/2026/11/24/mon-billet/"
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "24 novembre 2026" in response.content.decode()
