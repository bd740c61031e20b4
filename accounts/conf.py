"""The accounts app's settings, with their defaults. Read as `conf.settings.NAME`."""

from django.utils.translation import gettext_lazy as _

from core.appsettings import AppSettings

DEFAULTS = {
    # WordPress.com's public API (OAuth2 endpoints and /me); tests point it at a loopback server.
    "WORDPRESS_COM_API_URL": "https://public-api.wordpress.com",
    # Largest response accepted from a login provider (token, profile, keys): they are small.
    "ACCOUNTS_PROVIDER_MAX_BYTES": 1_000_000,
    # Staff reach the admin only after signing in with a second factor (production turns it on;
    # off elsewhere so a fresh `make run` opens the admin at once).
    "STAFF_REQUIRE_MFA": False,
    # Name shown on a deleted member's comments.
    "ACCOUNTS_ANONYMOUS_NAME": _("Anonymous"),
}


settings = AppSettings(DEFAULTS)
