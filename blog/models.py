"""Posts, static pages, categories and tags."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from .markup import Markup, render_body, render_excerpt
from .search import conditions as search_conditions


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")


class TreePathMixin:
    """A stored `path` of slugs from the root (`parent/child`), so URLs cost no query.

    Kept up to date on save; a changed path is passed on to the descendants.
    """

    def save(self, *args, **kwargs):
        previous = self.path
        self.path = f"{self.parent.path}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)
        if previous and previous != self.path:
            for child in self.children.all():
                child.save()


class Category(TreePathMixin, MPTTModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    description = models.TextField(_("description"), blank=True)
    path = models.CharField(max_length=1000, editable=False, db_index=True)
    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), null=True, blank=True, unique=True)

    class MPTTMeta:
        order_insertion_by = ["name"]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"path": self.path})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, with a publication date that has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class PostQuerySet(PublishableQuerySet):
    def in_category(self, category):
        """Posts filed in `category` or any of its sub-categories (each once, without DISTINCT)."""
        filed = Post.categories.through.objects.filter(
            category__in=category.get_descendants(include_self=True)
        )
        return self.filter(pk__in=filed.values("post_id"))

    def search(self, words):
        """Posts matching `words`, forgiving accents and case: title matches first, then newest.

        Every match is sorted: fine for a few; the search page reads one page of a common word's
        thousands of matches through `blog.search_pages.RankedMatches` instead.
        """
        queryset, matches, in_title = search_conditions(self, words)
        if matches is None:
            return self.none()
        first = models.Case(models.When(in_title, then=1), default=0)
        return (
            queryset.filter(matches)
            .alias(title_first=first)
            .order_by("-title_first", "-published_at", "-id")
        )

    def search_tier(self, words, *, in_title):
        """The posts matching `words` in their title (`in_title`) or only elsewhere, newest first."""
        queryset, matches, title = search_conditions(self, words)
        if matches is None:
            return self.none()
        tier = title if in_title else matches & ~title
        return queryset.filter(tier).order_by("-published_at", "-id")

    def by_permalink(self, year, month, day, slug):
        """The post of this queryset at `/year/month/day/slug/` (strings as the URL has them),
        or None: the slug finds it, and the date must be its publication day in the site's time
        zone, so an old or mistyped date never answers for the post."""
        post = self.filter(slug=slug).first()
        wanted = {"year": year, "month": month, "day": day, "slug": slug}
        return post if post is not None and post.date_kwargs() == wanted else None

    def for_lists(self):
        """Published posts with what a list of them displays, in a fixed number of queries."""
        return (
            self.published()
            .select_related("author", "featured_image")
            .prefetch_related("categories", "tags")
            .defer("body", "body_html")
        )


class Publishable(models.Model):
    """What posts and pages share: a title, a source in Markdown or HTML and its rendered HTML."""

    title = models.CharField(_("title"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    markup = models.CharField(
        _("format"), max_length=10, choices=Markup.choices, default=Markup.MARKDOWN
    )
    body = models.TextField(_("body"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("A future date schedules the publication: the text will appear on that date."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modified"), auto_now=True)
    wp_id = models.PositiveBigIntegerField(_("WordPress ID"), null=True, blank=True, unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()


class Post(Publishable):
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The end of the post’s address: /YYYY/MM/DD/slug/."),
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Optional. Otherwise, the text before <!--more-->, or the first paragraph."),
    )
    excerpt_html = models.TextField(editable=False, blank=True)
    has_more = models.BooleanField(editable=False, default=False)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="posts")
    sticky = models.BooleanField(
        _("sticky"), default=False, help_text=_("At the top of the home page.")
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    pings_open = models.BooleanField(_("pings open"), default=True)
    featured_image = models.ForeignKey(
        "images.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announced_at = models.DateTimeField(
        editable=False,
        null=True,
        blank=True,
        help_text="When the post_published signal went out: once per post, never on later edits.",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_status_date"),
            models.Index(fields=["-sticky", "-published_at"], name="post_sticky_date"),
        ]

    def get_absolute_url(self):
        return reverse("blog:post", kwargs=self.date_kwargs())

    def date_kwargs(self):
        """The year/month/day/slug of this post's permalink, in the site's time zone."""
        day = timezone.localtime(self.published_at)
        return {
            "year": f"{day.year:04d}",
            "month": f"{day.month:02d}",
            "day": f"{day.day:02d}",
            "slug": self.slug,
        }

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def neighbours(self):
        """The published posts just before and just after this one: (previous, next), or None."""
        published = Post.objects.published().only("title", "slug", "published_at")
        same_time = models.Q(published_at=self.published_at)
        before = models.Q(published_at__lt=self.published_at) | (
            same_time & models.Q(id__lt=self.id)
        )
        after = models.Q(published_at__gt=self.published_at) | (
            same_time & models.Q(id__gt=self.id)
        )
        return (
            published.filter(before).order_by("-published_at", "-id").first(),
            published.filter(after).order_by("published_at", "id").first(),
        )

    def render_html(self):
        """Render the body and excerpt into their stored HTML (save() does; bulk_create does not)."""
        self.body_html = render_body(self.body, self.markup)
        self.excerpt_html, self.has_more = render_excerpt(self.excerpt, self.body, self.markup)


class Page(TreePathMixin, MPTTModel, Publishable):
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    menu_order = models.IntegerField(_("order"), default=0)
    in_menu = models.BooleanField(
        _("in the menu"), default=True, help_text=_("Show this page in the site's pages menu.")
    )
    path = models.CharField(max_length=1000, editable=False, db_index=True)
    # Closed unless asked for, as WordPress does for pages since 4.3.
    comments_open = models.BooleanField(_("comments open"), default=False)

    objects = PublishableQuerySet.as_manager()

    class MPTTMeta:
        order_insertion_by = ["menu_order", "title"]

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_unique_slug_per_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(parent=None), name="page_unique_root_slug"
            ),
        ]

    def get_absolute_url(self):
        return reverse("blog:page", kwargs={"path": self.path})

    def save(self, *args, **kwargs):
        self.body_html = render_body(self.body, self.markup)
        super().save(*args, **kwargs)


from .autosave import Autosave  # noqa: E402,F401
from .identity import BlogrollLink, SiteIdentity  # noqa: E402,F401
from .redirects import OldAddress  # noqa: E402,F401
