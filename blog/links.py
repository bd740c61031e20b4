"""The site's public address: `SITE_URL` is its one source, for every absolute link.

Feeds, the sitemap and the admin's "View on site" would otherwise read django.contrib.sites'
record (`example.com` until someone edits it); they call `absolute_url` instead, and the record
is kept in step at every migrate for the libraries that still read it.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """`path` (a URL path such as `/2026/07/21/slug/`) as an absolute URL on this site."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def site_domain():
    """The host (and port) of `SITE_URL`: `blog.example.org` or `127.0.0.1:8123`."""
    return urlsplit(settings.SITE_URL).netloc


def site_scheme():
    return urlsplit(settings.SITE_URL).scheme or "https"


def sync_site_record(**kwargs):
    """Bring the django.contrib.sites record `SITE_ID` in step with `SITE_URL` (post_migrate)."""
    from django.contrib.sites.models import Site

    domain = site_domain()
    site, created = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": domain}
    )
    if not created and site.domain != domain:
        if site.name in ("", site.domain, "example.com"):
            site.name = domain
        site.domain = domain
        site.save(update_fields=["domain", "name"])
