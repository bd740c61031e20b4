"""The post page kept for logged-in members too: one copy per page shared by every member.

A member's post page differs from another member's in three places only: the CSRF token, the
comment form's timestamp and who they are commenting as. The template tags that write them write
placeholders (placeholders.py) on a page kept for members, filled for each member it is served to
by the functions their apps registered, as the guests' token and timestamp are. Whatever else
would make a page one member's own keeps them out: apps register a check (`register_bypass`), such
as the comments app for a member with a comment awaiting moderation or still editable (their page
shows it, or its "Edit" link). Staff, a query string, the guests' cookies and the messages cookie
keep them out too, and only the views in `MEMBER_PAGE_VIEWS` are stored: account pages never are.

Entries carry the content generation like the guests' pages, so the same changes replace them, and
a page is keyed on the provider the member logged in with (its name shows in the form).
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation

from . import generation, placeholders
from .middleware import UNCACHEABLE_CONTROLS, PageCacheMiddleware, response_for, store

# The views whose pages every member may share (their other parts are placeholders).
MEMBER_PAGE_VIEWS = frozenset({"blog:post", "blog:post_comments"})

_bypasses = []  # functions(request) -> True when this member's page is their own
_variants = []  # functions(request) -> a short string the page depends on, beside the reader


def register_bypass(check):
    """`check(request)` says whether this member's page must be rendered for them alone."""
    _bypasses.append(check)


def register_variant(variant):
    """`variant(request)` names a version of the page some members share (a provider's name)."""
    _variants.append(variant)


class MemberPageCacheMiddleware(PageCacheMiddleware):
    """After AuthenticationMiddleware: the member is known. See the module docstring."""

    def __init__(self, get_response):
        super().__init__(get_response)  # off with the page cache; its own copy of recent pages
        self.guest_cookies = self.bypass_cookies - {settings.SESSION_COOKIE_NAME}

    def __call__(self, request):
        if not self.is_member_request(request):
            return self.get_response(request)
        key = member_page_key(request)
        current = generation.current()
        entry = self.local.get(key, current) or self.shared(key, current)
        if entry is not None:
            return response_for(request, entry)
        placeholders.share(request)
        response = self.get_response(request)
        entry = store(request, response, key, current) if is_cacheable(request, response) else None
        if entry is not None:
            self.local.put(key, entry)
        if not response.streaming:
            parts = entry["parts"] if entry else placeholders.split(response.content)
            response.content = placeholders.fill(parts, request)
        return response

    def is_member_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not request.META.get("QUERY_STRING")
            and "HTTP_AUTHORIZATION" not in request.META
            and self.guest_cookies.isdisjoint(request.COOKIES)
            and _view_name(settings.ROOT_URLCONF, request.path_info) in MEMBER_PAGE_VIEWS
            and request.user.is_authenticated
            and not request.user.is_staff
            and not any(check(request) for check in _bypasses)
        )


@lru_cache(maxsize=4096)
def _view_name(urlconf, path):
    """The name of the view at `path`, remembered: readers ask for the same pages again."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def is_cacheable(request, response):
    """A page every member may share: a 200 HTML page, not private, setting no cookie, holding no
    token Django made for this reader."""
    if response.status_code != 200 or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    return (
        response.get("Content-Type", "").startswith("text/html")
        and not any(word in control for word in UNCACHEABLE_CONTROLS)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def member_page_key(request):
    variants = "|".join(variant(request) or "" for variant in _variants)
    scheme = "https" if request.is_secure() else "http"
    language = translation.get_language()
    raw = f"{scheme}|{request.get_host()}|{request.path}|{language}|{variants}"
    return "pagecache:member:" + hashlib.sha256(raw.encode()).hexdigest()
