"""Comment URLs. The post page's comment pages and feed live beside the post's permalink."""

from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/post/<int:post_pk>/", views.comment_post, name="post"),
    path("comments/page/<int:page_pk>/", views.comment_page_post, name="page_post"),
    path("comments/form-token/<int:pk>/", views.form_token, name="form_token"),
    path("comment/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comment/<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("comment/<int:pk>/delete/", views.comment_delete_view, name="delete"),
]
