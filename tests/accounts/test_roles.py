"""The "Auteurs" and "Modérateurs" groups can do exactly what they are for, in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import AUTHORS, ensure_roles
from blog.models import Post
from comments.models import CommentStatus
from comments.roles import MODERATORS
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    return ensure_roles()


def staff_in(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_ensure_roles_is_idempotent(roles):
    again = ensure_roles()
    assert Group.objects.filter(name__in=[AUTHORS, MODERATORS]).count() == 2
    assert set(again[AUTHORS].permissions.values_list("codename", flat=True)) == {
        "add_post", "change_post", "view_post", "view_category", "view_tag", "add_tag",
        "view_comment",
    }  # fmt: skip
    moderator_codenames = set(again[MODERATORS].permissions.values_list("codename", flat=True))
    assert {"change_comment", "delete_comment", "view_comment"} <= moderator_codenames
    assert not {"add_post", "change_post", "delete_post"} & moderator_codenames


def test_author_lists_and_edits_only_their_own_posts(client, roles):
    author = staff_in(AUTHORS, "autrice")
    own = PostFactory(author=author, title="Mon billet")
    other = PostFactory(title="Le billet d’un autre")
    client.force_login(author)

    listing = client.get(reverse("admin:blog_post_changelist")).content.decode()
    assert "Mon billet" in listing
    assert "Le billet d’un autre" not in listing
    assert client.get(reverse("admin:blog_post_change", args=[own.pk])).status_code == 200
    response = client.get(reverse("admin:blog_post_change", args=[other.pk]))
    assert response.status_code == 302  # "does not exist", back to the admin index
    changed = client.post(reverse("admin:blog_post_change", args=[other.pk]), {"title": "Piraté"})
    assert changed.status_code in (302, 403)
    assert Post.objects.get(pk=other.pk).title == "Le billet d’un autre"


def test_author_writes_and_publishes_a_post_as_themselves(client, roles):
    author = staff_in(AUTHORS, "autrice")
    someone = UserFactory(username="quelquun")
    client.force_login(author)

    response = client.post(
        reverse("admin:blog_post_add"),
        {
            "title": "Nouveau billet",
            "slug": "nouveau-billet",
            "markup": "markdown",
            "body": "Texte.",
            "excerpt": "",
            "state": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "author": someone.pk,  # ignored: an author writes as themselves
            "comments_open": "on",
            "pings_open": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(slug="nouveau-billet")
    assert post.author == author
    assert post.is_public


def test_author_cannot_delete_posts_nor_edit_pages(client, roles):
    author = staff_in(AUTHORS, "autrice")
    own = PostFactory(author=author)
    client.force_login(author)
    assert client.get(reverse("admin:blog_post_delete", args=[own.pk])).status_code == 403
    assert client.get(reverse("admin:blog_page_changelist")).status_code == 403


def test_author_sees_comments(client, roles):
    author = staff_in(AUTHORS, "autrice")
    client.force_login(author)
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200


def test_moderator_moderates_every_comment_and_pingback(client, roles):
    moderator = staff_in(MODERATORS, "moderatrice")
    comment = CommentFactory(status=CommentStatus.PENDING)
    ping = CommentFactory(status=CommentStatus.PENDING, kind="pingback")
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk, ping.pk]},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    ping.refresh_from_db()
    assert (comment.status, ping.status) == (CommentStatus.APPROVED, CommentStatus.APPROVED)


def test_moderator_cannot_edit_posts(client, roles):
    moderator = staff_in(MODERATORS, "moderatrice")
    post = PostFactory(title="Intouchable")
    client.force_login(moderator)
    assert client.get(reverse("admin:blog_post_add")).status_code == 403
    client.post(reverse("admin:blog_post_change", args=[post.pk]), {"title": "Modifié"})
    assert Post.objects.get(pk=post.pk).title == "Intouchable"
