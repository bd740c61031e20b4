"""WordPress pretty permalinks, so links to a blog moved from WordPress keep working."""

from django.urls import path, re_path

from . import feeds, views

app_name = "blog"

Y, M, D = r"(?P<year>[0-9]{4})", r"(?P<month>[0-9]{2})", r"(?P<day>[0-9]{2})"
SLUG = r"(?P<slug>[^/]+)"
TREE_PATH = r"(?P<path>(?:[^/]+/)*?[^/]+)"
PAGE = r"page/(?P<page>[0-9]+)/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    re_path(rf"^{PAGE}$", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    re_path(rf"^{Y}/$", views.PostYearArchiveView.as_view(), name="year"),
    re_path(rf"^{Y}/{PAGE}$", views.PostYearArchiveView.as_view(), name="year"),
    re_path(rf"^{Y}/{M}/$", views.PostMonthArchiveView.as_view(), name="month"),
    re_path(rf"^{Y}/{M}/{PAGE}$", views.PostMonthArchiveView.as_view(), name="month"),
    re_path(rf"^{Y}/{M}/{D}/$", views.PostDayArchiveView.as_view(), name="day"),
    re_path(rf"^{Y}/{M}/{D}/{PAGE}$", views.PostDayArchiveView.as_view(), name="day"),
    re_path(rf"^{Y}/{M}/{D}/{SLUG}/$", views.PostDetailView.as_view(), name="post"),
    re_path(
        rf"^{Y}/{M}/{D}/{SLUG}/comment-page-(?P<comment_page>[0-9]{{1,9}})/$",
        views.PostDetailView.as_view(),
        name="post_comments",
    ),
    re_path(rf"^category/{TREE_PATH}/feed/$", feeds.CategoryFeed(), name="category_feed"),
    re_path(rf"^category/{TREE_PATH}/{PAGE}$", views.CategoryView.as_view(), name="category"),
    re_path(rf"^category/{TREE_PATH}/$", views.CategoryView.as_view(), name="category"),
    re_path(rf"^tag/{SLUG}/feed/$", feeds.TagFeed(), name="tag_feed"),
    re_path(rf"^tag/{SLUG}/{PAGE}$", views.TagView.as_view(), name="tag"),
    re_path(rf"^tag/{SLUG}/$", views.TagView.as_view(), name="tag"),
    re_path(rf"^author/(?P<username>[^/]+)/{PAGE}$", views.AuthorView.as_view(), name="author"),
    re_path(r"^author/(?P<username>[^/]+)/$", views.AuthorView.as_view(), name="author"),
    # Static pages take whatever path is left: config.urls includes this module last.
    re_path(rf"^{TREE_PATH}/$", views.PageView.as_view(), name="page"),
]
