"""The site's identity, set by the author in the admin: title, tagline, logo, footer, blogroll.

Every page shows it, so it is read from the cache (no query) and loaded in one query when the cache
is cold; saving or deleting any of it clears the cache. Without a row, blog/conf.py's defaults hold.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import conf

CACHE_KEY = "blog:identity:1"


class SiteIdentity(models.Model):
    """One row (the first one counts): what makes the blog recognisable."""

    title = models.CharField(
        _("blog title"), max_length=200, blank=True, help_text=_("Empty: “Carnet”.")
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=300,
        blank=True,
        help_text=_("One line under the title, also the home page’s description."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="identity/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_("Shown beside the title, at most 64 pixels high. PNG, JPEG or WebP."),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        help_text=_("Plain text shown at the bottom of every page, e.g. a licence or a contact."),
    )

    class Meta:
        app_label = "blog"
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")

    def __str__(self):
        return self.title or conf.settings.BLOG_TITLE


class BlogrollLink(models.Model):
    """A link to a friend's site in the sidebar, as WordPress's blogroll."""

    identity = models.ForeignKey(
        SiteIdentity, on_delete=models.CASCADE, related_name="links", verbose_name=_("identity")
    )
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        app_label = "blog"
        ordering = ["position", "name"]
        verbose_name = _("blogroll link")
        verbose_name_plural = _("blogroll")

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class Link:
    name: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class Identity:
    """What templates and feeds read; empty fields fall back to blog/conf.py's defaults."""

    custom_title: str = ""
    custom_tagline: str = ""
    logo_url: str = ""
    logo_width: int | None = None
    logo_height: int | None = None
    footer_text: str = ""
    blogroll: tuple[Link, ...] = field(default_factory=tuple)

    @property
    def title(self):
        return self.custom_title or conf.settings.BLOG_TITLE

    @property
    def tagline(self):
        # The default is a lazy translation: resolved per request, never frozen in the cache.
        return self.custom_tagline or conf.settings.BLOG_TAGLINE


def blog_title():
    """The blog's name wherever it is shown (pages, feeds, mails, exports): the title set in the
    admin, else BLOG_TITLE. Read it through this function, never from the setting."""
    return current_identity().title


def current_identity():
    """The site's identity: from the cache, else loaded in one query and cached until a change."""
    identity = cache.get(CACHE_KEY)
    if identity is None:
        identity = load_identity()
        cache.set(CACHE_KEY, identity, timeout=None)
    return identity


def load_identity():
    """Read the first identity row and its blogroll in one query (a LEFT JOIN)."""
    first = SiteIdentity.objects.order_by("pk").values_list("pk", flat=True)[:1]
    rows = list(
        SiteIdentity.objects.filter(pk__in=first)
        .values(
            "title",
            "tagline",
            "logo",
            "logo_width",
            "logo_height",
            "footer_text",
            "links__name",
            "links__url",
            "links__description",
        )
        .order_by("links__position", "links__name")
    )
    if not rows:
        return Identity()
    row = rows[0]
    return Identity(
        custom_title=row["title"],
        custom_tagline=row["tagline"],
        logo_url=_logo_url(row["logo"]),
        logo_width=row["logo_width"],
        logo_height=row["logo_height"],
        footer_text=row["footer_text"],
        blogroll=tuple(
            Link(r["links__name"], r["links__url"], r["links__description"])
            for r in rows
            if r["links__url"]
        ),
    )


def _logo_url(name):
    if not name:
        return ""
    return SiteIdentity._meta.get_field("logo").storage.url(name)


def forget_identity(**kwargs):
    """Drop the cached identity so the next page shows the change."""
    cache.delete(CACHE_KEY)
