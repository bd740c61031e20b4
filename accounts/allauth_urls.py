"""allauth's URLs, with each login provider's button open to guests without a CSRF token.

The buttons sit in the comment form of pages every reader shares (a page file nginx serves, a
page whose token placeholder stays empty for readers without a session: pagecache/csrf.py), so a
guest's press carries no token. Like the comment form, it gets core.csrf.csrf_for_members
instead: Django's full check once there is a session cookie, the Origin check before. Starting
a login borrows no authority (the provider asks the person, who comes back as themselves); the
password login page and everything else keep Django's check.
"""

from allauth import urls as allauth
from allauth.socialaccount.providers import registry
from django.urls import URLPattern, URLResolver

from core.csrf import csrf_for_members


def _provider_logins():
    return {f"{provider.id}_login" for provider in registry.get_class_list()}


def _open_to_guests(patterns, names):
    """A copy of `patterns` whose provider login views use csrf_for_members."""
    copied = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            children = _open_to_guests(pattern.url_patterns, names)
            pattern = URLResolver(
                pattern.pattern, children, pattern.default_kwargs, pattern.app_name,
                pattern.namespace,
            )  # fmt: skip
        elif pattern.name in names:
            pattern = URLPattern(
                pattern.pattern, csrf_for_members(pattern.callback), pattern.default_args,
                pattern.name,
            )  # fmt: skip
        copied.append(pattern)
    return copied


urlpatterns = _open_to_guests(allauth.urlpatterns, _provider_logins())
