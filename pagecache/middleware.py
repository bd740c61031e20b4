"""Whole-page cache for anonymous readers, invalidated precisely, shared by every app server.

Who gets a cached page: a GET or HEAD without query string, without credentials (no
`Authorization` header, none of `PAGE_CACHE_BYPASS_COOKIES`: session, messages, the comments app's
pending-comment and remembered-commenter cookies). Members, staff and a guest whose comment awaits
moderation therefore always get a fresh page, as do `?replytocom=` and searches.

What is stored: 200 responses of the cacheable content types that are not marked private or
no-cache (`never_cache` views, the admin, previews) and set no cookie other than CSRF's. The key
is scheme, host, path and language; the entry carries the content generation it was rendered
under (see generation.py) and is valid only while that is still current, so any public change
anywhere shows at once. Its lifetime is also cut at the next scheduled publication, so a scheduled
post appears on time even if no job runs. Each process keeps a bounded copy of recent pages
(local.py), used only while the shared generation says it is current.

The CSRF token. Every page carries one (language switch, comment form), and a cached page is
shared by everyone. Rather than exempting the comment view from CSRF (and leaning on an
Origin check alone), the page is stored with every token the rendering request produced replaced
by a placeholder, and each reader's own masked token (Django's `get_token`, which also sets their
`csrftoken` cookie) is put back when the page is served (personal.py; the comment form's signed
timestamp is re-signed the same way). So every reader's form is checked by Django's
CsrfViewMiddleware exactly as on a page rendered for them: CSRF protection is unchanged, and a page
never hands one visitor's token to another. This is why the middleware sits after
CsrfViewMiddleware (which then sets the cookie on the cached response).

Conditional requests: every cacheable response carries a weak ETag (a hash of the page before the
token goes in: the same content for every reader) and Last-Modified; `If-None-Match` /
`If-Modified-Since` get a 304 when unchanged.
"""

import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import conf, generation, personal
from .local import LocalPages

UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store", "max-age=0")
ENTRY_HEADERS_SKIPPED = {"set-cookie", "etag", "last-modified", "content-length"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not conf.settings.PAGE_CACHE_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.bypass_cookies = frozenset(conf.settings.PAGE_CACHE_BYPASS_COOKIES)
        self.content_types = tuple(conf.settings.PAGE_CACHE_CONTENT_TYPES)
        self.local = LocalPages(conf.settings.PAGE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        current = generation.current(cache.get(generation.KEY))
        entry = self.local.get(key, current) or self.shared(key, current)
        if entry is not None:
            return serve(request, entry)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            entry = store(request, response, key, current)
            if entry is not None:
                self.local.put(key, entry)
                return conditional(request, entry, response)
        return response

    def shared(self, key, current):
        entry = cache.get(key)
        if entry is None or entry["generation"] != current or entry["expires"] <= time.time():
            return None
        self.local.put(key, entry)
        return entry

    def is_cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and "HTTP_AUTHORIZATION" not in request.META
            and self.bypass_cookies.isdisjoint(request.COOKIES)
        )

    def is_cacheable_response(self, response):
        control = response.get("Cache-Control", "").lower()
        cookies = set(response.cookies) - {_csrf_cookie_name()}
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith(self.content_types)
            and not any(word in control for word in UNCACHEABLE_CONTROLS)
            and not cookies
        )


def page_key(request):
    scheme = "https" if request.is_secure() else "http"
    raw = f"{scheme}|{request.get_host()}|{request.path}|{translation.get_language()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def store(request, response, key, current):
    """Cache `response` under `key` for generation `current`; None when it cannot be shared."""
    content = personal.to_placeholders(request, response.content)
    if content is None:
        return None
    now, seconds = time.time(), generation.lifetime()
    entry = {
        "generation": current,
        "parts": personal.split(content),
        "size": len(content),
        "headers": [(k, v) for k, v in response.items() if k.lower() not in ENTRY_HEADERS_SKIPPED],
        "etag": f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "last_modified": int(now),
        "expires": now + seconds,
    }
    cache.set(key, entry, timeout=seconds)
    return entry


def serve(request, entry):
    response = HttpResponse(personal.personalize(request, entry["parts"]))
    for header, value in entry["headers"]:
        response[header] = value
    return conditional(request, entry, response)


def conditional(request, entry, response):
    """Give `response` the entry's validators; a 304 instead when the reader already has it."""
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )


def _csrf_cookie_name():
    from django.conf import settings

    return settings.CSRF_COOKIE_NAME
