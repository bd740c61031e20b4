"""Pages for the page cache's own tests: one with Django's {% csrf_token %}, one with ours."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = "<form method='post'>{% load pagecache_tags %}{TAG}</form>"


def page(tag):
    template = engines["django"].from_string(PAGE.replace("{TAG}", tag))

    def view(request):
        return HttpResponse(template.render({}, request))

    return view


urlpatterns = [
    path("django-token/", page("{% csrf_token %}")),
    path("reader-token/", page("{% reader_csrf_token %}")),
    path("", include("config.urls")),
]
