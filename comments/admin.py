"""Moderation in the admin: counts per status, search, bulk actions, reply, the word lists."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog.markup import render_comment

from .admin_forms import AdminReplyForm
from .exceptions import CommentRejected
from .models import Comment, CommentStatus, ModerationWord
from .services import comment_create, comment_delete, comment_moderate, comment_restore


class StatusFilter(admin.SimpleListFilter):
    """The status, each with its count, as WordPress's "Pending (3) | Approved (12) | Spam (40)"."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = dict(Comment.objects.order_by().values_list("status").annotate(count=Count("pk")))
        return [
            (status.value, f"{status.label} ({counts.get(status.value, 0)})")
            for status in CommentStatus
        ]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "author_name",
        "excerpt",
        "subject",
        "kind",
        "status",
        "created_at",
        "reply_link",
    ]
    list_filter = [StatusFilter, "kind", "created_at"]
    list_select_related = ["post", "page"]
    search_fields = ["author_name", "author_email", "author_url", "body", "ip_address"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "move_to_trash", "restore", "delete_selected"]
    fields = [
        "post",
        "page",
        "parent",
        "user",
        "kind",
        "status",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "ip_address",
        "user_agent",
        "created_at",
    ]
    readonly_fields = [
        "post",
        "page",
        "parent",
        "user",
        "kind",
        "ip_address",
        "user_agent",
        "created_at",
    ]
    change_list_template = "admin/comments/comment/change_list.html"

    def has_add_permission(self, request):
        return False  # comments come from readers, or from "Reply"

    def get_queryset(self, request):
        from accounts.roles import own_posts_only

        comments = super().get_queryset(request)
        if own_posts_only(request.user):
            return comments.filter(Q(post__author=request.user) | Q(page__author=request.user))
        return comments

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("on"))
    def subject(self, comment):
        return comment.subject

    @admin.display(description=_("reply"))
    def reply_link(self, comment):
        if comment.page_id is not None:
            return ""  # pages take no new comments: their discussions are imported, read-only
        url = reverse("admin:comments_comment_reply", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, _("Reply"))

    def changelist_view(self, request, extra_context=None):
        pending = Comment.objects.filter(status=CommentStatus.PENDING).count()
        return super().changelist_view(request, {"pending_count": pending, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        if "body" in form.changed_data:
            obj.body_html = render_comment(obj.body)
        new_status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial["status"]
        obj.save()
        if new_status != obj.status:
            comment_moderate(comment=obj, status=new_status, moderator=request.user)

    def get_deleted_objects(self, objs, request):
        """A comment with replies is not "protected" here: deleting it trashes it instead."""
        to_delete, model_count, perms_needed, _protected = super().get_deleted_objects(
            objs, request
        )
        return to_delete, model_count, perms_needed, []

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "author_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def delete_model(self, request, obj):
        comment_delete(comment=obj, moderator=request.user)

    def delete_queryset(self, request, queryset):
        # One by one, deepest first: a comment whose replies are all deleted can go too.
        for comment in queryset.order_by("tree_id", "-lft"):
            comment_delete(comment=comment, moderator=request.user)

    def _moderate(self, request, queryset, status, done):
        for comment in queryset:
            comment_moderate(comment=comment, status=status, moderator=request.user)
        self.message_user(request, done % {"count": len(queryset)}, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(
            request, queryset, CommentStatus.APPROVED, _("%(count)d comment(s) approved.")
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(
            request, queryset, CommentStatus.SPAM, _("%(count)d comment(s) marked as spam.")
        )

    @admin.action(description=_("Move to trash"), permissions=["change"])
    def move_to_trash(self, request, queryset):
        self._moderate(
            request, queryset, CommentStatus.TRASH, _("%(count)d comment(s) moved to the trash.")
        )

    @admin.action(description=_("Restore from trash or spam"), permissions=["change"])
    def restore(self, request, queryset):
        hidden = queryset.filter(status__in=[CommentStatus.TRASH, CommentStatus.SPAM])
        for comment in hidden:
            comment_restore(comment=comment, moderator=request.user)
        count = len(hidden)
        self.message_user(
            request,
            ngettext("%(count)d comment restored.", "%(count)d comments restored.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        reply = self.admin_site.admin_view(self.reply_view)
        return [path("<int:pk>/reply/", reply, name="comments_comment_reply"), *super().get_urls()]

    def reply_view(self, request, pk):
        """Answer a comment from the admin, as the moderator; a pending comment is approved first."""
        comment = get_object_or_404(Comment.objects.select_related("post", "page"), pk=pk)
        if not self.has_change_permission(request, comment):
            return redirect("admin:index")
        if comment.page_id is not None:
            self.message_user(request, _("Pages take no new comments."), messages.ERROR)
            return redirect("admin:comments_comment_change", comment.pk)
        form = AdminReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reply = _reply_as(request, comment, form.cleaned_data["body"])
            except CommentRejected as rejection:
                form.add_error(None, rejection.message)
            else:
                self.message_user(request, _("Your reply is published."), messages.SUCCESS)
                return redirect(reply.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "title": _("Reply to %(name)s") % {"name": comment.author_name},
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)


def _reply_as(request, comment, body):
    if comment.status == CommentStatus.PENDING:
        comment_moderate(comment=comment, status=CommentStatus.APPROVED, moderator=request.user)
    user = request.user
    return comment_create(
        post=comment.post,
        parent=comment,
        user=user,
        author_name=user.get_full_name() or user.get_username(),
        author_email=user.email,
        body=body,
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
    )


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    """WordPress's two lists: words that hold a comment, and words that make it spam."""

    list_display = ["word", "action"]
    list_filter = ["action"]
    search_fields = ["word"]
