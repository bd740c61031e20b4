"""Whole-page cache for anonymous readers, invalidated precisely, shared by every app server.

Who gets a cached page: a GET or HEAD without query string, without credentials (no
`Authorization` header, none of the cookies apps registered in bypass.py: the session, messages,
the comments app's pending-comment and remembered-commenter cookies). Members, staff and a guest
whose comment awaits moderation therefore always get a fresh page, as do `?replytocom=` and
searches.

What is stored: 200 responses of the cacheable content types that are not marked private or
no-cache (`never_cache` views, the admin, previews) and set no cookie. The key is scheme, host,
path and language; the entry carries the content generation it was rendered under (see
generation.py) and is valid only while that is still current, so any public change anywhere shows
at once. Its lifetime is also cut at the next scheduled publication, so a scheduled post appears
on time even if no job runs. Each process keeps a bounded copy of recent pages (local.py), used
only while the shared generation says it is current. With PAGE_CACHE_FILES_DIR set, HTML pages
are also written as files for nginx (files.py).

What belongs to one reader. On a request it may share, the middleware tells template tags so
(placeholders.share): the comment form's CSRF token and signed timestamp are then written as
placeholders, stored as such, and filled for each reader when the page is served (their own
token through Django's `get_token`, which also sets their `csrftoken` cookie; a timestamp of
now), or with values good for anyone in a page file. A page for which Django made a token
anyway (a `{% csrf_token %}` of Django's own) is never stored: it would hand one reader's token
to others. This is why the middleware sits after CsrfViewMiddleware (which then sets the cookie
on the cached response).

Conditional requests: every cacheable response carries a weak ETag (a hash of the page with its
placeholders: the same content for every reader) and Last-Modified; `If-None-Match` /
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

from . import bypass, conf, files, generation, placeholders
from .local import LocalPages

UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store", "max-age=0")
ENTRY_HEADERS_SKIPPED = {"set-cookie", "etag", "last-modified", "content-length"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not conf.settings.PAGE_CACHE_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.bypass_cookies = frozenset(bypass.cookie_names())
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
        placeholders.share(request)
        response = self.get_response(request)
        if self.is_cacheable_response(request, response):
            entry = store(request, response, key, current)
            self.local.put(key, entry)
            write_file(request, entry, current)
            response.content = placeholders.fill(entry["parts"], request)
            return conditional(request, entry, response)
        if not response.streaming:
            response.content = placeholders.fill(placeholders.split(response.content), request)
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

    def is_cacheable_response(self, request, response):
        control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith(self.content_types)
            and not any(word in control for word in UNCACHEABLE_CONTROLS)
            and not response.cookies
            # Django made this reader a CSRF token (a `{% csrf_token %}` of its own, not a
            # placeholder): it is somewhere in the page, which must not go to anyone else.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )


def page_key(request):
    scheme = "https" if request.is_secure() else "http"
    raw = f"{scheme}|{request.get_host()}|{request.path}|{translation.get_language()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def store(request, response, key, current):
    """Cache `response` (its placeholders unfilled) under `key` for generation `current`."""
    content = response.content
    now, seconds = time.time(), generation.lifetime()
    entry = {
        "generation": current,
        "parts": placeholders.split(content),
        "size": len(content),
        "headers": [(k, v) for k, v in response.items() if k.lower() not in ENTRY_HEADERS_SKIPPED],
        "etag": f'W/"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "last_modified": int(now),
        "expires": now + seconds,
    }
    cache.set(key, entry, timeout=seconds)
    return entry


def response_for(request, entry):
    """The kept page of `entry` for `request`'s reader: placeholders filled, stored headers set."""
    response = HttpResponse(placeholders.fill(entry["parts"], request))
    for header, value in entry["headers"]:
        response[header] = value
    return response


def serve(request, entry):
    response = response_for(request, entry)
    write_file(request, entry, entry["generation"])
    return conditional(request, entry, response)


def write_file(request, entry, current):
    """With page files on, the HTML page of `entry` as nginx will serve it, if not there yet."""
    content_type = dict((k.lower(), v) for k, v in entry["headers"]).get("content-type", "")
    if not content_type.startswith("text/html"):
        return
    target = files.path_for(request.path, translation.get_language())
    if target is not None and not target.exists():
        content = placeholders.fill(entry["parts"])
        files.write(target, content, current, generation.KEY)


def conditional(request, entry, response):
    """Give `response` the entry's validators; a 304 instead when the reader already has it."""
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
    )
