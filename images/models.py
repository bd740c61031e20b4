"""The media library: images processed on upload, with their renditions."""

from functools import cached_property

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

from .processing import EXTENSIONS, MIME_TYPES


class ImageFormat(models.TextChoices):
    JPEG = "JPEG", "JPEG"
    PNG = "PNG", "PNG"
    WEBP = "WEBP", "WebP"


class ImageQuerySet(models.QuerySet):
    def by_ids(self, ids):
        """The images whose ids are in `ids`, keyed by id: one query for every reference in a post."""
        return self.in_bulk([int(pk) for pk in ids])


class Image(models.Model):
    """An uploaded picture, re-encoded without metadata under a generated name.

    `renditions` lists what was made once at upload: `{"width", "height", "format", "name"}` per
    file, so a page shows an image with its whole `srcset` from this one row (no extra query).
    """

    title = models.CharField(_("title"), max_length=200)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Empty if decorative."),
    )
    file = models.FileField(_("file"), max_length=200, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    format = models.CharField(
        _("format"), max_length=4, choices=ImageFormat.choices, editable=False
    )
    was_animated = models.BooleanField(
        _("animation replaced by a still"), default=False, editable=False
    )
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title

    @property
    def reference(self):
        """What an author types in Markdown to put this image in a post."""
        return f"[[image:{self.pk}]]"

    def sources(self, fmt):
        """[(url, width)] of the renditions in `fmt`, narrowest first."""
        found = [r for r in self.renditions if r["format"] == fmt]
        return [(default_storage.url(r["name"]), r["width"]) for r in found]

    def srcset(self, fmt):
        return ", ".join(f"{url} {width}w" for url, width in self.sources(fmt))

    @property
    def webp_srcset(self):
        return self.srcset(ImageFormat.WEBP) if self.format != ImageFormat.WEBP else ""

    @property
    def fallback_srcset(self):
        return self.srcset(self.format)

    @cached_property
    def fallback(self):
        """The rendition browsers without srcset get, and the one shared as og:image."""
        found = [r for r in self.renditions if r["format"] == self.format]
        largest = found[-1] if found else None
        return {**largest, "url": default_storage.url(largest["name"])} if largest else None

    @property
    def thumbnail_url(self):
        """The narrowest rendition, for the admin's lists."""
        found = [r for r in self.renditions if r["format"] == self.format]
        return default_storage.url(found[0]["name"]) if found else ""

    @property
    def fallback_mime_type(self):
        return MIME_TYPES[self.format]


def storage_name(folder, stem, fmt):
    """A storage name made by Carnet only: never from what the uploader called the file."""
    return f"{folder}/{stem}.{EXTENSIONS[fmt]}"
