"""Review: an author submits a post, an editor ("Éditeurs") publishes it, the author is told."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import AUTHORS, EDITORS, ensure_roles
from blog.models import Post, Status
from tests.accounts.test_roles import staff_in
from tests.blog.test_admin import change_data, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    return ensure_roles()


def test_editors_group_has_its_permissions(roles):
    codenames = set(roles[EDITORS].permissions.values_list("codename", flat=True))
    assert {"add_post", "change_post", "view_post", "add_image", "change_category"} <= codenames
    assert not {"delete_post", "change_page"} & codenames


def test_author_submits_and_editor_publishes_and_author_is_told(
    client, roles, django_capture_on_commit_callbacks
):
    author = staff_in(AUTHORS, "autrice")
    editor = staff_in(EDITORS, "editrice")
    editor.first_name, editor.last_name = "Élise", "Durand"
    editor.save()
    client.force_login(author)
    data = form_data(title="À relire, s’il vous plaît", slug="", state="pending", author=author.pk)
    response = client.post(reverse("admin:blog_post_add"), data, follow=True)
    assert "Billet soumis pour relecture." in response.content.decode()
    post = Post.objects.get()
    assert post.status == Status.PENDING and not post.is_public

    client.force_login(editor)
    url = reverse("admin:blog_post_change", args=[post.pk])
    assert client.get(reverse("admin:blog_post_changelist")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, change_data(client, url, state="published"))
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.is_public
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert message.subject == "[Carnet] Votre billet « À relire, s’il vous plaît » est publié"
    assert "Élise Durand a relu votre billet" in message.body
    assert post.get_absolute_url() in message.body


def test_the_mail_names_the_blog_as_renamed_in_the_admin(roles):
    from blog.identity import SiteIdentity
    from blog.review import tell_author_published
    from tests.factories import PostFactory

    SiteIdentity.objects.create(title="Le pain et les jours")
    author, editor = staff_in(AUTHORS, "autrice"), staff_in(EDITORS, "editrice")
    post = PostFactory(author=author, title="Levain")

    assert tell_author_published(post_id=post.pk, editor_id=editor.pk)
    message = mail.outbox[0]
    assert message.subject.startswith("[Le pain et les jours] ")
    assert message.from_email.startswith("Le pain et les jours <")


def test_no_mail_when_authors_publish_their_own(client, roles, django_capture_on_commit_callbacks):
    author = staff_in(AUTHORS, "autrice")
    client.force_login(author)
    client.post(reverse("admin:blog_post_add"), form_data(state="pending", author=author.pk))
    post = Post.objects.get()
    url = reverse("admin:blog_post_change", args=[post.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, change_data(client, url, state="published"))
    post.refresh_from_db()
    assert post.is_public and mail.outbox == []
