"""CSRF for members, an Origin check for guests, on the forms of pages every reader shares."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_bot_delays(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


def comment(client, post, body="Sans jeton.", origin=None):
    data = {
        "author_name": "Bastien",
        "author_email": "bastien@example.org",
        "body": body,
        "timestamp": CommentForm(post=post).fresh_timestamp,
    }
    headers = {} if origin is None else {"Origin": origin}
    return client.post(reverse("comments:post", args=[post.pk]), data, headers=headers)


def test_a_guest_comments_without_a_token_from_this_site_only():
    post = PostFactory()
    guest = Client(enforce_csrf_checks=True)
    assert comment(guest, post, origin="http://testserver").status_code == 302
    assert comment(guest, post, body="Sans en-tête.").status_code == 302  # not a browser
    assert comment(guest, post, body="Forgé", origin="https://evil.example").status_code == 403
    assert comment(guest, post, body="Forgé", origin="null").status_code == 403
    assert sorted(Comment.objects.values_list("body", flat=True)) == [
        "Sans en-tête.",
        "Sans jeton.",
    ]


def test_a_member_needs_a_token():
    post = PostFactory()
    member = Client(enforce_csrf_checks=True)
    member.force_login(UserFactory())
    assert settings.SESSION_COOKIE_NAME in member.cookies
    assert comment(member, post, origin="http://testserver").status_code == 403
    assert not Comment.objects.exists()


def test_the_language_switch_follows_the_same_rule():
    guest = Client(enforce_csrf_checks=True)
    form = {"language": "en", "next": "/"}
    assert guest.post("/i18n/setlang/", form).status_code == 302
    assert guest.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert (
        guest.post("/i18n/setlang/", form, headers={"Origin": "https://evil.example"}).status_code
        == 403
    )
    member = Client(enforce_csrf_checks=True)
    member.force_login(UserFactory())
    assert member.post("/i18n/setlang/", form).status_code == 403
