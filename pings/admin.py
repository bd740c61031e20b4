"""In the post's admin page: which links were pinged, how, and with what result."""

from django.contrib import admin

from blog.admin import PostAdmin

from .models import OutboundPing


class OutboundPingInline(admin.TabularInline):
    """Read only: the rows are written by the sending task, never by hand."""

    model = OutboundPing
    fields = ["target", "protocol", "endpoint", "result", "detail", "pinged_at"]
    readonly_fields = fields
    ordering = ["-pinged_at"]
    extra = 0
    can_delete = False
    verbose_name_plural = OutboundPing._meta.verbose_name_plural

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


PostAdmin.saved_post_inlines.append(OutboundPingInline)
