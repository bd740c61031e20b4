"""The account page's application passwords, under /compte/applications/."""

from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("applications/creer/", views.app_password_create, name="app_password_create"),
    path("applications/<int:pk>/revoquer/", views.app_password_revoke, name="app_password_revoke"),
]
