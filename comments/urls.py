"""Comment URLs. A post's comments feed sits beside its permalink (`/YYYY/MM/DD/slug/feed/`)."""

from django.urls import path, re_path

from blog.urls import SLUG, D, M, Y
from core.csrf import csrf_for_members

from . import feeds, views

app_name = "comments"
post_view, page_view = views.CommentPostView.as_view(), views.CommentPagePostView.as_view()

urlpatterns = [
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    re_path(rf"^{Y}/{M}/{D}/{SLUG}/feed/$", feeds.PostCommentsFeed(), name="post_comments_feed"),
    # A guest's form may come from a page file shared by all (core/csrf.py).
    path("comments/post/<int:post_pk>/", csrf_for_members(post_view), name="post"),
    path("comments/page/<int:page_pk>/", csrf_for_members(page_view), name="page_post"),
    path("comments/form-token/<int:pk>/", views.form_token, name="form_token"),
    path("comment/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comment/<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("comment/<int:pk>/delete/", views.comment_delete_view, name="delete"),
]
