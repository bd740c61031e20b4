"""What every page's frame needs: the blog's identity and public address."""

from django.conf import settings

from .identity import current_identity


def site(request):
    identity = current_identity()
    return {
        "identity": identity,
        "blog_title": identity.title,
        "blog_tagline": identity.tagline,
        "site_url": settings.SITE_URL,
        "canonical_url": settings.SITE_URL + request.path,
    }
