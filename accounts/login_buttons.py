"""The login providers offered to readers, read once and kept in the shared cache.

The post page shows them on every view, so they must cost no query: the list is cached and
dropped whenever a social application is saved or deleted in the admin.
"""

from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.adapter import get_adapter
from django.core.cache import cache
from django.utils.http import urlencode

CACHE_KEY = "accounts:login-providers"
CACHE_SECONDS = 300


def configured_providers(request):
    """[{"id", "name", "login_url"}] for every provider with credentials, in a stable order."""
    providers = cache.get(CACHE_KEY)
    if providers is None:
        providers = [
            {"id": p.sub_id, "name": p.name, "login_url": p.get_login_url(request)}
            for p in get_adapter().list_providers(request)
        ]
        cache.set(CACHE_KEY, providers, CACHE_SECONDS)
    return providers


def forget_providers(**kwargs):
    cache.delete(CACHE_KEY)


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
