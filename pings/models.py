"""The pings Carnet sent: one row per (post, link), so the same link is never pinged twice."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PingProtocol(models.TextChoices):
    WEBMENTION = "webmention", _("Webmention")
    PINGBACK = "pingback", _("Pingback")
    NONE = "none", _("None found")


class PingResult(models.TextChoices):
    PENDING = "pending", _("In progress")
    SENT = "sent", _("Accepted")
    REJECTED = "rejected", _("Refused by the other site")
    FAILED = "failed", _("Could not be sent")
    NO_ENDPOINT = "no_endpoint", _("The other site does not take pings")


class OutboundPing(models.Model):
    post = models.ForeignKey(
        "blog.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="pings_sent"
    )
    target = models.URLField(_("link"), max_length=500)
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=PingProtocol.choices, default=PingProtocol.NONE
    )
    endpoint = models.URLField(_("endpoint"), max_length=500, blank=True)
    result = models.CharField(
        _("result"), max_length=11, choices=PingResult.choices, default=PingResult.PENDING
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    pinged_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["post", "target"]
        verbose_name = _("ping sent")
        verbose_name_plural = _("pings sent")
        constraints = [
            models.UniqueConstraint(fields=["post", "target"], name="outbound_ping_unique"),
        ]

    def __str__(self):
        return self.target
