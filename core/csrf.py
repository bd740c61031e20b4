"""CSRF for members, an Origin check for guests: forms on pages every reader shares need no token.

A guest's page may come from a file nginx serves to everyone (pagecache/files.py), so it can
hold no token of theirs. Like WordPress's comment form, a guest's POST then needs none: without a
session cookie there is no authority a forged request could borrow (and the session cookie is
SameSite=Lax, so a cross-site POST never carries it anyway). A browser's cross-site POST is
still refused by its Origin header. A request with a session cookie gets Django's full CSRF
check, exactly as everywhere else.
"""

from functools import wraps

from django.conf import settings
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt, csrf_protect

CROSS_SITE = "Origin checking failed - the form was sent from another site."


def csrf_for_members(view):
    """`view` with Django's CSRF check for requests carrying a session cookie, an Origin check
    (when the browser sends one) for the others."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def checked(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return protected(request, *args, **kwargs)
        if not same_origin(request):
            return import_string(settings.CSRF_FAILURE_VIEW)(request, reason=CROSS_SITE)
        return view(request, *args, **kwargs)

    return checked


def same_origin(request):
    """Whether the request's Origin header, if any, is this site or one of CSRF_TRUSTED_ORIGINS."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser, or an old one: nothing to borrow either way
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
