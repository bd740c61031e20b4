"""What happened to a member's sign-in: kept for them and for the administrators to read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SECOND_FACTOR_FAILED = "factor_failed", _("Wrong second factor")
    FACTOR_ADDED = "factor_added", _("Second factor added")
    FACTOR_REMOVED = "factor_removed", _("Second factor removed")
    RECOVERY_CODES_MADE = "codes_made", _("New recovery codes")
    FACTORS_RESET = "factors_reset", _("Second factors reset")


# What the `detail` codes mean to a reader; anything else (a provider, a user name) shows as is.
DETAIL_LABELS = {
    "password": _("password"),
    "totp": _("authenticator app"),
    "webauthn": _("passkey or security key"),
    "recovery_codes": _("recovery codes"),
}


class SecurityEvent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="security_events",
        verbose_name=_("account"),
    )
    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices)
    # How: "password", "totp", "webauthn", "recovery_codes", a provider's id…
    detail = models.CharField(_("how"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")

    def get_detail_display(self):
        return DETAIL_LABELS.get(self.detail, self.detail)

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
