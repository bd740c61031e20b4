"""Fediverse admin: the instance block list (as Mastodon's domain blocks) and the followers."""

from django.contrib import admin

from .models import DomainBlock, Follower
from .services import domain_block_apply


@admin.register(DomainBlock)
class DomainBlockAdmin(admin.ModelAdmin):
    list_display = ["domain", "reason", "created_at"]
    fields = ["domain", "reason"]
    search_fields = ["domain"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        domain_block_apply(block=obj)


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["actor", "username", "created_at"]
    list_filter = ["username"]
    search_fields = ["actor__handle", "actor__uri"]
    list_select_related = ["actor"]
