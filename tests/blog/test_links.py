"""SITE_URL is the site's one address: the django.contrib.sites record follows it at migrate."""

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command

from blog.links import absolute_url

pytestmark = pytest.mark.django_db


def test_absolute_url_uses_site_url(settings):
    settings.SITE_URL = "https://carnet.example.org"
    assert absolute_url("/a-propos/") == "https://carnet.example.org/a-propos/"
    assert absolute_url("https://ailleurs.example/") == "https://ailleurs.example/"


def test_migrate_keeps_the_site_record_in_step(settings):
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    settings.SITE_URL = "http://127.0.0.1:8123"
    call_command("migrate", verbosity=0)
    Site.objects.clear_cache()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("127.0.0.1:8123", "127.0.0.1:8123")
