"""The media library in the admin: upload, title and alternative text, the reference to paste."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ImageAdminForm
from .models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "title", "reference", "width", "height", "format", "created_at"]
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text"]
    readonly_fields = ["preview", "reference", "width", "height", "format", "was_animated"]
    fieldsets = [
        (None, {"fields": ["upload", "title", "alt_text"]}),
        (_("In a post"), {"fields": ["preview", "reference"]}),
        (_("File"), {"fields": ["width", "height", "format", "was_animated"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets[:1] if obj is None else self.fieldsets

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return render_to_string("images/admin/thumbnail.html", {"image": obj, "size": 120})

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return render_to_string("images/admin/thumbnail.html", {"image": obj, "size": 640})

    @admin.display(description=_("reference for Markdown"))
    def reference(self, obj):
        return obj.reference

    def save_model(self, request, obj, form, change):
        if form.prepared is not None:
            services.image_store(image=obj, prepared=form.prepared)
        else:
            obj.save()

    def delete_model(self, request, obj):
        services.image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            services.image_delete(image=image)
