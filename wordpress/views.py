"""WordPress addresses that are paths, not query strings: feeds, AMP pages, attachment pages."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from .legacy import attachment_target
from .models import Attachment


def feed(request):
    """`/feed/rss2/` and its siblings: the blog's feed."""
    return HttpResponsePermanentRedirect(reverse("blog:feed"))


def amp(request, year, month, day, slug):
    """A post's AMP page: the post itself (Carnet's pages are light already)."""
    kwargs = {"year": year, "month": month, "day": day, "slug": slug}
    return HttpResponsePermanentRedirect(reverse("blog:post", kwargs=kwargs))


def attachment_page(request, year, month, day, slug, attachment):
    """`/YYYY/MM/DD/post/attachment/`: the post it was attached to, else the file."""
    found = (
        Attachment.objects.select_related("post").filter(slug=attachment, post__slug=slug).first()
    )
    if found is None:
        raise Http404
    return HttpResponsePermanentRedirect(attachment_target(found))
