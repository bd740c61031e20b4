"""Feeds of approved comments: the whole blog's (page discussions included, as WordPress's
comments feed does) and each post's."""

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blog import conf
from blog.feeds import SiteFeed
from blog.identity import blog_title, current_identity
from blog.links import absolute_url
from blog.typography import typeset_plain

from .models import Comment


class LatestCommentsFeed(SiteFeed):
    description_template = "feeds/comment_description.html"

    def title(self):
        return _("Comments for %(blog)s") % {"blog": blog_title()}

    def link(self):
        return absolute_url(reverse("blog:home"))

    def description(self):
        return current_identity().tagline

    def items(self):
        return (
            Comment.objects.public()
            .filter(Q(post__in=_published_posts()) | Q(page__in=_published_pages()))
            .select_related("post", "page")
            .order_by("-created_at")[: conf.settings.BLOG_FEED_ITEMS]
        )

    def item_title(self, item):
        return _("%(author)s on “%(post)s”") % {
            "author": item.author_name,
            "post": typeset_plain(item.subject.title),
        }

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author_name


def _published_posts():
    from blog.models import Post

    return Post.objects.published()


def _published_pages():
    from blog.models import Page

    return Page.objects.published()


class PostCommentsFeed(LatestCommentsFeed):
    """The approved comments of one post, at `/YYYY/MM/DD/slug/feed/`."""

    def get_object(self, request, year, month, day, slug):
        post = _published_posts().by_permalink(year, month, day, slug)
        if post is None:
            raise Http404
        return post

    def title(self, post):
        return _("Comments on “%(post)s”") % {"post": typeset_plain(post.title)}

    def link(self, post):
        return absolute_url(post.get_absolute_url())

    def description(self, post):
        return _("The discussion of “%(post)s” on %(blog)s") % {
            "post": post.title,
            "blog": blog_title(),
        }

    def items(self, post):
        return (
            Comment.objects.public()
            .filter(post=post)
            .select_related("post")
            .order_by("-created_at")[: conf.settings.BLOG_FEED_ITEMS]
        )
