"""What the blog knows of the fediverse: its own keys, remote actors, followers, replies,
reactions, blocked instances and the deliveries waiting to go out."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LocalKey(models.Model):
    """The RSA key pair of one local actor (the blog, or an author), made once and kept."""

    username = models.CharField(max_length=150, unique=True)
    private_pem = models.TextField()
    public_pem = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.username


class RemoteActor(models.Model):
    """A person or service on another server, as its actor document described it."""

    uri = models.URLField(max_length=500, unique=True)
    domain = models.CharField(max_length=255, db_index=True)
    key_id = models.URLField(max_length=500, db_index=True)
    public_pem = models.TextField()
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    handle = models.CharField(_("address"), max_length=300, blank=True)
    url = models.URLField(_("profile"), max_length=500, blank=True)
    icon_url = models.URLField(max_length=500, blank=True)
    avatar_fetched = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fediverse account")
        verbose_name_plural = _("fediverse accounts")

    def __str__(self):
        return self.handle or self.uri

    @property
    def delivery_inbox(self):
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    """A remote actor following a local one (the blog or an author)."""

    username = models.CharField(_("followed account"), max_length=150)
    actor = models.ForeignKey(
        RemoteActor, on_delete=models.CASCADE, related_name="follows", verbose_name=_("follower")
    )
    follow_id = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["username", "actor"], name="fediverse_follow_once")
        ]

    def __str__(self):
        return f"{self.actor} → {self.username}"


class RemoteNote(models.Model):
    """A reply received from the fediverse, kept beside the comment that shows it."""

    object_id = models.URLField(max_length=500, unique=True)
    actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="notes")
    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, related_name="remote_note"
    )

    def __str__(self):
        return self.object_id


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    ANNOUNCE = "announce", _("Boost")


class Reaction(models.Model):
    """A like or a boost of a post by a remote actor: counted, never shown one by one."""

    activity_id = models.URLField(max_length=500, unique=True)
    actor_uri = models.URLField(max_length=500)
    post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["actor_uri", "post", "kind"], name="fediverse_react_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.actor_uri}"


class DomainBlock(models.Model):
    """An instance whose activities are dropped, as a Mastodon administrator's domain block."""

    domain = models.CharField(
        _("domain"),
        max_length=255,
        unique=True,
        help_text=_("For example spam.example: its subdomains are blocked too."),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("blocked on"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked instance")
        verbose_name_plural = _("blocked instances")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now or timezone.now())


class Delivery(models.Model):
    """One activity to post to one inbox, retried with back-off until it is accepted."""

    inbox = models.URLField(max_length=500)
    username = models.CharField(max_length=150)
    activity = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="fediverse_due")]

    def __str__(self):
        return f"{self.activity.get('type', '?')} → {self.inbox}"


class SharedPost(models.Model):
    """A post sent to the fediverse: what to Update or Delete later, even once the post is gone."""

    post_id = models.PositiveBigIntegerField(unique=True)
    object_id = models.URLField(max_length=500)
    username = models.CharField(max_length=150)
    deleted = models.BooleanField(default=False)

    def __str__(self):
        return self.object_id


class SentAnswer(models.Model):
    """A comment of the blog sent back to the fediverse account it answers: sent once only."""

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, related_name="fediverse_answer"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.comment_id)
