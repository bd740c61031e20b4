"""Every imported post and page renders, in French, from real WordPress.com content."""

import pytest
from django.urls import reverse

from blog.models import Page, Post

pytestmark = pytest.mark.django_db


def test_every_public_post_and_page_renders_in_french(client, imported):
    public = list(Post.objects.published()) + list(Page.objects.published())
    assert len(public) == 55 + 21
    for item in public:
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200, item.get_absolute_url()
        assert '<html lang="fr"' in response.content.decode()


def test_drafts_and_scheduled_posts_stay_hidden_but_open_in_the_admin(client, imported, staff):
    hidden = Post.objects.exclude(pk__in=Post.objects.published())
    assert hidden.count() == 3
    for post in hidden:
        assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(staff)
    for post in hidden:
        response = client.get(reverse("admin:blog_post_change", args=[post.pk]))
        assert response.status_code == 200
        assert "Modifier le billet" in response.content.decode()


def test_home_archives_and_feeds_render_the_import(client, imported):
    for url in ["/", "/2012/", "/2012/01/", "/feed/", "/comments/feed/", "/page/2/"]:
        assert client.get(url).status_code == 200, url


def test_the_page_cache_forgets_pages_cached_before_the_import(
    client, db, settings, theme_export, django_capture_on_commit_callbacks
):
    from wordpress.services import wordpress_import

    settings.PAGE_CACHE_ENABLED = True
    title = "Template\u00a0: Sticky"  # set in French typography
    assert title not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        wordpress_import(source=theme_export)
    assert title in client.get("/").content.decode()


def test_a_page_shows_its_imported_discussion(client, imported):
    page = Page.objects.get(wp_id=155)
    body = client.get(page.get_absolute_url()).content.decode()
    assert "3 commentaires" in body
    for comment in page.comments.filter(status="approved"):
        assert f'id="comment-{comment.pk}"' in body
    held = page.comments.get(status="pending")
    assert f'id="comment-{held.pk}"' not in body
