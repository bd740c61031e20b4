"""The post page kept for members: shared by every member, their own parts put in when served."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import CommentStatus
from tests.factories import CommentFactory, PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def member(name, **fields):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username=name, first_name=name.capitalize(), **fields))
    return client


def commenting_as(shown):
    return re.search(r"Vous commentez en tant que ([^.]+)\.", shown).group(1)


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_second_member_gets_the_kept_page_with_their_name(count, django_assert_num_queries):
    post = PostFactory()
    for _ in range(count):
        CommentFactory(post=post)
    first, second = member("lea"), member("noe")
    lea = commenting_as(html(first, post.get_absolute_url()))
    # Session, member, and whether they have a comment pending or still editable (kept after).
    with django_assert_num_queries(4):
        html(second, post.get_absolute_url())
    with django_assert_num_queries(2):
        shown = html(second, post.get_absolute_url())
    assert commenting_as(shown).startswith("Noe ")
    assert lea.startswith("Lea ")
    assert lea not in shown
    assert "--carnet-" not in shown


def test_the_kept_page_carries_each_members_own_csrf_token_and_timestamp(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    post = PostFactory()
    first, second = member("lea"), member("noe")
    html(first, post.get_absolute_url())
    shown = html(second, post.get_absolute_url())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    stamp = re.search(r'name="timestamp" value="([^"]+)"', shown).group(1)
    form = {"body": "Merci pour ce billet.", "timestamp": stamp, "csrfmiddlewaretoken": token}
    url = reverse("comments:post", args=[post.pk])
    assert first.post(url, form).status_code == 403  # not Léa's token
    assert second.post(url, form).status_code == 302


def test_a_change_that_shows_reaches_members_at_once(commit):
    post = PostFactory()
    first, second = member("lea"), member("noe")
    html(first, post.get_absolute_url())
    with commit():
        CommentFactory(post=post, body_html="<p>Tout juste approuvé</p>")
    assert "Tout juste approuvé" in html(second, post.get_absolute_url())


def test_a_member_with_a_pending_comment_gets_their_own_page():
    post = PostFactory()
    first, second = member("lea"), member("noe")
    html(first, post.get_absolute_url())
    noe = second.session["_auth_user_id"]
    CommentFactory(
        post=post, user_id=noe, status=CommentStatus.PENDING, body_html="<p>Mon avis</p>"
    )
    assert "Mon avis" in html(second, post.get_absolute_url())
    assert "Mon avis" not in html(first, post.get_absolute_url())


def test_a_member_who_just_commented_sees_their_edit_link_and_no_one_else(commit):
    post = PostFactory()
    first, second = member("lea"), member("noe")
    html(first, post.get_absolute_url())
    with commit():
        mine = CommentFactory(post=post, user_id=second.session["_auth_user_id"])
    edit = reverse("comments:edit", args=[mine.pk])
    assert edit in html(second, post.get_absolute_url())
    assert edit not in html(first, post.get_absolute_url())


def test_staff_never_get_the_members_page():
    post = PostFactory()
    html(member("lea"), post.get_absolute_url())
    staff = Client()
    staff.force_login(StaffFactory(username="redaction"))
    response = staff.get(post.get_absolute_url())
    assert commenting_as(response.content.decode()).startswith("Camille ")  # StaffFactory's
    assert "private" in response["Cache-Control"]


def test_only_post_pages_are_kept_for_members():
    first, second = member("lea", email="lea@example.org"), member("noe")
    profile = reverse("accounts:profile")
    first.get(profile)
    assert "lea@example.org" not in second.get(profile).content.decode()


def test_a_comment_quoting_a_placeholder_stays_as_typed():
    """A marker carries a key derived from SECRET_KEY: a reader's text that looks like one (here
    with a key guessed wrong) is never filled, and the member's own name still is."""
    post = PostFactory()
    forged = "--carnet-0123456789abcdef:member_name:--"
    CommentFactory(post=post, body_html=f"<p>{forged}</p>")
    shown = html(member("lea"), post.get_absolute_url())
    assert f"<p>{forged}</p>" in shown
    assert commenting_as(shown).startswith("Lea ")
    assert commenting_as(html(member("noe"), post.get_absolute_url())).startswith("Noe ")


def test_a_member_who_comments_gets_their_own_page_at_once(settings):
    """What a member's pages show of their own is known again as soon as they write: their new
    comment (here held for moderation) shows on their next page."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_MODERATION = "all"
    post = PostFactory()
    lea = member("lea")
    shown = html(lea, post.get_absolute_url())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', shown).group(1)
    stamp = re.search(r'name="timestamp" value="([^"]+)"', shown).group(1)
    form = {"body": "Je repasse plus tard.", "timestamp": stamp, "csrfmiddlewaretoken": token}
    assert lea.post(reverse("comments:post", args=[post.pk]), form).status_code == 302
    assert "Je repasse plus tard." in html(lea, post.get_absolute_url())


def test_the_form_sent_back_with_errors_is_never_kept():
    post = PostFactory()
    lea = member("lea")
    url = reverse("comments:post", args=[post.pk])
    html(lea, post.get_absolute_url())
    form = {"body": "", "timestamp": CommentForm(post=post).fresh_timestamp}
    token = lea.cookies["csrftoken"].value
    assert lea.post(url, {**form, "csrfmiddlewaretoken": token}).status_code == 400


def test_a_members_name_is_escaped_once_on_the_page_rendered_and_on_the_kept_one():
    post = PostFactory()
    first = Client()
    first.force_login(UserFactory(username="zoe", first_name="Zoé & <Cie>", last_name="D'Arc"))
    second = Client()
    second.force_login(UserFactory(username="noe", first_name="Noé & Co", last_name="<b>"))
    assert commenting_as(html(first, post.get_absolute_url())) == "Zoé &amp; &lt;Cie&gt; D&#x27;Arc"
    assert commenting_as(html(second, post.get_absolute_url())) == "Noé &amp; Co &lt;b&gt;"
