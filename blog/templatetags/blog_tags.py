"""Sidebar widgets as inclusion tags, and the JSON-LD of a post."""

import json

from django import template
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from blog import conf
from blog.models import Category, Page, Post, Status, Tag
from blog.search import highlight as highlight_words
from blog.typography import typeset_plain
from pagecache.generation import memoize

register = template.Library()


@register.filter
def typeset(text):
    """A title set with the site's typography (no-break spaces before `: ; ! ?`, quotes...)."""
    return typeset_plain(str(text))


@register.filter
def highlight(html, query):
    """Stored (safe) HTML with the searched words marked: `{{ post.excerpt_html|highlight:q }}`."""
    return mark_safe(highlight_words(html, query))  # noqa: S308 (stored HTML, text escaped)


@register.inclusion_tag("blog/widgets/search.html", takes_context=True)
def search_form(context):
    request = context.get("request")
    return {"query": request.GET.get("s", "") if request else ""}


@register.inclusion_tag("blog/widgets/pages_menu.html", takes_context=True)
def pages_menu(context):
    """The menu of static pages: top-level published pages set to show, in the admin's order."""
    request = context.get("request")
    return {
        "pages": memoize("blog:pages-menu", menu_pages),
        "path": request.path if request else "",
    }


def menu_pages():
    pages = Page.objects.published().filter(parent=None, in_menu=True)
    pages = pages.order_by("menu_order", "title").only("title", "path")
    return [{"title": page.title, "url": page.get_absolute_url()} for page in pages]


@register.inclusion_tag("blog/widgets/recent_posts.html")
def recent_posts():
    return {"posts": memoize("blog:recent-posts", newest_posts)}


@register.inclusion_tag("blog/widgets/categories.html")
def category_list():
    return {"categories": memoize("blog:categories", categories_with_counts)}


@register.inclusion_tag("blog/widgets/archives.html")
def monthly_archives():
    return {"months": memoize(f"blog:archives:{get_language()}", months_with_counts)}


@register.inclusion_tag("blog/widgets/tags.html")
def tag_cloud():
    return {"tags": memoize("blog:tag-cloud", most_used_tags)}


# What the widgets show. Each scans whole tables, so each is computed once per content generation
# (pagecache.generation.memoize) and shared by every page, worker and server until content changes.
# Their URLs (and the months' names) are computed here too, once: the archives list grows by one
# month a month, and reversing and formatting each on every page would grow with it.


def newest_posts():
    posts = Post.objects.published().only("title", "slug", "published_at")
    return with_urls(posts[: conf.settings.BLOG_SIDEBAR_ITEMS])


def categories_with_counts():
    published = Post.objects.published().values("pk")
    categories = Category.objects.annotate(
        post_count=Count("posts", filter=Q(posts__in=published), distinct=True)
    )
    return with_urls(without_empty(categories))


def without_empty(categories):
    """The categories with a published post in them or below them (their parents stay, so the
    tree still nests), in tree order."""
    categories = list(categories)
    by_pk = {category.pk: category for category in categories}
    keep = set()
    for category in categories:
        node = category if category.post_count else None
        while node is not None and node.pk not in keep:
            keep.add(node.pk)
            node = by_pk.get(node.parent_id)
    return [category for category in categories if category.pk in keep]


def months_with_counts():
    """Each month with posts, newest first: its archive's URL, its name, its count of posts."""
    months = (
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(post_count=Count("id"))
        .order_by("-month")
    )
    return [month_entry(timezone.localtime(row["month"]), row["post_count"]) for row in months]


def month_entry(month, post_count):
    kwargs = {"year": f"{month.year:04d}", "month": f"{month.month:02d}"}
    return {
        "url": reverse("blog:month", kwargs=kwargs),
        "name": date_format(month, "YEAR_MONTH_FORMAT"),
        "post_count": post_count,
    }


def most_used_tags():
    tags = (
        Tag.objects.filter(posts__status=Status.PUBLISHED, posts__published_at__lte=timezone.now())
        .annotate(post_count=Count("posts"))
        .order_by("-post_count", "name")
    )
    return with_urls(tags[:30])


def with_urls(objects):
    """`objects` as a list, each with its `url` worked out."""
    objects = list(objects)
    for obj in objects:
        obj.url = obj.get_absolute_url()
    return objects


# What a JSON text inside <script> must not hold as such (`</script>`, `<!--`, entities): the
# same three escapes as Django's json_script, written out here rather than borrowed from its
# private table. JSON readers decode \u escapes back to the characters.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Serialise `data` for a `<script type="application/ld+json">`, safe against `</script>`."""
    return mark_safe(  # noqa: S308 (escaped just above: <, >, & become \u escapes)
        json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    )


@register.simple_tag(takes_context=True)
def post_jsonld(context, post):
    """The schema.org BlogPosting description of `post`."""
    site_url = context["site_url"]
    author = post.author.get_full_name() or post.author.get_username()
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "author": {"@type": "Person", "name": author},
        "mainEntityOfPage": site_url + post.get_absolute_url(),
        "url": site_url + post.get_absolute_url(),
        "inLanguage": "fr",
    }


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The URL of page `number` of the list being shown (`…/page/N/`, the search kept)."""
    request = context["request"]
    match = request.resolver_match
    kwargs = {key: value for key, value in match.kwargs.items() if key != "page"}
    if number > 1:
        kwargs["page"] = number
    url = reverse(f"{match.namespace}:{match.url_name}", kwargs=kwargs)
    if "s" in request.GET:
        url += "?" + urlencode({"s": request.GET["s"]})
    return url


@register.inclusion_tag("blog/includes/edit_link.html", takes_context=True)
def edit_link(context, obj):
    """A "Modifier" link to `obj`'s admin page, for a staff member the admin lets change it.

    Only staff see it, and staff always send a session cookie, so the page cache never stores it
    (pagecache/middleware.py); the view also marks such a page private (`private_for_staff`).
    """
    from django.contrib import admin

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_staff or not user.is_active:
        return {"url": None}
    model_admin = admin.site.get_model_admin(type(obj))
    if not model_admin.has_change_permission(request, obj):
        return {"url": None}
    opts = obj._meta
    return {"url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])}
