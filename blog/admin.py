"""Where the author writes: posts, pages, categories and tags in the French admin."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from mptt.admin import DraggableMPTTAdmin, MPTTModelAdmin

from blog.roles import own_posts_only

from . import publishing
from .admin_writing import WritingDeskMixin
from .forms import PageAdminForm, PostAdminForm, display_name
from .links import absolute_url
from .models import Category, Page, Post, Status, Tag
from .services import post_save_from_admin


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Drafts")),
            ("pending", _("Pending review")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "pending":
            return queryset.filter(status=Status.PENDING)
        if self.value() == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=now)
        if self.value() == "published":
            return queryset.published()
        return queryset


class OnSiteMixin:
    """ "View on site" goes to the public address (`SITE_URL`), not django.contrib.sites' record."""

    def view_on_site(self, obj):
        return absolute_url(obj.get_absolute_url())


class PreviewMixin(OnSiteMixin):
    """A preview rendered through the same pipeline and template as the public page."""

    preview_template = None

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("<int:pk>/preview/", preview, name=name), *super().get_urls()]

    def preview_view(self, request, pk):
        obj = self.get_object(request, pk)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(pk))
        context = {self.opts.model_name: obj, "object": obj, "is_preview": True}
        response = TemplateResponse(request, self.preview_template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview"))


@admin.register(Post)
class PostAdmin(WritingDeskMixin, PreviewMixin, admin.ModelAdmin):
    form = PostAdminForm
    change_form_template = "admin/blog/post/change_form.html"
    preview_template = "blog/post_detail.html"
    list_display = ["title", "author_name", "publication", "sticky", "preview_link"]
    list_filter = [PublicationFilter, "published_at", "categories", "sticky"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    readonly_fields = ["preview_link"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "edited_version",
                    "title",
                    "slug",
                    "markup",
                    "body",
                    "excerpt",
                    "featured_image",
                ],
                "classes": ["carnet-writing"],
            },
        ),
        (
            _("Publication"),
            {
                "fields": ["state", "published_at", "author", "sticky"],
                "classes": ["carnet-publish"],
            },
        ),
        (_("Filing"), {"fields": ["categories", "tag_names"]}),
        (_("Discussion"), {"fields": ["comments_open", "pings_open"]}),
        (_("Preview"), {"fields": ["preview_link"]}),
    ]

    class Media:
        css = {"all": ["css/admin/editor.css"]}
        js = ["js/admin/slug.js", "js/admin/editor.js"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author")
        if own_posts_only(request.user):
            return queryset.filter(author=request.user)
        return queryset

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is not None and own_posts_only(request.user):
            return allowed and obj.author_id == request.user.pk
        return allowed

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "author"] if own_posts_only(request.user) else readonly

    @admin.display(description=_("author"), ordering="author__last_name")
    def author_name(self, obj):
        return display_name(obj.author)

    @admin.display(description=_("publication"), ordering="published_at")
    def publication(self, obj):
        return publishing.describe(obj)

    def save_model(self, request, obj, form, change):
        if own_posts_only(request.user) and not change:
            obj.author = request.user
        post_save_from_admin(post=obj, changed_fields=form.changed_data, user=request.user)
        request.carnet_saved_message = publishing.saved_message(obj, was_public=form.was_public)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # After a save, say what happened to the post (published, scheduled for…) rather than
        # the admin's "was changed successfully".
        saved = getattr(request, "carnet_saved_message", None)
        if saved and level == messages.SUCCESS:
            message, request.carnet_saved_message = saved, None
        return super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(self.writing_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Inlines other apps add to a saved post's page (pings/admin.py adds the pings sent).
    saved_post_inlines = []

    def get_inlines(self, request, obj):
        return list(self.saved_post_inlines) if obj is not None else []

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            from mptt.forms import TreeNodeMultipleChoiceField

            kwargs["form_class"] = TreeNodeMultipleChoiceField
            kwargs["widget"] = forms.CheckboxSelectMultiple(attrs={"class": "carnet-categories"})
            kwargs["required"] = False
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Page)
class PageAdmin(PreviewMixin, MPTTModelAdmin):
    form = PageAdminForm
    preview_template = "blog/page.html"
    list_display = [
        "title",
        "slug",
        "status",
        "published_at",
        "menu_order",
        "in_menu",
        "preview_link",
    ]
    list_editable = ["menu_order", "in_menu"]
    list_filter = ["status", "in_menu"]
    search_fields = ["title", "body"]  # the form's fields, in the form's order (forms.py)

    class Media:
        js = ["js/admin/slug.js"]

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}


@admin.register(Category)
class CategoryAdmin(OnSiteMixin, DraggableMPTTAdmin):
    list_display = ["tree_actions", "indented_title", "slug"]
    list_display_links = ["indented_title"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(OnSiteMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class HiddenTaskResultAdmin(DBTaskResultAdmin):
    """The task queue's table, kept at its address but off the menu: it is the worker's business,
    and the library names it in English only."""

    def has_module_permission(self, request):
        return False


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, HiddenTaskResultAdmin)

from . import admin_identity  # noqa: E402,F401
