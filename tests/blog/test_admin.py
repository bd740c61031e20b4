"""Writing in the admin: French, preview through the public pipeline, publish or schedule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post, Status
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Nouveau billet",
        "slug": "nouveau-billet",
        "markup": "markdown",
        "body": "Du *texte*.",
        "excerpt": "",
        "publish": "",
        "status": "draft",
        "published_at_0": timezone.localtime().strftime("%d/%m/%Y"),
        "published_at_1": timezone.localtime().strftime("%H:%M:%S"),
        "comments_open": "on",
        "pings_open": "on",
    }
    data.update(overrides)
    return data


def test_admin_is_french(admin_client):
    html = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()
    assert "Billets" in html
    assert "Brouillons" in html and "Programmés" in html


def test_publish_now(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"), form_data(publish="now", author=admin_user.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="nouveau-billet")
    assert post.is_public
    assert post.body_html == "<p>Du <em>texte</em>.</p>"
    assert post.announced_at is not None


def test_schedule_needs_a_future_date(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"), form_data(publish="schedule", author=admin_user.pk)
    )
    assert response.status_code == 200
    assert "Pour programmer, choisissez une date à venir." in response.content.decode()
    assert not Post.objects.exists()

    later = timezone.localtime() + timedelta(days=3)
    response = admin_client.post(
        reverse("admin:blog_post_add"),
        form_data(
            publish="schedule",
            author=admin_user.pk,
            published_at_0=later.strftime("%d/%m/%Y"),
            published_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.is_scheduled and post.announced_at is None


def test_preview_renders_a_draft_for_staff_only(admin_client, client):
    post = PostFactory(title="Pas encore", status=Status.DRAFT, body="Aperçu *rendu*.")
    url = reverse("admin:blog_post_preview", args=[post.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Aperçu <em>rendu</em>." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(url).status_code == 302


def test_changelist_filters_and_search(admin_client):
    PostFactory(title="Publié")
    PostFactory(title="Brouillon", status=Status.DRAFT)
    PostFactory(title="Futur", published_at=timezone.now() + timedelta(days=1))
    url = reverse("admin:blog_post_changelist")
    assert "Futur" in admin_client.get(url, {"publication": "scheduled"}).content.decode()
    html = admin_client.get(url, {"publication": "draft"}).content.decode()
    assert "Brouillon" in html and "Futur" not in html
    assert admin_client.get(url, {"q": "Publié"}).status_code == 200


def test_category_tree_in_admin(admin_client):
    parent = CategoryFactory(name="Voyages")
    CategoryFactory(name="Bretagne", parent=parent)
    html = admin_client.get(reverse("admin:blog_category_changelist")).content.decode()
    assert "Bretagne" in html
    add = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert ">--- Bretagne</option>" in add


def test_slug_is_prepopulated_from_the_title(admin_client):
    html = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert "data-prepopulated-field" in html or "prepopulated_fields" in html
    assert "id_slug" in html and "#id_title" in html


def test_view_on_site_goes_to_site_url(admin_client, settings):
    settings.SITE_URL = "https://carnet.example.org"
    post = PostFactory()
    category = CategoryFactory(slug="voyages")
    for obj, name in [(post, "blog_post"), (category, "blog_category")]:
        html = admin_client.get(reverse(f"admin:{name}_change", args=[obj.pk])).content.decode()
        assert f'href="https://carnet.example.org{obj.get_absolute_url()}"' in html
