"""Comments, pingbacks and webmentions: one threaded (MPTT) model."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext
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
    # A reply from the fediverse (a Mastodon note): a conversation, not a link, so it is shown
    # and moderated as a comment, with its author's name, picture and profile.
    ACTIVITYPUB = "activitypub", _("Fediverse reply")


# Kinds written by people in conversation; the others are links announced by other sites.
CONVERSATION_KINDS = frozenset({CommentKind.COMMENT, CommentKind.ACTIVITYPUB})


APPROVED = models.Q(status=CommentStatus.APPROVED)
PENDING = models.Q(status=CommentStatus.PENDING)


def subject_field(subject):
    """The field of Comment that points at `subject`: "page" for a page, else "post"."""
    return "page" if subject._meta.label_lower == "blog.page" else "post"


class CommentQuerySet(TreeQuerySet):
    def public(self):
        """What every reader may see: approved comments, whatever their kind."""
        return self.filter(status=CommentStatus.APPROVED)

    def visible_to(self, *, user=None, pending_ids=()):
        """What one reader may see: approved comments, plus their own pending ones.

        A guest's own pending comments are the ids their browser remembers (a signed cookie);
        a member's are those written under their account.
        """
        own = models.Q(pk__in=list(pending_ids))
        if user is not None and user.is_authenticated:
            own |= models.Q(user=user)
        return self.filter(models.Q(status=CommentStatus.APPROVED) | (own & PENDING))

    def about(self, subject):
        """The comments on `subject`, a post or a page."""
        return self.filter(**{subject_field(subject): subject})

    def thread_summaries(self, post):
        """One row per thread of `post` (or a page) with something to show, in order: tree_id,
        approved."""
        return (
            self.about(post)
            .values("tree_id")
            .annotate(approved=models.Count("pk", filter=APPROVED))
            .order_by("tree_id")
        )

    def for_display(self, post, tree_ids):
        """Every node of these threads (placeholders need hidden ones), with what is shown."""
        return (
            self.about(post)
            .filter(tree_id__in=tree_ids)
            .select_related("user")
            .defer("body", "ip_address", "user_agent")
            .order_by("tree_id", "lft")
        )


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    pass


class Comment(MPTTModel):
    # A discussion belongs to a post or, imported from WordPress, to a static page: exactly one.
    post = models.ForeignKey(
        "blog.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    page = models.ForeignKey(
        "blog.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        related_name="children",
        # RESTRICT, not PROTECT: a post's deletion takes its whole threads, but a comment with
        # replies is never deleted alone (comments.services.comment_delete trashes it instead).
        on_delete=models.RESTRICT,
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
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    previous_status = models.CharField(
        max_length=10,
        choices=CommentStatus.choices,
        blank=True,
        editable=False,
        help_text="The status before trash or spam, restored by the admin's Restore action.",
    )

    objects = CommentManager()

    # No `order_insertion_by`: a new comment is always the last child of its parent (or a new
    # tree, numbered max + 1), which is chronological order since `created_at` is set under the
    # write lock. Ordering roots by date would renumber other posts' trees on insertion, a global
    # write that a per-post lock cannot protect.

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "status", "tree_id", "lft"], name="comment_thread"),
            models.Index(fields=["page", "status", "tree_id", "lft"], name="comment_page_thread"),
            models.Index(fields=["ip_address", "-created_at"], name="comment_ip_recent"),
            models.Index(fields=["status", "-created_at"], name="comment_status_recent"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wp_id"],
                condition=models.Q(wp_id__isnull=False),
                name="comment_unique_wp_id",
            ),
            models.CheckConstraint(
                condition=models.Q(post__isnull=False, page__isnull=True)
                | models.Q(post__isnull=True, page__isnull=False),
                name="comment_on_post_or_page",
            ),
        ]

    def __str__(self):
        """ "Comment by Zoé Martin on “Le pain du dimanche”, November 29, 2026 at 6:11 p.m." """
        subject = self.subject
        when = formats.date_format(
            timezone.localtime(self.created_at),
            pgettext("comment title date", "F j, Y \\a\\t P"),
        )
        values = {"author": self.author_name, "date": when}
        if subject is None:
            return gettext("Comment by %(author)s, %(date)s") % values
        values["title"] = subject.title
        return gettext("Comment by %(author)s on “%(title)s”, %(date)s") % values

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def subject(self):
        """What the comment discusses: its post, or its page."""
        return self.post if self.post_id is not None else self.page

    @property
    def is_ping(self):
        return self.kind not in CONVERSATION_KINDS

    @property
    def is_pending(self):
        return self.status == CommentStatus.PENDING

    @property
    def is_approved(self):
        return self.status == CommentStatus.APPROVED

    @property
    def safe_author_url(self):
        """The author's website if it is an http(s) address; never a javascript: or data: link."""
        url = self.author_url.strip()
        return url if url.lower().startswith(("http://", "https://")) else ""


def comment_shows(comment, created):
    """Whether saving `comment` changes a page readers see: a new comment held for moderation
    does not; its approval, and any later change, does."""
    return not created or comment.status == CommentStatus.APPROVED


class WordAction(models.TextChoices):
    HOLD = "hold", _("Hold for moderation")
    SPAM = "spam", _("Mark as spam")


class ModerationWord(models.Model):
    """One line of WordPress's "Comment Moderation" or "Disallowed Comment Keys" lists.

    Matched without regard to case, anywhere inside the name, e-mail, website, text, IP address
    or user agent ("press" matches "WordPress"), as WordPress does.
    """

    word = models.CharField(_("word, address or IP"), max_length=200)
    action = models.CharField(
        _("action"), max_length=4, choices=WordAction.choices, default=WordAction.HOLD
    )

    class Meta:
        ordering = ["action", "word"]
        verbose_name = _("moderation word")
        verbose_name_plural = _("moderation words")
        constraints = [
            models.UniqueConstraint(fields=["word", "action"], name="moderation_word_unique"),
        ]

    def __str__(self):
        return self.word


from .spam_models import LearnedSpam, ModerationRules  # noqa: E402,F401
