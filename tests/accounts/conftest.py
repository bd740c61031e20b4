"""A loopback login provider, configured as both an OpenID Connect app and WordPress.com."""

from urllib.parse import urlsplit

import pytest
import requests

from accounts.provider_settings import social_providers

from .loopback_provider import LoopbackProvider

ALICE = {
    # OpenID Connect claims
    "sub": "alice-0001",
    "name": "Alice Lovelace",
    "given_name": "Alice",
    "family_name": "Lovelace",
    "email": "alice@example.net",
    "email_verified": True,
    "picture": "http://127.0.0.1:9/alice.png",
    # WordPress.com's /me
    "ID": 4242,
    "display_name": "Alice Lovelace",
    "username": "alicelovelace",
    "avatar_URL": "http://127.0.0.1:9/alice-wp.png",
    "profile_URL": "https://gravatar.com/alicelovelace",
}


@pytest.fixture
def provider():
    server = LoopbackProvider(
        clients={"carnet-oidc": "oidc-secret", "carnet-wp": "wp-secret"},
        users={"alice": dict(ALICE)},
    ).start()
    yield server
    server.stop()


@pytest.fixture
def login_apps(settings, provider):
    """The loopback provider as an OIDC app named "Loopback", and as WordPress.com."""
    providers = social_providers({})
    providers["openid_connect"]["APPS"] = [
        {
            "provider_id": "loopback",
            "name": "Loopback",
            "client_id": "carnet-oidc",
            "secret": "oidc-secret",
            "settings": {"server_url": provider.url},
        }
    ]
    providers["wordpress_com"]["APPS"] = [{"client_id": "carnet-wp", "secret": "wp-secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    settings.WORDPRESS_COM_API_URL = provider.url
    allow_loopback(settings, provider)
    return provider


def allow_loopback(settings, server):
    """Let the outbound fetcher reach `server` (on 127.0.0.1), as an intranet's setup would."""
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    port = urlsplit(server.url).port if hasattr(server, "url") else server.server_address[1]
    settings.OUTBOUND_ALLOWED_PORTS = [*settings.OUTBOUND_ALLOWED_PORTS, port]


def authorise(location, *, username="alice", decision="allow"):
    """Do what the person does at the provider: submit its authorisation form. Returns the
    callback path (with its query) the provider sends the browser back to."""
    page = requests.get(location, timeout=5)
    assert page.status_code == 200, page.text
    response = requests.post(
        location,
        data={**_query(location), "username": username, "decision": decision},
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 302, response.text
    target = urlsplit(response.headers["Location"])
    return f"{target.path}?{target.query}"


def _query(url):
    from urllib.parse import parse_qsl

    return dict(parse_qsl(urlsplit(url).query))


def start_login(client, login_url, next_url="/"):
    """Press a provider's button (a POST); return the provider URL the browser is sent to.

    The answer is the small page of accounts.middleware that goes on to the provider."""
    import re
    from html import unescape

    response = client.post(login_url, {"process": "login", "next": next_url})
    assert response.status_code == 200
    refresh = re.search(
        r'<meta http-equiv="refresh" content="0; url=([^"]+)">', response.content.decode()
    )
    return unescape(refresh.group(1))


def oidc_login_url():
    from django.urls import reverse

    return reverse("openid_connect_login", kwargs={"provider_id": "loopback"})
