"""The admin's titles are whole French sentences: "Ajouter une image", never "Ajout de image"."""

import pytest
from django.urls import reverse

from config.admin_titles import DELETE_SELECTED, TITLES
from tests.factories import CategoryFactory, PageFactory, TagFactory

pytestmark = pytest.mark.django_db


def title_of(html):
    return html.split("<title>", 1)[1].split(" | ", 1)[0]


@pytest.mark.parametrize(
    ("model", "add", "plural"),
    [
        ("images_image", "Ajouter une image", "Images"),
        ("blog_page", "Ajouter une page", "Pages"),
        ("blog_category", "Ajouter une catégorie", "Catégories"),
        ("blog_tag", "Ajouter une étiquette", "Étiquettes"),
        ("comments_moderationword", "Ajouter un mot de modération", "Mots de modération"),
        ("auth_user", "Ajouter un utilisateur", "Utilisateurs"),
        ("auth_group", "Ajouter un groupe", "Groupes"),
    ],
)
def test_add_pages_and_lists_speak_french(admin_client, model, add, plural):
    html = admin_client.get(reverse(f"admin:{model}_add")).content.decode()
    assert title_of(html) == add
    assert f"<h1>{add}</h1>" in html and f"&rsaquo; {add}" in html
    assert "Ajout de" not in html
    html = admin_client.get(reverse(f"admin:{model}_changelist")).content.decode()
    assert title_of(html) == plural and "Sélectionnez" not in html
    assert add in html  # the list's add button


def test_change_pages_name_the_object_with_its_article(admin_client):
    for obj, model, title in [
        (PageFactory(), "blog_page", "Modifier la page"),
        (CategoryFactory(), "blog_category", "Modifier la catégorie"),
        (TagFactory(), "blog_tag", "Modifier l’étiquette"),
    ]:
        html = admin_client.get(reverse(f"admin:{model}_change", args=[obj.pk])).content.decode()
        assert f"<h1>{title}</h1>" in html and "Modification de" not in html


def test_a_reader_of_the_admin_gets_a_view_title(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("lecteur", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_tag"))
    client.force_login(viewer)
    tag = TagFactory()
    html = client.get(reverse("admin:blog_tag_change", args=[tag.pk])).content.decode()
    assert "<h1>L’étiquette</h1>" in html and "Afficher" not in html


def test_every_title_is_translated():
    from django.utils import translation

    for titles in [*TITLES.values(), DELETE_SELECTED.values()]:
        for title in titles:
            with translation.override("en"):
                english = str(title)
            assert str(title) != english, english


def test_the_delete_action_agrees_with_a_feminine_name(admin_client, admin_user):
    TagFactory()
    html = admin_client.get(reverse("admin:blog_tag_changelist")).content.decode()
    assert "Supprimer les étiquettes sélectionnées" in html and "tes sélectionnés" not in html
    html = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Supprimer les utilisateurs sélectionnés" in html
