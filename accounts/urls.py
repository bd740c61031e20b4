"""The member's pages, under /compte/ beside allauth's (login, logout, providers)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("supprimer/", views.delete, name="delete"),
]
