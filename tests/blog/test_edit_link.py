"""The "Modifier" link on public posts and pages: for staff the admin lets change them, only."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.roles import AUTHORS
from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = '<p class="edit-link"><a href="{}" rel="nofollow">Modifier</a></p>'


def post_link(post):
    return LINK.format(f"/admin/blog/post/{post.pk}/change/")


def an_author(username="plume"):
    author = UserFactory(username=username, is_staff=True)
    author.groups.add(Group.objects.get(name=AUTHORS))
    return author


def test_staff_see_modifier_on_posts_and_pages(client, staff):
    post, page = PostFactory(), PageFactory(slug="a-propos")
    client.force_login(staff)
    response = client.get(post.get_absolute_url())
    assert post_link(post) in response.content.decode()
    assert "private" in response["Cache-Control"]
    response = client.get(page.get_absolute_url())
    assert LINK.format(f"/admin/blog/page/{page.pk}/change/") in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_readers_and_members_never_see_it(client):
    post, page = PostFactory(), PageFactory(slug="a-propos")
    for url in (post.get_absolute_url(), page.get_absolute_url()):
        assert "edit-link" not in client.get(url).content.decode()
    client.force_login(UserFactory(username="membre"))
    for url in (post.get_absolute_url(), page.get_absolute_url()):
        response = client.get(url)
        assert "edit-link" not in response.content.decode()
        assert "private" not in response.get("Cache-Control", "")


def test_an_author_sees_it_on_their_own_posts_only(client):
    author = an_author()
    own, other = PostFactory(author=author), PostFactory()
    page = PageFactory(slug="a-propos")
    client.force_login(author)
    assert post_link(own) in client.get(own.get_absolute_url()).content.decode()
    assert "edit-link" not in client.get(other.get_absolute_url()).content.decode()
    assert "edit-link" not in client.get(page.get_absolute_url()).content.decode()


def test_the_page_cache_never_hands_the_link_to_a_reader(settings, staff):
    settings.PAGE_CACHE_ENABLED = True
    post = PostFactory()
    editor = Client()
    editor.force_login(staff)
    assert post_link(post) in editor.get(post.get_absolute_url()).content.decode()
    reader = Client()
    reader.get(post.get_absolute_url())
    cached = reader.get(post.get_absolute_url())
    assert "ETag" in cached, "the reader's second visit comes from the page cache"
    assert "edit-link" not in cached.content.decode()
    assert post_link(post) in editor.get(post.get_absolute_url()).content.decode()


def test_the_admin_preview_has_no_modifier_link(client, staff):
    post = PostFactory()
    client.force_login(staff)
    response = client.get(f"/admin/blog/post/{post.pk}/preview/")
    assert response.status_code == 200
    assert "edit-link" not in response.content.decode()
