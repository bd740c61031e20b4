"""The site identity: set in the admin, shown on every page and in the feeds, read from the cache."""

import pytest
from django.core.cache import cache

from blog.identity import BlogrollLink, SiteIdentity, current_identity
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def make_identity(**fields):
    defaults = {"title": "Le carnet d’Inès", "tagline": "Notes de cuisine", "footer_text": ""}
    return SiteIdentity.objects.create(**{**defaults, **fields})


def test_without_identity_the_conf_defaults_hold(client):
    html = client.get("/").content.decode()
    assert "<title>Carnet – Un carnet de notes, d’idées et de lectures</title>" in html
    assert current_identity().blogroll == ()


def test_identity_set_in_the_admin_shows_on_pages_and_feeds(client):
    identity = make_identity(footer_text="Textes sous licence CC BY-SA.")
    BlogrollLink.objects.create(identity=identity, name="Debacth", url="https://debacth.example/")
    PostFactory(title="Un billet")

    html = client.get("/").content.decode()
    assert '<p class="site-title"><a href="/" rel="home"><span>Le carnet d’Inès</span></a></p>' in (
        html.replace("&#x27;", "’")
    )
    assert '<p class="site-tagline">Notes de cuisine</p>' in html
    assert "<p>Textes sous licence CC BY-SA.</p>" in html
    assert '<a href="https://debacth.example/">Debacth</a>' in html
    feed = client.get("/feed/").content.decode()
    assert "<title>Le carnet d’Inès</title>" in feed
    assert "<description>Notes de cuisine</description>" in feed


def test_identity_is_read_from_the_cache_and_forgotten_on_change(django_assert_num_queries):
    identity = make_identity()
    with django_assert_num_queries(1):
        assert current_identity().title == "Le carnet d’Inès"
    with django_assert_num_queries(0):
        assert current_identity().title == "Le carnet d’Inès"

    identity.title = "Nouveau titre"
    identity.save()
    assert current_identity().title == "Nouveau titre"
    BlogrollLink.objects.create(identity=identity, name="Ami", url="https://ami.example/")
    assert [link.name for link in current_identity().blogroll] == ["Ami"]
    identity.delete()
    assert current_identity().title == "Carnet"


def test_blogroll_is_in_position_order_and_loaded_in_one_query(django_assert_num_queries):
    identity = make_identity()
    for position, name in [(2, "Troisième"), (0, "Premier"), (1, "Deuxième")]:
        BlogrollLink.objects.create(
            identity=identity, name=name, url=f"https://{position}.example/", position=position
        )
    cache.clear()
    with django_assert_num_queries(1):
        names = [link.name for link in current_identity().blogroll]
    assert names == ["Premier", "Deuxième", "Troisième"]


def test_empty_fields_fall_back_to_the_defaults():
    make_identity(title="", tagline="")
    assert current_identity().title == "Carnet"
    assert current_identity().tagline == "Un carnet de notes, d’idées et de lectures"


def test_admin_edits_the_identity_and_allows_only_one(admin_client):
    response = admin_client.get("/admin/blog/siteidentity/add/")
    assert response.status_code == 200
    make_identity()
    assert admin_client.get("/admin/blog/siteidentity/add/").status_code == 403


def test_logo_is_shown_beside_the_title_with_its_size(client, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (96, 48), "#17507d").save(buffer, "PNG")
    make_identity(logo=SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"))

    html = client.get("/").content.decode()
    assert (
        '<img class="site-logo" src="/media/identity/logo.png" alt="" width="96" height="48">'
        in html
    )


def test_identity_change_reaches_cached_pages(client, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_ENABLED = True
    identity = make_identity()
    assert "Le carnet d’Inès" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        identity.title = "Un autre titre"
        identity.save()
    assert "Un autre titre" in client.get("/").content.decode()
