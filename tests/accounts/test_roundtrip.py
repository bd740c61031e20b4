"""Full login round trips through allauth's real views against the loopback provider."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import PostFactory

from .conftest import authorise, oidc_login_url, start_login

pytestmark = pytest.mark.django_db


def test_openid_connect_round_trip_logs_in_and_returns_to_the_post(client, login_apps):
    post = PostFactory()
    target = f"{post.get_absolute_url()}#respond"

    location = start_login(client, oidc_login_url(), target)
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{login_apps.url}/authorize?")
    assert query["client_id"] == ["carnet-oidc"]
    assert query["code_challenge_method"] == ["S256"]
    assert "openid" in query["scope"][0].split()

    response = client.get(authorise(location))

    assert response.status_code == 302
    assert response["Location"] == target
    user = get_user_model().objects.get(socialaccount__uid="alice-0001")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.get_full_name() == "Alice Lovelace"
    assert not user.has_usable_password()
    sent = login_apps.token_requests[-1]
    assert sent["grant_type"] == "authorization_code"
    assert sent["code_verifier"]  # PKCE: the verifier went with the code


def test_wordpress_com_round_trip_reads_me(client, login_apps):
    post = PostFactory()
    location = start_login(client, reverse("wordpress_com_login"), post.get_absolute_url())
    assert location.startswith(f"{login_apps.url}/oauth2/authorize?")
    assert parse_qs(urlsplit(location).query)["scope"] == ["auth"]

    response = client.get(authorise(location))

    assert response["Location"] == post.get_absolute_url()
    account = SocialAccount.objects.get(provider="wordpress_com")
    assert account.uid == "4242"
    assert account.user.get_full_name() == "Alice Lovelace"
    assert account.get_avatar_url() == "http://127.0.0.1:9/alice-wp.png"
    assert client.session["_auth_user_id"] == str(account.user_id)


def test_a_second_login_finds_the_same_member(client, login_apps):
    for _ in range(2):
        client.get(authorise(start_login(client, oidc_login_url(), "/")))
        client.post(reverse("account_logout"))
    assert get_user_model().objects.count() == 1
    assert SocialAccount.objects.count() == 1


def test_login_by_get_only_asks_for_confirmation(client, login_apps):
    response = client.get(oidc_login_url())
    assert response.status_code == 200
    assert "Se connecter avec Loopback" in response.content.decode()
    assert login_apps.authorize_requests == []


def test_state_is_single_use(client, login_apps):
    callback = authorise(start_login(client, oidc_login_url(), "/"))
    assert client.get(callback).status_code == 302
    client.post(reverse("account_logout"))

    replay = client.get(callback)

    assert replay.status_code == 401
    assert "Échec de la connexion" in replay.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_forged_state_is_refused(client, login_apps):
    callback = authorise(start_login(client, oidc_login_url(), "/"))
    path, query = callback.split("?")
    params = {k: v[0] for k, v in parse_qs(query).items()}
    params["state"] = "forged"

    response = client.get(path, params)

    assert "Échec de la connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_state_from_another_browser_is_refused(client, login_apps, django_user_model):
    from django.test import Client

    callback = authorise(start_login(client, oidc_login_url(), "/"))
    other = Client()

    response = other.get(callback)

    assert "Échec de la connexion" in response.content.decode()
    assert "_auth_user_id" not in other.session
    assert django_user_model.objects.count() == 0


def test_denying_at_the_provider_creates_nothing(client, login_apps, django_user_model):
    location = start_login(client, oidc_login_url(), "/")
    response = client.get(authorise(location, decision="deny"), follow=True)
    assert "Connexion annulée" in response.content.decode()
    assert django_user_model.objects.count() == 0


@pytest.mark.parametrize(
    "provider_id, host, pkce",
    [
        ("google", "accounts.google.com", True),
        ("twitter_oauth2", "x.com", True),
        ("facebook", "www.facebook.com", False),
    ],
)
def test_named_providers_start_with_state_and_pkce_where_supported(
    client, settings, provider_id, host, pkce
):
    from accounts.provider_settings import social_providers

    providers = social_providers({})
    providers[provider_id]["APPS"] = [{"client_id": "id", "secret": "secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers

    location = start_login(client, reverse(f"{provider_id}_login"), "/")

    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).hostname == host
    assert query["state"][0]
    assert query["redirect_uri"] == [f"http://testserver/compte/{provider_id}/login/callback/"]
    assert ("code_challenge" in query) is pkce
