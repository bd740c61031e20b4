"""The admin's user list, with one more action: reset a member's second factors."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import services
from .models import SecurityEvent

User = get_user_model()


class CarnetUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, "reset_second_factors"]

    @admin.action(
        description=gettext_lazy("Reset the second factors (lost phone or key)"),
        permissions=["reset_second_factors"],
    )
    def reset_second_factors(self, request, queryset):
        """Remove the chosen members' factors; logged in the history, each member told by mail."""
        reason = _("Second factors reset by %(name)s.") % {"name": request.user.get_username()}
        for user in queryset:
            services.second_factor_reset(user=user, by=request.user, reason=reason, request=request)
            transaction.on_commit(
                lambda user=user: services.second_factor_reset_notify(request=request, user=user)
            )
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factors of %(count)d account are reset.",
                "The second factors of %(count)d accounts are reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_reset_second_factors_permission(self, request):
        # Only an administrator: resetting a factor is a way into someone else's account.
        return request.user.is_superuser


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The sign-in log, read only: administrators see who signed in, how, from where."""

    list_display = ["at", "user", "kind", "how", "ip_address", "user_agent"]
    list_filter = ["kind", "at"]
    search_fields = ["user__username", "ip_address"]
    list_select_related = ["user"]
    date_hierarchy = "at"

    @admin.display(description=gettext_lazy("how"), ordering="detail")
    def how(self, event):
        return event.get_detail_display()

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, CarnetUserAdmin)
