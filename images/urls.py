"""Avatar URLs: stable per person, so browsers and proxies cache them."""

from django.urls import re_path

from . import views

app_name = "images"

urlpatterns = [
    re_path(r"^avatar/(?P<token>[0-9a-f]{40})\.png$", views.avatar, name="avatar"),
]
