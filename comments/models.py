"""Comments, pingbacks and webmentions: one threaded (MPTT) model."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    TRASH = "trash", _("Trash")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PINGBACK = "pingback", _("Pingback")
    TRACKBACK = "trackback", _("Trackback")
    WEBMENTION = "webmention", _("Webmention")


class CommentQuerySet(TreeQuerySet):
    def public(self):
        """What every reader may see: approved comments, whatever their kind."""
        return self.filter(status=CommentStatus.APPROVED)


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    pass


class Comment(MPTTModel):
    post = models.ForeignKey(
        "blog.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments"
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("e-mail"), blank=True)
    author_url = models.URLField(_("website"), max_length=500, blank=True)
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), null=True, blank=True)

    objects = CommentManager()

    class MPTTMeta:
        order_insertion_by = ["created_at"]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "status", "tree_id", "lft"], name="comment_thread"),
            models.Index(fields=["ip_address", "-created_at"], name="comment_ip_recent"),
            models.Index(fields=["status", "-created_at"], name="comment_status_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wp_id"],
                condition=models.Q(wp_id__isnull=False),
                name="comment_unique_wp_id",
            ),
        ]

    def __str__(self):
        return _("%(author)s, on %(date)s") % {"author": self.author_name, "date": self.created_at}

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})
