from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Delivery, DeliveryStatus, MailPreference, Subscription
from .outbox import send_soon


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "post", "state", "created_at", "confirmed_at", "ended_at"]
    list_filter = ["state", "kind"]
    search_fields = ["email", "post__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["post", "user"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "ended_at"]
    list_select_related = ["post"]
    actions = ["end"]

    @admin.action(description=_("End the selected subscriptions"))
    def end(self, request, queryset):
        count = services.subscriptions_end(pks=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("Subscriptions ended: %(count)d") % {"count": count})


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    exclude = ["user", "subscription", "post", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the selected mails now"), permissions=["view"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=DeliveryStatus.SENT).update(
            status=DeliveryStatus.QUEUED, next_attempt_at=timezone.now()
        )
        send_soon()
        self.message_user(request, _("Mails queued again: %(count)d") % {"count": count})


@admin.register(MailPreference)
class MailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "comments_on_my_posts", "moderation", "digest_sent_at"]
    list_filter = ["moderation", "comments_on_my_posts"]
    raw_id_fields = ["user"]
