"""Moderating in the admin: counts, search, bulk actions, reply, the moderators' group."""

import pytest
from django.urls import reverse

from comments.models import Comment, CommentStatus, ModerationWord
from comments.roles import ensure_moderators_group
from tests.comments.trees import tree_text
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def act(client, action, comments):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_changelist_shows_counts_per_status_and_the_pending_count(admin_client):
    CommentFactory(status=CommentStatus.PENDING)
    CommentFactory(status=CommentStatus.PENDING)
    CommentFactory(status=CommentStatus.SPAM)
    page = admin_client.get(CHANGELIST).content.decode()
    assert "En attente (2)" in page and "Indésirable (1)" in page
    assert "2 commentaires en attente de modération" in page


def test_search_by_text_and_author(admin_client):
    CommentFactory(author_name="Bastien", body="Bravo pour la recette")
    CommentFactory(author_name="Jules", body="La patience")
    page = admin_client.get(CHANGELIST, {"q": "bravo"}).content.decode()
    assert "Bastien" in page and "Jules" not in page


def test_bulk_approve_spam_trash_restore(admin_client):
    first, second = CommentFactory(status="pending"), CommentFactory(status="pending")
    act(admin_client, "approve", [first, second])
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    act(admin_client, "mark_spam", [first])
    act(admin_client, "move_to_trash", [second])
    assert dict(Comment.objects.values_list("pk", "status")) == {
        first.pk: "spam",
        second.pk: "trash",
    }
    act(admin_client, "restore", [first, second])
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}


def test_bulk_delete_keeps_replies(admin_client):
    post = PostFactory()
    root = CommentFactory(post=post, author_name="Racine")
    CommentFactory(post=post, parent=root, author_name="Réponse")
    alone = CommentFactory(post=post, author_name="Seul")
    response = admin_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [root.pk, alone.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert tree_text(post) == "Racine (trash)\n  Réponse (approved)"


def test_reply_from_the_admin_approves_the_parent_and_publishes(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING, author_name="Bastien")
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    assert "Répondre à Bastien" in admin_client.get(url).content.decode()
    response = admin_client.post(url, {"body": "Merci Bastien."})
    assert response.status_code == 302
    reply = Comment.objects.get(body="Merci Bastien.")
    assert (reply.parent, reply.status) == (comment, CommentStatus.APPROVED)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_editing_the_status_in_the_form_goes_through_moderation(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING, body="Texte")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    data = {
        "status": "approved",
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": "",
        "body": "Texte *corrigé*",
    }
    assert admin_client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.body_html == "<p>Texte <em>corrigé</em></p>"


def test_word_lists_are_editable(admin_client):
    url = reverse("admin:comments_moderationword_add")
    admin_client.post(url, {"word": "casino", "action": "spam"})
    assert ModerationWord.objects.filter(word="casino", action="spam").exists()


def test_moderators_moderate_but_do_not_edit_posts(client):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(ensure_moderators_group())
    client.force_login(moderator)
    comment = CommentFactory(status=CommentStatus.PENDING)
    assert client.get(CHANGELIST).status_code == 200
    act(client, "approve", [comment])
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    post_change = reverse("admin:blog_post_change", args=[comment.post.pk])
    response = client.post(post_change, {"title": "Piraté"})
    assert response.status_code == 403
    assert client.get(reverse("admin:blog_post_add")).status_code == 403


def test_page_comments_are_listed_with_their_page_and_moderated(admin_client):
    page = PageFactory(title="À propos")
    comment = CommentFactory(post=None, page=page, status=CommentStatus.PENDING)
    listing = admin_client.get(CHANGELIST).content.decode()
    assert "À propos" in listing
    assert reverse("admin:comments_comment_reply", args=[comment.pk]) not in listing
    act(admin_client, "approve", [comment])
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED


def test_no_reply_from_the_admin_on_a_page(admin_client):
    comment = CommentFactory(post=None, page=PageFactory())
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    response = admin_client.post(url, {"body": "Réponse"}, follow=True)
    assert "Les pages ne prennent pas de nouveaux commentaires." in response.content.decode()
    assert Comment.objects.count() == 1


def test_moderators_edit_the_moderation_rules(client):
    moderator = UserFactory(is_staff=True)
    moderator.groups.add(ensure_moderators_group())
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_moderationrules_add"),
        {"max_links": "3", "learn_from_spam": "on"},
    )

    assert response.status_code == 302
    from comments.models import ModerationRules

    rules = ModerationRules.objects.get()
    assert rules.max_links == 3
    change = reverse("admin:comments_moderationrules_change", args=[rules.pk])
    page = client.get(change).content.decode()
    assert "Un commentaire qui contient au moins ce nombre de liens attend la modération" in page


def test_an_admin_reply_longer_than_the_limit_is_refused_by_the_form(settings):
    from comments.admin_forms import AdminReplyForm

    settings.COMMENTS_MAX_LENGTH = 5000
    form = AdminReplyForm({"body": "x" * 20_000})
    assert not form.is_valid()
    assert "5000" in form.errors["body"][0]
    assert AdminReplyForm({"body": "x" * 5000}).is_valid()
