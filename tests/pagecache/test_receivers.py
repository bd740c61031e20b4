"""Precise invalidation: what readers can see changes at once; what they cannot, changes nothing."""

import pytest

from comments.models import CommentStatus
from comments.signals import comment_status_changed
from tests.factories import CategoryFactory, CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write's on-commit callbacks, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_new_approved_comment_shows_at_once(client, commit):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        CommentFactory(post=post, body_html="<p>Bravo pour ce texte</p>")
    assert "Bravo pour ce texte" in client.get(post.get_absolute_url()).content.decode()


def test_pending_comment_keeps_the_cached_page_until_approved(
    client, commit, django_assert_num_queries
):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        comment = CommentFactory(
            post=post, status=CommentStatus.PENDING, body_html="<p>En attente</p>"
        )
    with django_assert_num_queries(0):
        client.get(post.get_absolute_url())
    with commit():
        comment.status = CommentStatus.APPROVED
        comment.save()
        comment_status_changed.send(
            sender=type(comment), comment=comment, previous=CommentStatus.PENDING
        )
    assert "En attente" in client.get(post.get_absolute_url()).content.decode()


def test_edited_post_shows_on_its_page_and_the_home_page(client, commit):
    post = PostFactory(title="Ancien titre")
    client.get("/")
    client.get(post.get_absolute_url())
    with commit():
        post.title = "Nouveau titre"
        post.save()
    assert "Nouveau titre" in client.get("/").content.decode()
    assert "Nouveau titre" in client.get(post.get_absolute_url()).content.decode()


def test_newly_published_post_shows_on_the_home_page(client, commit):
    draft = PostFactory(title="Tout neuf", status="draft", announced_at=None)
    assert "Tout neuf" not in client.get("/").content.decode()
    with commit():
        draft.status = "published"
        draft.save()
    assert "Tout neuf" in client.get("/").content.decode()


def test_renamed_category_shows_on_every_page(client, commit):
    category = CategoryFactory(name="Voyages")
    post = PostFactory(categories=[category])
    client.get(post.get_absolute_url())
    with commit():
        category.name = "Randonnées"
        category.save()
    assert "Randonnées" in client.get(post.get_absolute_url()).content.decode()


def test_tag_added_to_a_post_shows_at_once(client, commit):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        post.tags.add(TagFactory(name="Marées"))
    assert "Marées" in client.get(post.get_absolute_url()).content.decode()


def test_deleted_post_disappears(client, commit):
    post = PostFactory(title="Bientôt parti")
    assert "Bientôt parti" in client.get("/").content.decode()
    with commit():
        post.delete()
    assert "Bientôt parti" not in client.get("/").content.decode()


def test_a_new_login_provider_shows_its_button_at_once(client, commit):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    post = PostFactory()
    assert "Google" not in client.get(post.get_absolute_url()).content.decode()
    with commit():
        app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
        app.sites.add(Site.objects.get_current())
    assert "Google" in client.get(post.get_absolute_url()).content.decode()
