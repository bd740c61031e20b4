"""Who asked for which mails (subscriptions, preferences), and every mail to send (the outbox)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriptionKind(models.TextChoices):
    BLOG = "blog", _("New posts")
    POST = "post", _("New comments on a post")


class SubscriptionState(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=SubscriptionState.ACTIVE)

    def to_blog(self):
        return self.filter(kind=SubscriptionKind.BLOG)

    def to_post(self, post):
        return self.filter(kind=SubscriptionKind.POST, post=post)

    def of_person(self, user):
        """The subscriptions a member made, or made with their account's address as a guest."""
        mine = Q(user=user)
        if user.email:
            mine |= Q(email=user.email.lower())
        return self.filter(mine)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("kind"), max_length=8, choices=SubscriptionKind.choices)
    post = models.ForeignKey(
        "blog.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriptions",
    )
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=SubscriptionState.choices,
        default=SubscriptionState.PENDING,
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent on"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("started on"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "state"], name="subscription_kind_state"),
            models.Index(fields=["email", "confirmation_sent_at"], name="subscription_email_sent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "kind"],
                condition=Q(post=None),
                name="subscription_unique_blog",
            ),
            models.UniqueConstraint(
                fields=["email", "post"],
                condition=Q(post__isnull=False),
                name="subscription_unique_post",
            ),
        ]

    def __str__(self):
        if self.post_id:
            return _("%(email)s, comments on “%(post)s”") % {"email": self.email, "post": self.post}
        return _("%(email)s, new posts") % {"email": self.email}


class ModerationMail(models.TextChoices):
    EACH = "each", _("One mail per comment awaiting moderation")
    DIGEST = "digest", _("A daily digest")
    NONE = "none", _("No mail")


class MailPreference(models.Model):
    """What a member of the staff wants to hear about; members without one get the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="mail_preference",
    )
    comments_on_my_posts = models.BooleanField(
        _("new comments on my posts"),
        default=True,
        help_text=_("A mail for each comment on a post you wrote."),
    )
    moderation = models.CharField(
        _("comments awaiting moderation"),
        max_length=8,
        choices=ModerationMail.choices,
        default=ModerationMail.EACH,
    )
    digest_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self):
        return str(self.user)


class MailKind(models.TextChoices):
    CONFIRM = "confirm", _("Subscription confirmation")
    NEW_COMMENT = "new_comment", _("New comment, to the post’s author")
    MODERATE = "moderate", _("Comment awaiting moderation")
    REPLY = "reply", _("New comment, to the discussion’s followers")
    NEW_POST = "new_post", _("New post, to the blog’s followers")
    DIGEST = "digest", _("Moderation digest")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("To send")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Given up")
    CANCELLED = "cancelled", _("No longer needed")


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Deliveries to try now: queued, and their next attempt time has come."""
        return self.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One mail to one address, kept until sent (or given up) so failures are retried and seen.

    The mail is rendered when it is sent, from the objects it refers to.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=MailKind.choices)
    recipient = models.EmailField(_("recipient"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued on"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    post = models.ForeignKey(
        "blog.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subscription_ids = models.JSONField(
        _("subscriptions"),
        default=list,
        blank=True,
        help_text=_("The subscriptions a confirmation mail confirms."),
    )

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]
        constraints = [
            # A re-sent signal or a comment approved twice never mails anyone twice.
            models.UniqueConstraint(
                fields=["kind", "recipient", "comment"],
                condition=Q(comment__isnull=False),
                name="delivery_once_per_comment",
            ),
            models.UniqueConstraint(
                fields=["kind", "recipient", "post"],
                condition=Q(kind="new_post"),
                name="delivery_once_per_post",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
