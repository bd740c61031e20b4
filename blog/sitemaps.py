"""The sitemap: published posts and pages."""

from django.contrib.sitemaps import Sitemap

from .links import site_domain, site_scheme
from .models import Page, Post


class SiteSitemap(Sitemap):
    """Entries on `SITE_URL`'s scheme and host, not the django.contrib.sites record's."""

    def get_domain(self, site=None):
        return site_domain()

    def get_protocol(self, protocol=None):
        return site_scheme()


class PostSitemap(SiteSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Post.objects.published().only("slug", "published_at", "updated_at").order_by("-id")

    def lastmod(self, obj):
        return obj.updated_at


class PageSitemap(SiteSitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.published().order_by("tree_id", "lft")

    def lastmod(self, obj):
        return obj.updated_at


sitemaps = {"posts": PostSitemap, "pages": PageSitemap}
