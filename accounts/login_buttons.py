"""The login providers offered to readers, read once and kept in the shared cache.

The post page shows them on every view, so they must cost no query: the list is cached and
dropped whenever a social application is saved or deleted in the admin.
"""

import hashlib
from functools import lru_cache

from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.utils.http import urlencode

CACHE_KEY = "accounts:login-providers"
CACHE_SECONDS = 300


def cache_key():
    """The list's key, naming the providers the environment configures: a provider added to (or
    removed from) the environment shows at the next start, never after a stale list expires."""
    return f"{CACHE_KEY}:{environment_fingerprint()}"


@lru_cache(maxsize=1)
def environment_fingerprint():
    configured = sorted(
        (name, [app.get("client_id") for app in options.get("APPS", [])])
        for name, options in settings.SOCIALACCOUNT_PROVIDERS.items()
    )
    return hashlib.sha256(repr(configured).encode()).hexdigest()[:16]


def configured_providers(request):
    """[{"id", "name", "login_url"}] for every provider with credentials, in a stable order."""
    providers = cache.get(cache_key())
    if providers is None:
        providers = [
            {"id": p.sub_id, "name": p.name, "login_url": p.get_login_url(request)}
            for p in get_adapter().list_providers(request)
        ]
        cache.set(cache_key(), providers, CACHE_SECONDS)
        _forget_pages_if_the_environment_changed()
    return providers


def _forget_pages_if_the_environment_changed():
    """Cached pages show the buttons too: a new environment's first list makes them stale."""
    from pagecache.generation import bump

    seen = cache.get(f"{CACHE_KEY}:environment")
    if seen != environment_fingerprint():
        cache.set(f"{CACHE_KEY}:environment", environment_fingerprint(), timeout=None)
        if seen is not None:
            bump()


def forget_providers(**kwargs):
    cache.delete(cache_key())


def login_buttons(request, *, next_url):
    """The providers with their login URL carrying `next_url` (a path on this site)."""
    query = urlencode({"process": "login", "next": next_url})
    return [{**p, "login_url": f"{p['login_url']}?{query}"} for p in configured_providers(request)]


def current_provider_name(request):
    """The name of the provider the reader logged in with in this session, else None."""
    records = get_authentication_records(request, request.user)
    social = [r for r in records if r.get("method") == "socialaccount"]
    if not social:
        return None
    provider_id = social[-1].get("provider")
    for provider in configured_providers(request):
        if provider["id"] == provider_id:
            return provider["name"]
    return provider_id
