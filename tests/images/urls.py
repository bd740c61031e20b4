"""The site's URLs plus media, for the browser test's live server (SERVE_MEDIA is off in tests)."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("config.urls")),
]
