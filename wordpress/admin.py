from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path

from . import admin_views
from .models import Attachment, ImportRun


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "wp_id", "post", "url", "local_url"]
    list_select_related = ["post"]
    search_fields = ["title", "slug", "url"]
    readonly_fields = ["wp_id", "guid", "parent_wp_id", "url", "local_url"]
    raw_id_fields = ["post"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """The imports done so far; "add" is the import page, each import opens on its progress."""

    list_display = ["file_name", "status", "created_at", "finished_at", "started_by"]
    list_select_related = ["started_by"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return request.user.has_perm(admin_views.IMPORT_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        importer = request.user.has_perm(admin_views.IMPORT_PERMISSION)
        return importer or super().has_view_permission(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:wordpress_importrun_import")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:wordpress_importrun_progress", object_id)

    def get_urls(self):
        site = {"admin_site": self.admin_site}

        def route(pattern, view, name):
            return path(pattern, self.admin_site.admin_view(view), site, name=name)

        return [
            route("import/", admin_views.import_page, "wordpress_importrun_import"),
            route("export/", admin_views.export_page, "wordpress_importrun_export"),
            route("<int:pk>/progress/", admin_views.progress_page, "wordpress_importrun_progress"),
            route(
                "<int:pk>/progress.json",
                admin_views.progress_data,
                "wordpress_importrun_progress_data",
            ),
            *super().get_urls(),
        ]
