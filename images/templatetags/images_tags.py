"""Pictures and avatars in templates: the markup lives in templates/images/, never in Python."""

from django import template
from django.conf import settings

register = template.Library()

# The width an image takes on the page: the main column is 42rem wide from 60rem up.
CONTENT_SIZES = "(min-width: 60rem) 42rem, calc(100vw - 2rem)"


@register.inclusion_tag("images/includes/picture.html")
def picture(image, alt=None, loading="lazy", priority="", sizes=CONTENT_SIZES):
    """A <picture> with WebP and fallback srcsets, width and height against layout shift."""
    return {
        "image": image,
        "alt": image.alt_text if alt is None else alt,
        "loading": loading,
        "priority": priority,
        "sizes": sizes,
    }


@register.filter
def absolute(url):
    """`url` with the site's address in front, unless the storage gave a full URL already."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + url
