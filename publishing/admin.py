"""Application passwords in the admin: list, create (shown once), revoke (delete)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import ApplicationPassword, TrashedPost
from .passwords import app_password_create


@admin.register(ApplicationPassword)
class ApplicationPasswordAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "last_ip"]
    list_filter = ["created_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    fields = ["user", "name", "created_at", "last_used_at", "last_ip"]
    readonly_fields = ["created_at", "last_used_at", "last_ip"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        row, obj._new_password = app_password_create(user=obj.user, name=obj.name)
        obj.pk = row.pk

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Application password created"),
            "row": obj,
            "password": obj._new_password,
        }
        response = TemplateResponse(request, "publishing/admin_created.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(TrashedPost)
class TrashedPostAdmin(admin.ModelAdmin):
    """Posts deleted through Micropub, waiting for `undelete` or the trash's emptying."""

    list_display = ["post", "status", "trashed_at"]
    list_select_related = ["post"]
    readonly_fields = ["post", "status", "trashed_at"]

    def has_add_permission(self, request):
        return False  # a post goes to the trash from Micropub only
