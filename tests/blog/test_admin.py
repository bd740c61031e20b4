"""Writing in the admin: French, preview through the public pipeline, publish or schedule."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.autosave import Autosave
from blog.identity import SiteIdentity
from blog.models import Page, Post, Status
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Nouveau billet",
        "slug": "nouveau-billet",
        "markup": "markdown",
        "body": "Du *texte*.",
        "excerpt": "",
        "state": "draft",
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
    assert "<h1>Billets</h1>" in html and "Sélectionnez l’objet" not in html
    add = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert "<title>Ajouter un billet | Carnet</title>" in add and "Ajout de billet" not in add
    assert "&rsaquo; Ajouter un billet" in add


def test_publish_now(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"), form_data(state="published", author=admin_user.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(slug="nouveau-billet")
    assert post.is_public
    assert post.body_html == "<p>Du <em>texte</em>.</p>"
    assert post.announced_at is not None


def test_schedule_needs_a_future_date(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"), form_data(state="scheduled", author=admin_user.pk)
    )
    assert response.status_code == 200
    assert "Pour programmer, choisissez une date à venir." in response.content.decode()
    assert not Post.objects.exists()

    later = timezone.localtime() + timedelta(days=3)
    response = admin_client.post(
        reverse("admin:blog_post_add"),
        form_data(
            state="scheduled",
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
    assert 'type="checkbox" name="categories"' in add and "--- Bretagne</label>" in add


def test_tags_typed_as_free_text_are_created_as_needed(admin_client, admin_user):
    TagFactory(name="Pain", slug="pain")
    data = form_data(author=admin_user.pk, tag_names="pain, Levain d’été,  , levain d’été")
    assert admin_client.post(reverse("admin:blog_post_add"), data).status_code == 302
    post = Post.objects.get()
    assert sorted(post.tags.values_list("slug", flat=True)) == ["levain-d-ete", "pain"]
    html = admin_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert 'value="Levain d’été, Pain"' in html


def test_slug_is_prepopulated_from_the_title(admin_client):
    html = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert 'data-slug-from="id_title"' in html and 'id="id_slug"' in html
    assert "js/admin/editor.js" in html


def test_a_post_saved_without_slug_gets_an_ascii_one(admin_client, admin_user):
    data = form_data(title="L'été à Noël", slug="", author=admin_user.pk)
    response = admin_client.post(reverse("admin:blog_post_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Post.objects.get().slug == "l-ete-a-noel"


def test_an_imported_accented_slug_is_kept(admin_client, admin_user):
    post = PostFactory(slug="mon-levain-maison-lété", author=admin_user)
    url = reverse("admin:blog_post_change", args=[post.pk])
    response = admin_client.post(url, change_data(admin_client, url, body="Retouché."))
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert (post.slug, post.body) == ("mon-levain-maison-lété", "Retouché.")
    data = change_data(admin_client, url, slug="nouveau-été")
    assert admin_client.post(url, data).status_code == 200


def change_data(client, url, **overrides):
    """The change form's data as the page gives it (with its version token), then `overrides`."""
    context = client.get(url).context
    form = context["adminform"].form
    data = form_data(
        title=form.instance.title,
        slug=form.instance.slug,
        body=form.instance.body,
        author=form.instance.author_id,
        state=form.initial["state"],
        edited_version=form.initial["edited_version"],
    )
    published = timezone.localtime(form.instance.published_at)
    data["published_at_0"] = published.strftime("%d/%m/%Y")
    data["published_at_1"] = published.strftime("%H:%M:%S")
    for inline in context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    data.update(overrides)
    return data


def test_a_save_over_a_newer_version_is_refused_with_both_texts_kept(admin_client, admin_user):
    post = PostFactory(body="Texte d'origine.", author=admin_user)
    url = reverse("admin:blog_post_change", args=[post.pk])
    mine = change_data(admin_client, url, body="Mon texte à moi.")
    other = UserFactory(username="claire", first_name="Claire", last_name="Dubois")
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        post.body = "Le texte de Claire."
        post.author = other
        post.save()
    response = admin_client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Claire Dubois" in html and "après que vous l’avez ouvert" in html
    assert "Mon texte à moi." in html and "Le texte de Claire." in html
    post.refresh_from_db()
    assert post.body == "Le texte de Claire."
    # Saving again, knowingly, replaces their text.
    mine["edited_version"] = response.context["adminform"].form.data["edited_version"]
    mine["author"] = other.pk
    assert admin_client.post(url, mine).status_code == 302
    post.refresh_from_db()
    assert post.body == "Mon texte à moi."


def test_authors_are_listed_by_their_display_name(admin_client, admin_user):
    UserFactory(username="cmartin", first_name="Camille", last_name="Martin", is_staff=True)
    PostFactory(
        title="Signé", author=UserFactory(username="jdoe", first_name="Jeanne", last_name="Doe")
    )
    add = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert ">Camille Martin</option>" in add and ">cmartin</option>" not in add
    listing = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()
    assert "Jeanne Doe" in listing


def test_admin_header_shows_the_blog_title(admin_client):
    SiteIdentity.objects.create(title="Le carnet de Camille")
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert '<div id="site-name"><a href="/admin/">Le carnet de Camille</a></div>' in html
    assert "Administration de Django" not in html
    assert "css/admin/carnet-admin.css" in html
    assert "Task Results" not in html and "Tasks Database Backend" not in html


def test_change_page_query_count(admin_client, admin_user, django_assert_num_queries):
    post = PostFactory(author=admin_user)
    url = reverse("admin:blog_post_change", args=[post.pk])
    admin_client.get(url)
    with django_assert_num_queries(15):
        assert admin_client.get(url).status_code == 200


