"""What every page's frame needs: the blog's name, tagline and public address."""

from django.conf import settings

from . import conf


def site(request):
    return {
        "blog_title": conf.get("BLOG_TITLE"),
        "blog_tagline": conf.get("BLOG_TAGLINE"),
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
    }
