"""WordPress's path-shaped old addresses. Included before the blog, whose pages take the rest."""

from django.urls import re_path

from . import views

app_name = "wordpress"

Y, M, D = r"(?P<year>[0-9]{4})", r"(?P<month>[0-9]{2})", r"(?P<day>[0-9]{2})"
SLUG = r"(?P<slug>[^/]+)"
ATTACHMENT = r"(?P<attachment>(?!(?:feed|amp|comment-page-[0-9]+)/$)[^/]+)"

urlpatterns = [
    re_path(r"^feed/(?:rss2|rss|rdf)/$", views.feed, name="feed"),
    re_path(rf"^{Y}/{M}/{D}/{SLUG}/amp/$", views.amp, name="amp"),
    # Not the day archive's `/YYYY/MM/DD/page/2/`, nor a post's feed or comment pages.
    re_path(
        rf"^{Y}/{M}/{D}/(?!page/[0-9]+/$){SLUG}/{ATTACHMENT}/$",
        views.attachment_page,
        name="attachment",
    ),
]
