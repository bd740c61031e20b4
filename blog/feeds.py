"""RSS 2.0 and Atom feeds of posts: the whole blog, a category, a tag."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import conf
from .identity import current_identity
from .links import absolute_url
from .models import Post, Tag
from .typography import typeset_plain
from .views import get_category_by_path


class SiteFeed(Feed):
    """A feed whose links (channel, items, self) are absolute on `SITE_URL`, not on the
    django.contrib.sites record and the request's scheme Django's feeds would read."""

    def get_feed(self, obj, request):
        feed = copy.copy(self)  # one instance serves every request: the path goes on a copy
        feed.request_path = request.path
        return super(SiteFeed, feed).get_feed(obj, request)

    def feed_url(self):
        return absolute_url(self.request_path)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class LatestPostsFeed(SiteFeed):
    description_template = "feeds/post_description.html"

    def title(self):
        return typeset_plain(current_identity().title)

    def description(self):
        return current_identity().tagline

    def link(self):
        return absolute_url(reverse("blog:home"))

    def items(self):
        return (
            Post.objects.published()
            .select_related("author")
            .prefetch_related("categories")[: conf.settings.BLOG_FEED_ITEMS]
        )

    def item_title(self, item):
        return typeset_plain(item.title)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.get_full_name() or item.author.get_username()

    def item_categories(self, item):
        return [c.name for c in item.categories.all()]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class CategoryFeed(LatestPostsFeed):
    def get_object(self, request, path):
        return get_category_by_path(path)

    def title(self, obj):
        return _("%(blog)s » Category: %(name)s") % {
            "blog": current_identity().title,
            "name": obj.name,
        }

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def items(self, obj):
        return Post.objects.published().in_category(obj)[: conf.settings.BLOG_FEED_ITEMS]


class TagFeed(LatestPostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("%(blog)s » Tag: %(name)s") % {"blog": current_identity().title, "name": obj.name}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def items(self, obj):
        return Post.objects.published().filter(tags=obj)[: conf.settings.BLOG_FEED_ITEMS]
