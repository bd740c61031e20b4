"""Who gets a cached page, what it holds (each reader's own CSRF token), and the 304s."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.utils import timezone

from comments.cookies import PENDING_COOKIE
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_FIELD = 'name="csrfmiddlewaretoken" value="'


def tokens(response):
    html = response.content.decode()
    return {part.split('"', 1)[0] for part in html.split(TOKEN_FIELD)[1:]}


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_num_queries):
    post = PostFactory(title="Un billet lu")
    assert client.get(post.get_absolute_url()).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Un billet lu" in response.content.decode()
    assert response["ETag"].startswith('W/"')
    assert response["X-Frame-Options"] == "DENY"


def test_each_reader_gets_their_own_csrf_token_on_a_cached_page():
    post = PostFactory()
    first, second = Client(), Client()
    first.get(post.get_absolute_url())
    response = second.get(post.get_absolute_url())
    found = tokens(response)
    assert found, "the page has a form with a CSRF token"
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert {_unmask_cipher_token(token) for token in found} == {secret}
    assert secret != first.cookies[settings.CSRF_COOKIE_NAME].value
    assert b"carnet-csrf-token" not in response.content


def test_logged_in_members_get_fresh_pages(client):
    post = PostFactory()
    client.get(post.get_absolute_url())
    client.force_login(UserFactory())
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "ETag" not in response


def test_a_guest_with_a_pending_comment_gets_fresh_pages(client):
    post = PostFactory()
    client.get(post.get_absolute_url())
    client.cookies[PENDING_COOKIE] = "anything"
    assert "ETag" not in client.get(post.get_absolute_url())


def test_query_strings_and_the_admin_are_not_cached(client, staff):
    PostFactory()
    assert "ETag" not in client.get("/", {"s": "billet"})
    client.force_login(staff)
    assert "ETag" not in client.get("/admin/")


def test_unchanged_page_answers_304_to_its_etag_and_date(client):
    post = PostFactory()
    first = client.get(post.get_absolute_url())
    again = client.get(post.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = client.get(
        post.get_absolute_url(), headers={"If-Modified-Since": first["Last-Modified"]}
    )
    assert since.status_code == 304
    stale = client.get(post.get_absolute_url(), headers={"If-None-Match": 'W/"autre"'})
    assert stale.status_code == 200


def test_head_is_answered_from_the_same_entry(client, django_assert_num_queries):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.head(post.get_absolute_url()).status_code == 200


def test_scheduled_post_appears_on_time_without_any_job(client):
    now = timezone.now()
    PostFactory(title="Déjà là")
    PostFactory(title="Programmé", published_at=now + timedelta(minutes=2), announced_at=None)
    with time_machine.travel(now, tick=False):
        assert "Programmé" not in client.get("/").content.decode()
    with time_machine.travel(now + timedelta(minutes=3), tick=False):
        assert "Programmé" in client.get("/").content.decode()


def test_disabled_cache_renders_every_time(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_ENABLED = False
    post = PostFactory()
    client.get(post.get_absolute_url())
    assert "ETag" not in client.get(post.get_absolute_url())


def test_comment_form_timestamp_is_signed_when_served_not_when_cached(client):
    from django.core import signing

    from comments.forms import FORM_SALT

    post = PostFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(post.get_absolute_url())
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        html = client.get(post.get_absolute_url()).content.decode()
    value = html.split('name="timestamp" value="', 1)[1].split('"', 1)[0]
    data = signing.loads(value, salt=FORM_SALT)
    assert data["post"] == post.pk
    assert data["at"] >= int(start.timestamp()) + 100


def test_token_from_a_cached_page_passes_django_csrf_check_and_anothers_fails():
    post = PostFactory()
    Client().get(post.get_absolute_url())  # someone else's visit fills the cache
    reader, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = tokens(reader.get(post.get_absolute_url())).pop()
    tokens(other.get(post.get_absolute_url()))
    form = {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    assert reader.post("/i18n/setlang/", form).status_code == 302
    assert other.post("/i18n/setlang/", form).status_code == 403


def test_languages_are_cached_apart(client):
    post = PostFactory()
    french = client.get(post.get_absolute_url())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(post.get_absolute_url())
    assert french["ETag"] != english["ETag"]
    assert english["Content-Language"] == "en"


def test_requests_with_credentials_are_not_cached(client):
    post = PostFactory()
    client.get(post.get_absolute_url())
    response = client.get(post.get_absolute_url(), headers={"Authorization": "Bearer x"})
    assert "ETag" not in response


def test_a_page_quoting_a_placeholder_is_never_cached(client):
    # In code, where typography leaves the dashes as typed.
    post = PostFactory(
        body="Texte piégé : `--carnet-csrf-token--` et `--carnet-form-timestamp-1--`"
    )
    client.get(post.get_absolute_url())
    response = client.get(post.get_absolute_url())
    assert "ETag" not in response
    assert b"--carnet-csrf-token--" in response.content


def test_each_reader_of_a_cached_page_gets_a_timestamp_good_for_one_comment(settings):
    from django.urls import reverse

    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    post = PostFactory()
    Client().get(post.get_absolute_url())  # someone else's visit fills the cache

    def served_timestamp():
        html = Client().get(post.get_absolute_url()).content.decode()
        return html.split('name="timestamp" value="', 1)[1].split('"', 1)[0]

    def send(timestamp, n):
        data = {"author_name": f"L{n}", "author_email": f"l{n}@example.org", "body": f"Mot {n}"}
        url = reverse("comments:post", args=[post.pk])
        return Client().post(url, {**data, "timestamp": timestamp}).status_code

    first, second = served_timestamp(), served_timestamp()
    assert first != second
    assert [send(first, 1), send(second, 2), send(first, 3)] == [302, 302, 400]
