"""French unless the reader chose otherwise with the language switch."""

import ipaddress

from django.conf import settings
from django.http import Http404, QueryDict
from django.utils import translation


class CookieLocaleMiddleware:
    """Activate the language stored by Django's `set_language` view, else `LANGUAGE_CODE`.

    Unlike `LocaleMiddleware`, the browser's Accept-Language is ignored: the blog is French first,
    and a page's language must not vary per visitor unless they ask (it also keeps caching simple).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NulByteMiddleware:
    """No NUL byte reaches a view: PostgreSQL refuses them in text, so they would become a 500.

    A path with one cannot name anything here (404); in the query string they are dropped, so
    `/?s=a%00b` searches for "ab". Form fields already refuse them (Django's validator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Behind `TRUSTED_PROXY_COUNT` reverse proxies, take the reader's address from them.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    reader is the Nth entry from the right; entries further left were written by the client and
    are ignored. With the default of 0, REMOTE_ADDR is left alone (gunicorn faces readers, or a
    Unix socket). Flood limits, rate limits and stored comment addresses all read REMOTE_ADDR.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.count = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        if self.count:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            hops = [h for h in hops if h]
            if len(hops) >= self.count:
                request.META["REMOTE_ADDR"] = hops[-self.count]
        if "REMOTE_ADDR" in request.META:
            request.META["REMOTE_ADDR"] = canonical_ip(request.META["REMOTE_ADDR"])
        return self.get_response(request)


def canonical_ip(text):
    """`text` as one address is always written (an IPv4-mapped IPv6 address as its IPv4), so a
    limit keyed on it sees one reader; text that is no address is left as it is."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)
