"""Feeds of approved comments: the whole blog's and each post's."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blog import conf

from .models import Comment


class LatestCommentsFeed(Feed):
    description_template = "feeds/comment_description.html"

    def title(self):
        return _("Comments for %(blog)s") % {"blog": conf.get("BLOG_TITLE")}

    def link(self):
        return reverse("blog:home")

    def description(self):
        return conf.get("BLOG_TAGLINE")

    def items(self):
        return (
            Comment.objects.public()
            .filter(post__in=_published_posts())
            .select_related("post")
            .order_by("-created_at")[: conf.get("BLOG_FEED_ITEMS")]
        )

    def item_title(self, item):
        return _("%(author)s on “%(post)s”") % {"author": item.author_name, "post": item.post.title}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.author_name


def _published_posts():
    from blog.models import Post

    return Post.objects.published()
