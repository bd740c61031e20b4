"""What moderation learned and what moderators set: signs of spam, and the link threshold."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SpamSign(models.TextChoices):
    EMAIL = "email", _("e-mail")
    IP = "ip", _("IP address")
    HOST = "host", _("linked site")


class LearnedSpam(models.Model):
    """One sign (e-mail, IP address, linked host) of a comment a moderator marked as spam.

    Written when a moderator marks a comment as spam, deleted when it leaves spam ("not spam"):
    what was learned is always what moderators currently say, and undoing undoes the lesson.
    """

    comment = models.ForeignKey(
        "comments.Comment",
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="spam_signs",
    )
    sign = models.CharField(_("sign"), max_length=5, choices=SpamSign.choices)
    value = models.CharField(_("value"), max_length=254)

    class Meta:
        verbose_name = _("learned spam sign")
        verbose_name_plural = _("learned spam signs")
        indexes = [models.Index(fields=["sign", "value"], name="learned_spam_sign")]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "sign", "value"], name="learned_spam_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_sign_display()} : {self.value}"


class ModerationRules(models.Model):
    """The rules a moderator can change in the admin (one row: the first one counts)."""

    max_links = models.PositiveSmallIntegerField(
        _("links that hold a comment"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A comment with this many links or more waits for moderation (spam carries links, "
            "conversation rarely does). 0: never held for its links. Empty: the server’s "
            "setting (COMMENTS_MAX_LINKS)."
        ),
    )
    learn_from_spam = models.BooleanField(
        _("learn from spam"),
        default=True,
        help_text=_(
            "When a moderator marks a comment as spam, later comments from the same e-mail or "
            "IP address go to spam, and those linking to the same site wait for moderation "
            "(to spam once two spams linked to it). “Not spam” forgets what was learned."
        ),
    )

    class Meta:
        verbose_name = _("moderation rules")
        verbose_name_plural = _("moderation rules")

    def __str__(self):
        return str(self._meta.verbose_name).capitalize()
