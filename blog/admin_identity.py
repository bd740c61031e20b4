"""The site identity in the admin: one form for the title, tagline, logo, footer and blogroll."""

from django.contrib import admin
from django.db import models

from .identity import BlogrollLink, SiteIdentity


class BlogrollLinkInline(admin.TabularInline):
    model = BlogrollLink
    extra = 1
    fields = ["name", "url", "description", "position"]
    # A typed "example.org" means https://example.org, as Django 6 will assume anyway.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    inlines = [BlogrollLinkInline]
    fields = ["title", "tagline", "logo", "footer_text"]

    def has_add_permission(self, request):
        # One identity: the first row is the one pages show, so a second would only confuse.
        return super().has_add_permission(request) and not SiteIdentity.objects.exists()
