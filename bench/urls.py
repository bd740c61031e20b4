"""The site's URLs plus `/bench/constant/`: the ceiling of this stack on this machine."""

from django.http import HttpResponse
from django.urls import path

from config import urls as site_urls

handler404 = site_urls.handler404
handler500 = site_urls.handler500

CONSTANT_BODY = b"Carnet bench: a constant response through the whole middleware stack.\n"


def constant(request):
    """The same bytes every time: no database, no template. Every figure is read against it."""
    return HttpResponse(CONSTANT_BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/constant/", constant, name="bench_constant"), *site_urls.urlpatterns]
