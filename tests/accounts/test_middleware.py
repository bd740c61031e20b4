"""Leaving for the provider after the login button's POST, within `form-action 'self'`."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory

from .conftest import oidc_login_url

pytestmark = pytest.mark.django_db


def test_provider_login_post_answers_a_page_that_goes_on_to_the_provider(client, login_apps):
    response = client.post(oidc_login_url(), {"next": "/"})

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<meta http-equiv="refresh" content="0; url={login_apps.url}/authorize?' in page
    assert f'<a href="{login_apps.url}/authorize?' in page
    assert "Continuer vers la page de connexion de votre compte" in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "form-action 'self'" in response["Content-Security-Policy"]


def test_password_login_redirects_as_usual(client):
    StaffFactory(username="redaction")
    response = client.post(
        reverse("account_login"), {"login": "redaction", "password": "mot-de-passe-de-test"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("blog:home")


def test_get_of_a_provider_login_is_the_confirmation_page(client, login_apps):
    response = client.get(oidc_login_url())
    assert response.status_code == 200
    assert 'http-equiv="refresh"' not in response.content.decode()
