"""Application passwords: one per editor or script, revocable, stored only as a hash."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationPassword(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="application_passwords",
    )
    name = models.CharField(_("application"), max_length=100)
    password = models.CharField(_("password hash"), max_length=200, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    last_ip = models.GenericIPAddressField(
        _("last IP address"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application password")
        verbose_name_plural = _("application passwords")

    def __str__(self):
        return self.name


class TrashedPost(models.Model):
    """A post deleted through Micropub: kept unpublished (a draft) so `undelete` can bring it
    back as it was, then deleted for good after `PUBLISHING_TRASH_DAYS` (WordPress's trash)."""

    post = models.OneToOneField(
        "blog.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="trashed"
    )
    status = models.CharField(_("status before deletion"), max_length=20)
    trashed_at = models.DateTimeField(_("deleted"), auto_now_add=True)

    class Meta:
        ordering = ["-trashed_at", "-id"]
        verbose_name = _("post in the trash")
        verbose_name_plural = _("posts in the trash")

    def __str__(self):
        return str(self.post)
