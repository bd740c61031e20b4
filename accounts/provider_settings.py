"""SOCIALACCOUNT_PROVIDERS for the settings: fixed options, plus credentials from the environment.

Imported by config/settings/base.py, so it must not import Django models or read `settings`.
A provider whose credentials are not in the environment is configured in the admin instead
(Social applications); both sources may be used at once.
"""

import os

# allauth provider id -> environment prefix (PREFIX_CLIENT_ID, PREFIX_CLIENT_SECRET).
ENV_PREFIXES = {
    "google": "SOCIAL_GOOGLE",
    "facebook": "SOCIAL_FACEBOOK",
    "twitter_oauth2": "SOCIAL_X",
    "wordpress_com": "SOCIAL_WORDPRESS_COM",
}

# Options that hold whoever supplies the credentials. PKCE wherever the provider accepts it.
PROVIDER_OPTIONS = {
    "google": {
        "SCOPE": ["openid", "profile", "email"],
        "AUTH_PARAMS": {"prompt": "select_account"},
        "OAUTH_PKCE_ENABLED": True,
    },
    "facebook": {
        "METHOD": "oauth2",
        "provider_class": "accounts.providers.facebook.FacebookWithPictureProvider",
        "SCOPE": ["public_profile", "email"],
        "FIELDS": ["id", "name", "first_name", "last_name", "email", "picture"],
    },
    "twitter_oauth2": {"OAUTH_PKCE_ENABLED": True},
    "openid_connect": {"OAUTH_PKCE_ENABLED": True},
    "wordpress_com": {"SCOPE": ["auth"]},
}


def social_providers(environ=None):
    """The SOCIALACCOUNT_PROVIDERS dict: options for every provider, APPS where env has them."""
    environ = os.environ if environ is None else environ
    providers = {name: dict(options) for name, options in PROVIDER_OPTIONS.items()}
    for provider, prefix in ENV_PREFIXES.items():
        app = _app_from_env(environ, prefix)
        if app:
            providers[provider]["APPS"] = [app]
    oidc = _oidc_app_from_env(environ)
    if oidc:
        providers["openid_connect"]["APPS"] = [oidc]
    return providers


def _app_from_env(environ, prefix):
    client_id = environ.get(f"{prefix}_CLIENT_ID", "").strip()
    secret = environ.get(f"{prefix}_CLIENT_SECRET", "").strip()
    if not (client_id and secret):
        return None
    return {"client_id": client_id, "secret": secret}


def _oidc_app_from_env(environ):
    """One OpenID Connect provider from SOCIAL_OIDC_*; add more in the admin."""
    app = _app_from_env(environ, "SOCIAL_OIDC")
    server_url = environ.get("SOCIAL_OIDC_SERVER_URL", "").strip()
    if not (app and server_url):
        return None
    return {
        **app,
        "provider_id": environ.get("SOCIAL_OIDC_ID", "oidc").strip() or "oidc",
        "name": environ.get("SOCIAL_OIDC_NAME", "OpenID Connect").strip() or "OpenID Connect",
        "settings": {"server_url": server_url},
    }
