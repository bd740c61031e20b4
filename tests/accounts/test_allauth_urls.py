"""A guest's login button needs no CSRF token (the page they read holds none); the rest of
allauth keeps Django's check."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PostFactory

from .conftest import oidc_login_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest():
    return Client(enforce_csrf_checks=True)


def test_a_guest_reading_a_post_gets_no_cookie(guest):
    post = PostFactory()
    response = guest.get(post.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken" value=""' in response.content.decode()


def test_a_guest_starts_a_provider_login_without_a_token(guest, login_apps):
    response = guest.post(oidc_login_url(), {"process": "login", "next": "/"})
    assert response.status_code == 200
    assert "http-equiv=\"refresh\"" in response.content.decode()


def test_a_login_started_from_another_site_is_refused(guest, login_apps):
    response = guest.post(
        oidc_login_url(), {"process": "login"}, headers={"Origin": "https://ailleurs.example"}
    )
    assert response.status_code == 403


def test_with_a_session_the_login_button_needs_its_token(guest, login_apps):
    guest.cookies["sessionid"] = "quelque-chose"
    assert guest.post(oidc_login_url(), {"process": "login"}).status_code == 403


def test_the_password_login_keeps_djangos_check(guest):
    response = guest.post(reverse("account_login"), {"login": "a", "password": "b"})
    assert response.status_code == 403
