"""Aggregated daily counts: one row per day, kind and label (a path, a host, search words).

Nothing about a single reader or a single view is ever stored here: rows are sums, written by the
periodic flush (flush.py) from counters gathered in the cache (counting.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SITE_VIEWS = "site_views", _("Views (whole site)")
    SITE_VISITORS = "site_visitors", _("Visitors (whole site)")
    PAGE_VIEWS = "page_views", _("Page views")
    PAGE_VISITORS = "page_visitors", _("Page visitors")
    REFERRER = "referrer", _("Referrer")
    SEARCH_ENGINE = "search_engine", _("Search engine terms")
    SEARCH_SITE = "search_site", _("Searches on the site")
    OUTBOUND = "outbound", _("Outbound clicks")


class DailyCount(models.Model):
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=255, blank=True)
    # The post the page, referrer or click belongs to, so an author sees their own posts' figures.
    post = models.ForeignKey(
        "blog.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics")
        indexes = [
            models.Index(fields=["kind", "day"], name="stats_kind_day"),
            models.Index(fields=["post", "kind", "day"], name="stats_post_kind_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.label}: {self.count}"


class SummaryPreference(models.Model):
    """A member of the staff who asked for the weekly summary of their statistics by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="stats_summary",
    )
    weekly = models.BooleanField(_("weekly summary by e-mail"), default=False)
    last_sent = models.DateField(_("last summary"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("statistics summary")
        verbose_name_plural = _("statistics summaries")

    def __str__(self):
        return str(self.user)
