from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "wp_id", "post", "url", "local_url"]
    list_select_related = ["post"]
    search_fields = ["title", "slug", "url"]
    readonly_fields = ["wp_id", "guid", "parent_wp_id", "url", "local_url"]
    raw_id_fields = ["post"]