def test_excerpt_help_shows_the_more_marker(admin_client):
    html = admin_client.get(reverse("admin:blog_post_add")).content.decode()
    assert "avant la balise &lt;!--more--&gt;, ou le premier paragraphe" in html


def test_autosave_endpoint_keeps_text_aside(admin_client, admin_user):
    post = PostFactory(body="Public.", author=admin_user)
    url = reverse("admin:blog_post_autosave")
    data = {"post": post.pk, "title": "T", "body": "Brouillon", "excerpt": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.json()["message"].startswith("Brouillon mis de côté à ")
    post.refresh_from_db()
    assert post.body == "Public."
    assert admin_client.get(url).status_code == 405
    assert admin_client.post(url, {**data, "post": 999999}).status_code == 404
    assert admin_client.post(url, {**data, "post": "abc"}).status_code == 400


def test_autosave_refuses_someone_elses_post_for_an_author(client, settings):
    from accounts.roles import ensure_roles

    groups = ensure_roles()
    author = UserFactory(username="auteure", is_staff=True)
    author.groups.add(groups["Auteurs"])
    client.force_login(author)
    post = PostFactory()
    url = reverse("admin:blog_post_autosave")
    response = client.post(url, {"post": post.pk, "title": "", "body": "x", "excerpt": ""})
    assert response.status_code == 404  # not even told that the post exists
    assert not Autosave.objects.exists()


def test_live_preview_renders_through_the_public_pipeline(admin_client):
    url = reverse("admin:blog_post_live_preview")
    body = "Du *texte* <script>alert(1)</script>"
    response = admin_client.post(url, {"title": "Essai", "body": body, "markup": "markdown"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Du <em>texte</em> alert(1)</p>" in html and "<script>" not in html
    assert "css/carnet.css" in html and "no-store" in response["Cache-Control"]
    too_long = "x" * 500_001
    assert admin_client.post(url, {"body": too_long}).status_code == 400


def test_upload_refuses_what_is_not_an_image(admin_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    url = reverse("admin:blog_post_upload_image")
    fake = SimpleUploadedFile("note.png", b"pas une image", content_type="image/png")
    response = admin_client.post(url, {"image": fake})
    assert response.status_code == 400 and response.json()["error"]
    assert admin_client.post(url).status_code == 400
    assert admin_client.get(reverse("admin:blog_post_images")).json() == {"images": []}


def test_revision_diff_and_restore_views(admin_client, admin_user):
    from blog import writing
    from blog.services import post_save_from_admin

    post = PostFactory(body="Ancien.", author=admin_user)
    post_save_from_admin(post=post, changed_fields=[], user=admin_user)
    post.body = "Nouveau."
    post_save_from_admin(post=post, changed_fields=["body"], user=admin_user)
    old = writing.revisions_of(post)[-1]
    url = reverse("admin:blog_post_revision", args=[post.pk, old.pk])
    html = admin_client.get(url).content.decode()
    assert "<del>Ancien.</del>" in html and "<ins>Nouveau.</ins>" in html
    restore = reverse("admin:blog_post_revision_restore", args=[post.pk, old.pk])
    assert admin_client.get(restore).status_code == 405
    assert admin_client.post(restore).status_code == 302
    post.refresh_from_db()
    assert post.body == "Ancien."
    other = PostFactory()
    assert (
        admin_client.get(reverse("admin:blog_post_revision", args=[other.pk, old.pk])).status_code
        == 404
    )


def test_view_on_site_goes_to_site_url(admin_client, settings):
    settings.SITE_URL = "https://carnet.example.org"
    post = PostFactory()
    category = CategoryFactory(slug="voyages")
    for obj, name in [(post, "blog_post"), (category, "blog_category")]:
        html = admin_client.get(reverse(f"admin:{name}_change", args=[obj.pk])).content.decode()
        assert f'href="https://carnet.example.org{obj.get_absolute_url()}"' in html


def page_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "L'été à Noël",
        "slug": "",
        "parent": "",
        "menu_order": "0",
        "in_menu": "on",
        "markup": "markdown",
        "body": "Le contenu.",
        "status": Status.PUBLISHED,
        "published_at_0": now.strftime("%d/%m/%Y"),
        "published_at_1": now.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return data


def test_page_slug_is_ascii_as_a_posts(admin_client, admin_user):
    html = admin_client.get(reverse("admin:blog_page_add")).content.decode()
    assert 'data-slug-from="id_title"' in html and "js/admin/slug.js" in html
    assert "&quot;#id_slug&quot;" not in html  # no Django URLify, which keeps accents
    data = page_data(author=admin_user.pk)
    response = admin_client.post(reverse("admin:blog_page_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    first = Page.objects.get()
    assert first.slug == "l-ete-a-noel"
    response = admin_client.post(reverse("admin:blog_page_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Page.objects.latest("pk").slug == "l-ete-a-noel-2"
    data = page_data(author=admin_user.pk, parent=first.pk, title="?!")
    assert admin_client.post(reverse("admin:blog_page_add"), data).status_code == 302
    assert Page.objects.latest("pk").path == "l-ete-a-noel/page"


def test_a_pages_accented_slug_is_kept_but_not_typed(admin_client, admin_user):
    page = PageFactory(slug="à-propos", author=admin_user)
    url = reverse("admin:blog_page_change", args=[page.pk])
    data = page_data(title=page.title, slug="à-propos", author=admin_user.pk, body="Retouché.")
    assert admin_client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert (page.slug, page.body) == ("à-propos", "Retouché.")
    response = admin_client.post(url, {**data, "slug": "été"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"]
