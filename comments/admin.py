"""Moderation in the admin: the queue (rows in full, one-click actions, undo, counts), search,
bulk actions, reply, the word lists and the moderation rules."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import admin_queue, queue, spam
from .admin_forms import AdminReplyForm
from .exceptions import CommentRejected
from .models import Comment, CommentStatus, ModerationRules, ModerationWord
from .rendering import comment_html
from .services import comment_delete, comment_moderate, comment_restore

ALL = "all"


class StatusFilter(admin.SimpleListFilter):
    """The status, each with its count, as WordPress's "Pending (3) | Approved (12) | Spam (40)".

    Without a choice, the queue opens on "Pending" when anything waits, else on every comment.
    """

    title = _("status")
    parameter_name = "status"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if self.value() is None:
            default = CommentStatus.PENDING.value if queue.pending_count() else ALL
            self.used_parameters[self.parameter_name] = default

    def lookups(self, request, model_admin):
        counts = dict(
            model_admin.get_queryset(request)
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
        )
        return [
            (ALL, f"{_('All')} ({sum(counts.values())})"),
            *(
                (status.value, f"{status.label} ({counts.get(status.value, 0)})")
                for status in CommentStatus
            ),
        ]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if _acts_on_ticked_rows(request):
            return queryset  # a row moved since the page was drawn is still the one ticked
        if self.value() in CommentStatus.values:
            return queryset.filter(status=self.value())
        return queryset


def _acts_on_ticked_rows(request):
    return (
        request.method == "POST"
        and "action" in request.POST
        and request.POST.get("select_across", "0") == "0"
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["queue_author", "queue_comment"]
    list_display_links = None
    list_filter = [StatusFilter, "kind", "created_at"]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    search_fields = ["author_name", "author_email", "author_url", "body", "ip_address"]
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

    class Media:
        css = {"all": ["css/moderation_queue.css"]}
        js = ["js/moderation_queue.js"]

    def has_add_permission(self, request):
        return False  # comments come from readers, or from "Reply"

    def get_queryset(self, request):
        from blog.roles import own_posts_only

        comments = queue.with_queue_columns(super().get_queryset(request))
        if own_posts_only(request.user):
            return comments.filter(Q(post__author=request.user) | Q(page__author=request.user))
        return comments

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)  # evaluated once; the template reuses this cache
        reasons = queue.reasons_for(rows)
        for row in rows:
            row.queue_reasons = reasons.get(row.pk, [])
        return changelist

    @admin.display(description=_("author"))
    def queue_author(self, comment):
        return render_to_string(
            "admin/comments/comment/queue_author.html",
            {"comment": comment, "site_host": spam.host_of(comment.safe_author_url)},
        )

    @admin.display(description=_("comment"))
    def queue_comment(self, comment):
        return render_to_string(
            "admin/comments/comment/queue_comment.html",
            admin_queue.queue_comment_context(comment),
        )

    def changelist_view(self, request, extra_context=None):
        context = {
            "title": _("Moderation queue"),
            "pending_count": queue.pending_count(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def save_model(self, request, obj, form, change):
        if "body" in form.changed_data:
            obj.body_html = comment_html(obj.body)
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

    def _moderate(self, request, queryset, status):
        comments = list(queryset)
        for comment in comments:
            comment_moderate(comment=comment, status=status, moderator=request.user)
        message = admin_queue.done_message(status, len(comments))
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.APPROVED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.SPAM)

    @admin.action(description=_("Move to trash"), permissions=["change"])
    def move_to_trash(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.TRASH)

    @admin.action(description=_("Restore from trash or spam"), permissions=["change"])
    def restore(self, request, queryset):
        hidden = list(queryset.filter(status__in=[CommentStatus.TRASH, CommentStatus.SPAM]))
        for comment in hidden:
            comment_restore(comment=comment, moderator=request.user)
        message = admin_queue.done_message(admin_queue.RESTORE, len(hidden))
        self.message_user(request, message, messages.SUCCESS)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:pk>/reply/", view(self.reply_view), name="comments_comment_reply"),
            path(
                "<int:pk>/moderate/",
                view(require_POST(self.moderate_view)),
                name="comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        return admin_queue.moderate_view(self, request, pk)

    def reply_view(self, request, pk):
        """Answer a comment from the admin, as the moderator; a pending comment is approved first."""
        comment = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, comment):
            return redirect("admin:index")
        if comment.page_id is not None:
            self.message_user(request, _("Pages take no new comments."), messages.ERROR)
            return redirect("admin:comments_comment_change", comment.pk)
        form = AdminReplyForm(request.POST or None)
        if request.method == "POST" and admin_queue.wants_json(request):
            return admin_queue.reply_json(request, self, comment, form)
        if request.method == "POST" and form.is_valid():
            try:
                reply = admin_queue.reply_as(request, comment, form.cleaned_data["body"])
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


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    """WordPress's two lists: words that hold a comment, and words that make it spam."""

    list_display = ["word", "action"]
    list_filter = ["action"]
    search_fields = ["word"]
    help_texts = {
        "word": _(
            "Matched without regard to case anywhere in the name, e-mail, website, text, IP "
            "address or browser of a new comment (“press” matches “WordPress”). One word, "
            "address or IP per entry."
        ),
        "action": _(
            "“Hold for moderation”: the comment waits in the queue (WordPress’s “Comment "
            "Moderation”). “Mark as spam”: it goes straight to spam (WordPress’s “Disallowed "
            "Comment Keys”)."
        ),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.help_texts:
            field.help_text = self.help_texts[db_field.name]
        return field


@admin.register(ModerationRules)
class ModerationRulesAdmin(admin.ModelAdmin):
    """One row of rules; each field says what it does."""

    list_display = ["__str__", "max_links", "learn_from_spam"]

    def has_add_permission(self, request):
        return not ModerationRules.objects.exists()
