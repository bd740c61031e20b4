"""A commenter edits or deletes their own comment for 15 minutes: the rules (comment_editable,
comment_edit, comment_withdraw) and the pages that use them, without JavaScript."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.cookies import OWN_COOKIE
from comments.exceptions import NotEditable, TooLong
from comments.models import Comment, CommentStatus
from comments.services import comment_edit, comment_editable, comment_withdraw
from comments.signals import comment_status_changed
from tests.comments.test_views import form_data
from tests.factories import CommentFactory, PageFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory(title="Le pain du dimanche")


@pytest.fixture
def member():
    return UserFactory()


def html(response):
    return response.content.decode()


# The rules.


def test_a_member_may_change_their_comment_for_15_minutes_only(post, member):
    comment = CommentFactory(post=post, user=member)
    other = UserFactory()
    assert comment_editable(comment, user=member)
    assert not comment_editable(comment, user=other)
    assert not comment_editable(comment)  # an anonymous reader, even knowing the id
    assert not comment_editable(comment, own_ids=[comment.pk])  # a member's comment needs them
    later = timezone.now() + timedelta(minutes=15, seconds=1)
    assert comment_editable(comment, user=member, now=later - timedelta(seconds=2))
    assert not comment_editable(comment, user=member, now=later)


def test_a_guest_may_change_only_what_their_browser_remembers(post):
    comment = CommentFactory(post=post)
    assert comment_editable(comment, own_ids=[comment.pk])
    assert not comment_editable(comment, own_ids=[comment.pk + 1])


@pytest.mark.parametrize("status", [CommentStatus.SPAM, CommentStatus.TRASH])
def test_spam_and_trash_cannot_be_changed(post, member, status):
    assert not comment_editable(CommentFactory(post=post, user=member, status=status), user=member)


def test_a_ping_cannot_be_changed(post):
    ping = CommentFactory(post=post, kind="pingback")
    assert not comment_editable(ping, own_ids=[ping.pk])


def test_edit_renders_the_new_text(post, member):
    comment = CommentFactory(post=post, user=member)
    comment_edit(comment=comment, body="Avec du *levain*.", user=member)
    comment.refresh_from_db()
    assert comment.body == "Avec du *levain*."
    assert "<em>levain</em>" in comment.body_html
    assert comment.status == CommentStatus.APPROVED


def test_edit_after_the_window_or_by_someone_else_is_refused_and_changes_nothing(post, member):
    comment = CommentFactory(post=post, user=member)
    with pytest.raises(NotEditable):
        comment_edit(comment=comment, body="Piraté", user=UserFactory())
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        with pytest.raises(NotEditable):
            comment_edit(comment=comment, body="Trop tard", user=member)
    comment.refresh_from_db()
    assert comment.body == "Un commentaire."


def test_edit_too_long_is_refused(post, member, settings):
    settings.COMMENTS_MAX_LENGTH = 10
    with pytest.raises(TooLong):
        comment_edit(comment=CommentFactory(post=post, user=member), body="x" * 11, user=member)


def test_an_edit_that_adds_links_is_moderated_again(
    post, member, django_capture_on_commit_callbacks
):
    comment = CommentFactory(post=post, user=member, body_html="<p>Merci.</p>")
    heard = []

    def listener(sender, comment, previous, **kwargs):
        heard.append((previous, comment.status))

    comment_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment_edit(comment=comment, body="Merci. Voyez https://pilules.example", user=member)
    finally:
        comment_status_changed.disconnect(listener)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert heard == [(CommentStatus.APPROVED, CommentStatus.PENDING)]


def test_an_edit_keeping_its_links_stays_approved(post, member):
    comment = CommentFactory(
        post=post, user=member, body_html='<p><a href="https://a.example">a</a></p>'
    )
    comment_edit(comment=comment, body="[lien](https://a.example) corrigé", user=member)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_staff_adding_a_link_stays_approved(post):
    staff = StaffFactory()
    comment = CommentFactory(post=post, user=staff)
    comment_edit(comment=comment, body="Voir https://carnet.example", user=staff)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED


def test_withdraw_deletes_or_trashes_an_answered_comment(post, member):
    alone = CommentFactory(post=post, user=member)
    assert comment_withdraw(comment=alone, user=member) is True
    assert not Comment.objects.filter(pk=alone.pk).exists()
    answered = CommentFactory(post=post, user=member)
    CommentFactory(post=post, parent=answered)
    assert comment_withdraw(comment=answered, user=member) is False
    assert Comment.objects.get(pk=answered.pk).status == CommentStatus.TRASH
    with pytest.raises(NotEditable):
        comment_withdraw(comment=CommentFactory(post=post), user=member)


# The pages.


def send(client, post, **fields):
    return client.post(reverse("comments:post", args=[post.pk]), form_data(post, **fields))


def edit_link(comment):
    return f'href="{reverse("comments:edit", args=[comment.pk])}"'


def test_a_guest_edits_their_comment_from_the_same_browser(client, post):
    send(client, post)
    comment = Comment.objects.get()
    assert OWN_COOKIE in client.cookies
    assert edit_link(comment) in html(client.get(post.get_absolute_url()))
    page = html(client.get(reverse("comments:edit", args=[comment.pk])))
    assert "Modifier votre commentaire" in page and "bravo pour la recette" in page
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Corrigé."})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert "Corrigé." in html(client.get(post.get_absolute_url()))


def test_nobody_else_sees_the_edit_link_or_may_edit(client, post):
    send(client, post)
    comment = Comment.objects.get()
    comment_moderate_approved(comment)
    stranger = Client()
    assert edit_link(comment) not in html(stranger.get(post.get_absolute_url()))
    url = reverse("comments:edit", args=[comment.pk])
    assert stranger.get(url).status_code == 403
    refused = stranger.post(url, {"body": "Piraté"})
    assert refused.status_code == 403
    assert "ne peut plus être modifié" in html(refused)
    assert stranger.post(reverse("comments:delete", args=[comment.pk])).status_code == 403
    assert Comment.objects.get().body == "Avant tout, bravo pour la recette."


def comment_moderate_approved(comment):
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.APPROVED)


def test_after_15_minutes_the_link_goes_and_the_edit_is_refused(client, post):
    send(client, post)
    comment = Comment.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert edit_link(comment) not in html(client.get(post.get_absolute_url()))
        assert (
            client.post(reverse("comments:edit", args=[comment.pk]), {"body": "x"}).status_code
            == 403
        )


def test_an_empty_edit_keeps_the_text_and_says_why(client, post):
    send(client, post)
    comment = Comment.objects.get()
    response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "  "})
    assert response.status_code == 400
    assert "<title>Erreur : " in html(response)
    assert 'id="comment-errors"' in html(response)
    assert Comment.objects.get().body == "Avant tout, bravo pour la recette."


def test_delete_only_on_post(client, post):
    send(client, post)
    comment = Comment.objects.get()
    url = reverse("comments:delete", args=[comment.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == f"{post.get_absolute_url()}#comments"
    assert not Comment.objects.exists()


def test_actions_need_the_csrf_token(post, member):
    comment = CommentFactory(post=post, user=member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert (
        client.post(reverse("comments:edit", args=[comment.pk]), {"body": "x"}).status_code == 403
    )
    assert client.post(reverse("comments:delete", args=[comment.pk])).status_code == 403
    assert Comment.objects.get().body == "Un commentaire."


def test_a_member_edits_on_a_page_too(client, member):
    page = PageFactory(comments_open=True)
    comment = CommentFactory(post=None, page=page, user=member)
    client.force_login(member)
    assert edit_link(comment) in html(client.get(page.get_absolute_url()))
    client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Sur la page."})
    assert Comment.objects.get().body == "Sur la page."


def test_the_own_comments_cookie_bypasses_the_page_cache(settings):
    from pagecache import bypass

    assert OWN_COOKIE in bypass.cookie_names()
