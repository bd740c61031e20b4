"""The sitemap: published posts and pages."""

from django.contrib.sitemaps import Sitemap

from .models import Page, Post


class PostSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Post.objects.published().only("slug", "published_at", "updated_at").order_by("-id")

    def lastmod(self, obj):
        return obj.updated_at


class PageSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.published().order_by("tree_id", "lft")

    def lastmod(self, obj):
        return obj.updated_at


sitemaps = {"posts": PostSitemap, "pages": PageSitemap}
