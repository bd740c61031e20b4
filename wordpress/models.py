"""What an import keeps of WordPress beyond posts, pages and comments: its attachments and
its authors' numbers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A file of the WordPress media library, recorded so that its old addresses keep working."""

    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), unique=True)
    slug = models.CharField(_("slug"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("address on WordPress"), max_length=1000)
    guid = models.CharField(_("GUID"), max_length=1000, blank=True)
    parent_wp_id = models.PositiveBigIntegerField(_("WordPress ID of the parent"), null=True)
    post = models.ForeignKey(
        "blog.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wordpress_attachments",
    )
    local_url = models.CharField(
        _("address here"),
        max_length=1000,
        blank=True,
        help_text=_("Set once the file has been downloaded with --fetch-media."),
    )

    class Meta:
        verbose_name = _("WordPress attachment")
        verbose_name_plural = _("WordPress attachments")

    def __str__(self):
        return self.title or self.url

    @property
    def file_url(self):
        """Where the file is served from: here once downloaded, else still on WordPress."""
        return self.local_url or self.url


class ImportRun(models.Model):
    """One import of a WordPress export started from the admin, and what it did."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("refused")

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    path = models.CharField(_("stored file"), max_length=1000, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    fetch_media = models.BooleanField(_("fetch the media"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # True while queued or running, NULL after: the unique index lets one import run at a time.
    active = models.BooleanField(null=True, default=True, unique=True, editable=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=list, blank=True)
    error = models.TextField(_("why it was refused"), blank=True)

    class Meta:
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        ordering = ["-created_at"]
        default_permissions = ("view",)
        permissions = [
            ("import_wordpress", _("Can import a WordPress export")),
            ("export_wordpress", _("Can export the blog for WordPress")),
        ]

    def __str__(self):
        return self.file_name

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

class ImportedAuthor(models.Model):
    """A WordPress author's number, kept so that `/?author=ID` still leads to their posts."""

    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="wordpress_authors",
    )

    class Meta:
        verbose_name = _("imported WordPress author")
        verbose_name_plural = _("imported WordPress authors")

    def __str__(self):
        return f"{self.wp_id} → {self.user}"
