"""Fediverse URLs: the well-known discovery documents at the root, the rest under /fediverse/."""

from django.urls import path

from . import views

app_name = "fediverse"

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/nodeinfo", views.nodeinfo_links, name="nodeinfo_links"),
    path("nodeinfo/2.1", views.nodeinfo, name="nodeinfo"),
    path("fediverse/inbox/", views.inbox, name="inbox"),
    path("fediverse/<str:username>/", views.actor, name="actor"),
    path("fediverse/<str:username>/inbox/", views.inbox, name="actor_inbox"),
    path("fediverse/<str:username>/outbox/", views.outbox, name="outbox"),
    path("fediverse/<str:username>/followers/", views.followers, name="followers"),
]
