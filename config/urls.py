"""The site's URLs. The blog comes last: its static pages take whatever path is left."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from accounts import views as accounts_views
from blog.sitemaps import sitemaps
from blog.views import RobotsView
from config.views import xmlrpc
from core.csrf import csrf_for_members
from pings import webmention
from publishing.urls import micropub_urls

handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
handler429 = "accounts.views.too_many_requests"

urlpatterns = [
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
    # The language switch is on pages shared by all readers (page files): core/csrf.py.
    path("i18n/setlang/", csrf_for_members(set_language), name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("xmlrpc.php", xmlrpc, name="xmlrpc"),
    path("webmention/", webmention.webmention_view, name="webmention"),
    path("", include("fediverse.urls")),
    path("", include("comments.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("stats/", include("stats.urls")),
    path("compte/", include("accounts.urls")),
    path("compte/", include("publishing.urls")),
    path("micropub/", include((micropub_urls, "micropub"))),
    path("compte/", include("accounts.allauth_urls")),
    path("", include("images.urls")),
]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

urlpatterns.append(path("", include("wordpress.urls")))
urlpatterns.append(path("", include("blog.urls")))
