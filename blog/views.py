"""The reading side: home, date archives, posts, categories, tags, authors, search, pages."""

import hashlib

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.dates import (
    DayArchiveView,
    MonthArchiveView,
    YearArchiveView,
)

from pagecache.generation import memoize

from . import conf
from .models import Category, Page, Post, Tag
from .search_pages import RankedMatches


class MemoizedCountPaginator(Paginator):
    """A paginator that counts its list once per content generation, not on every page shown.

    Counting every published post costs a scan that grows with the blog; the count changes only
    with the content, so it is memoized under `count_key` (None: counted every time).
    """

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return self.object_list.count()
        return memoize(self.count_key, self.object_list.count)


class PublishedPostMixin:
    """What every post list and the post page share: published posts, dated by publication."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    allow_empty = False
    make_object_list = True
    # What is visible is published()'s decision alone; Django's own future check compares the
    # URL's date with date.today(), which is not the blog's day just after midnight in Paris.
    allow_future = True

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except OverflowError:  # a date such as 0001-01-01 or 9999-12-31 leaves datetime's range
            raise Http404 from None

    paginator_class = MemoizedCountPaginator

    def get_paginate_by(self, queryset):
        return conf.settings.BLOG_POSTS_PER_PAGE

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count_key=self.count_key(), **kwargs)

    def count_key(self):
        """The memo name of this list's count: its URL without the page number.

        Searches are counted every time: each is its own list (memoizing every search anyone
        types would fill the cache), and their count stops past the cap (blog.search_pages).
        """
        if "s" in self.request.GET:
            return None
        match = self.request.resolver_match
        kwargs = sorted((key, value) for key, value in match.kwargs.items() if key != "page")
        identity = repr((match.view_name, kwargs)).encode()
        return "blog:count:" + hashlib.sha256(identity).hexdigest()

    def get_queryset(self):
        return Post.objects.for_lists()


class HomeView(PublishedPostMixin, ListView):
    """The home page; with `?s=words`, the search results (as WordPress does)."""

    template_name = "blog/post_list.html"
    allow_empty = True

    def get_queryset(self):
        self.query = self.request.GET.get("s", "")[: conf.settings.BLOG_SEARCH_MAX_LENGTH].strip()
        posts = super().get_queryset()
        if "s" in self.request.GET:
            return RankedMatches(posts, self.query)
        return posts.order_by("-sticky", "-published_at", "-id")

    def get_template_names(self):
        return ["blog/search.html"] if "s" in self.request.GET else [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_query=self.query, **kwargs)


class PostYearArchiveView(PublishedPostMixin, YearArchiveView):
    template_name = "blog/archive.html"


class PostMonthArchiveView(PublishedPostMixin, MonthArchiveView):
    template_name = "blog/archive.html"


class PostDayArchiveView(PublishedPostMixin, DayArchiveView):
    template_name = "blog/archive.html"


class PostDetailView(DetailView):
    """A post with its discussion; `/comment-page-N/` shows the discussion's page N.

    The discussion is the comments app's `{% discussion post %}` tag: this view only says which
    comment page is asked for (`comment_page` in the context).
    """

    template_name = "blog/post_detail.html"

    def get(self, request, *args, **kwargs):
        if self.kwargs.get("comment_page") and int(self.kwargs["comment_page"]) <= 1:
            # Page 1 of the discussion is the post itself, as WordPress answers.
            post = self.get_object()
            return HttpResponsePermanentRedirect(post.get_absolute_url() + "#comments")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("author", "featured_image")
            .prefetch_related("categories", "tags")
        )

    def get_object(self, queryset=None):
        date = (self.kwargs[name] for name in ("year", "month", "day", "slug"))
        post = (queryset or self.get_queryset()).by_permalink(*date)
        if post is None:
            raise Http404
        return post

    def get_context_data(self, **kwargs):
        page_number = int(self.kwargs.get("comment_page") or 1)  # urls.py allows 9 digits at most
        return super().get_context_data(comment_page=page_number, **adjacent(self.object), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return private_for_staff(self.request, response)


class CategoryView(PublishedPostMixin, ListView):
    """A category's posts, its sub-categories' included, at `/category/parent/child/`."""

    template_name = "blog/category.html"
    allow_empty = True

    def get_queryset(self):
        self.category = get_category_by_path(self.kwargs["path"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagView(PublishedPostMixin, ListView):
    template_name = "blog/tag.html"
    allow_empty = True

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedPostMixin, ListView):
    template_name = "blog/author.html"
    allow_empty = True

    def get_queryset(self):
        users = get_user_model().objects.filter(is_active=True)
        self.author = get_object_or_404(users, username=self.kwargs["username"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class PageView(DetailView):
    """A static page at `/slug/` or `/parent/child/`."""

    template_name = "blog/page.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        return get_page_by_path(self.kwargs["path"])

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return private_for_staff(self.request, response)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def private_for_staff(request, response):
    """A page rendered for staff (with its "Modifier" link) is theirs: no cache may share it."""
    if request.user.is_staff:
        patch_cache_control(response, private=True)
    return response


def adjacent(post):
    """The titles and addresses of the posts before and after `post`, memoized per generation."""

    def links():
        return {
            f"{name}_post": {"title": other.title, "url": other.get_absolute_url()}
            for name, other in zip(("previous", "next"), post.neighbours(), strict=True)
            if other is not None
        }

    return memoize(f"blog:adjacent:{post.pk}", links)


def get_category_by_path(path):
    """The category whose slugs from the root are `path`, or 404."""
    return get_object_or_404(Category, path=path.strip("/"))


def get_page_by_path(path):
    """The published page whose slugs from the root are `path`, or 404."""
    return get_object_or_404(
        Page.objects.published().select_related("author"), path=path.strip("/")
    )
