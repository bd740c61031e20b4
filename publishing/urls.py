"""The account page's application passwords (under /compte/) and Micropub (under /micropub/)."""

from django.urls import path

from . import micropub, views

app_name = "publishing"

micropub_urls = [
    path("", micropub.micropub, name="micropub"),
    path("media/", micropub.media, name="micropub_media"),
]

urlpatterns = [
    path("applications/creer/", views.app_password_create, name="app_password_create"),
    path("applications/<int:pk>/revoquer/", views.app_password_revoke, name="app_password_revoke"),
]
