"""Provider credentials from the environment; options (PKCE, scopes) whoever supplies them."""

from accounts.provider_settings import social_providers


def test_without_variables_no_app_comes_from_settings():
    providers = social_providers({})
    assert not any("APPS" in options for options in providers.values())
    assert providers["google"]["OAUTH_PKCE_ENABLED"] is True
    assert providers["twitter_oauth2"]["OAUTH_PKCE_ENABLED"] is True
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True
    assert providers["wordpress_com"]["SCOPE"] == ["auth"]


def test_each_named_provider_from_its_variables():
    environ = {
        "SOCIAL_GOOGLE_CLIENT_ID": "g-id",
        "SOCIAL_GOOGLE_CLIENT_SECRET": "g-secret",
        "SOCIAL_FACEBOOK_CLIENT_ID": "f-id",
        "SOCIAL_FACEBOOK_CLIENT_SECRET": "f-secret",
        "SOCIAL_X_CLIENT_ID": "x-id",
        "SOCIAL_X_CLIENT_SECRET": "x-secret",
        "SOCIAL_WORDPRESS_COM_CLIENT_ID": "w-id",
        "SOCIAL_WORDPRESS_COM_CLIENT_SECRET": "w-secret",
    }
    providers = social_providers(environ)
    assert providers["google"]["APPS"] == [{"client_id": "g-id", "secret": "g-secret"}]
    assert providers["facebook"]["APPS"] == [{"client_id": "f-id", "secret": "f-secret"}]
    assert providers["twitter_oauth2"]["APPS"] == [{"client_id": "x-id", "secret": "x-secret"}]
    assert providers["wordpress_com"]["APPS"] == [{"client_id": "w-id", "secret": "w-secret"}]


def test_half_configured_provider_is_left_to_the_admin():
    providers = social_providers({"SOCIAL_GOOGLE_CLIENT_ID": "g-id"})
    assert "APPS" not in providers["google"]


def test_an_openid_connect_provider_from_variables():
    environ = {
        "SOCIAL_OIDC_CLIENT_ID": "id",
        "SOCIAL_OIDC_CLIENT_SECRET": "secret",
        "SOCIAL_OIDC_SERVER_URL": "https://login.example.org",
        "SOCIAL_OIDC_ID": "maison",
        "SOCIAL_OIDC_NAME": "La Maison",
    }
    (app,) = social_providers(environ)["openid_connect"]["APPS"]
    assert app == {
        "client_id": "id",
        "secret": "secret",
        "provider_id": "maison",
        "name": "La Maison",
        "settings": {"server_url": "https://login.example.org"},
    }
