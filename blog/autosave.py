"""What the author was typing, saved every few seconds apart from the post itself.

One row per person and post (post empty for a post not yet saved once): the live post is never
touched, so an autosave can neither publish nor change what readers see. Saving the post deletes
its row; reopening the post offers the row back when it is newer than the post.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    post = models.ForeignKey(
        "blog.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    saved_at = models.DateTimeField(_("saved"))

    class Meta:
        app_label = "blog"
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="autosave_one_per_post"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(post=None), name="autosave_one_new_post"
            ),
        ]

    def __str__(self):
        return self.title
