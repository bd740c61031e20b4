"""Comment URLs. A post's comments feed sits beside its permalink (`/YYYY/MM/DD/slug/feed/`)."""

from django.urls import path, re_path

from blog.urls import SLUG, D, M, Y

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    re_path(rf"^{Y}/{M}/{D}/{SLUG}/feed/$", feeds.PostCommentsFeed(), name="post_comments_feed"),
    path("comments/post/<int:post_pk>/", views.CommentPostView.as_view(), name="post"),
    path("comments/page/<int:page_pk>/", views.CommentPagePostView.as_view(), name="page_post"),
    path("comment/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comment/<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("comment/<int:pk>/delete/", views.comment_delete_view, name="delete"),
]
