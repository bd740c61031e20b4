"""A published post whose slug changes keeps its old address, redirecting (301)."""

import pytest

from blog.models import Status
from blog.services import post_save_from_admin
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_changed_slug_of_a_published_post_redirects(client):
    post = PostFactory(slug="mon-levain-maison-lété")
    old = post.get_absolute_url()
    post.slug = "mon-levain-maison-l-ete"
    post_save_from_admin(post=post, changed_fields=["slug"], user=post.author)
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.post(old).status_code != 301

    # Back to the first slug: that address is the post's again, not a redirect to itself.
    newer = post.get_absolute_url()
    post.slug = "mon-levain-maison-lété"
    post_save_from_admin(post=post, changed_fields=["slug"], user=post.author)
    assert client.get(old).status_code == 200
    assert client.get(newer)["Location"] == old


def test_drafts_and_unpublished_posts_leave_no_redirect(client):
    draft = PostFactory(slug="brouillon", status=Status.DRAFT)
    old = draft.get_absolute_url()
    draft.slug = "brouillon-2"
    post_save_from_admin(post=draft, changed_fields=["slug"], user=draft.author)
    assert client.get(old).status_code == 404

    post = PostFactory(slug="en-ligne")
    old = post.get_absolute_url()
    post.slug = "plus-en-ligne"
    post_save_from_admin(post=post, changed_fields=["slug"], user=post.author)
    post.status = Status.DRAFT
    post_save_from_admin(post=post, changed_fields=["status"], user=post.author)
    assert client.get(old).status_code == 404
