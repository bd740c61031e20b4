"""French unless the reader chose otherwise with the language switch."""

from django.conf import settings
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
