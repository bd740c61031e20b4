"""`import_wordpress --fetch-media`: attachments downloaded and processed like uploads.

Runs after the import's transaction has committed (a slow download must not hold the database):
each file is fetched through `core.outbound` (public addresses only, a total deadline, a size
cap) and handed to `images.services`, which validates, re-encodes and stores it. Files that are
not images are left on WordPress and listed.
"""

from http import HTTPStatus
from io import BytesIO

from django.utils.translation import gettext as _

from .models import Attachment


def fetch_all(*, on_file=None):
    """Fetch every attachment not downloaded yet; yield one line per file left out, then a total.

    `on_file(done, total)` is called after each file tried (for a progress bar).
    """
    try:
        from core import outbound
        from images import services as images
        from images.processing import ImageRefusedError
    except ImportError:
        yield _(
            "Media not downloaded: this Carnet has no image processing (images app) or no safe "
            "fetcher (core.outbound). The attachments still point to WordPress."
        )
        return
    done, tried = 0, 0
    waiting = Attachment.objects.filter(local_url="")
    total = waiting.count() if on_file else 0
    for attachment in waiting.order_by("wp_id").iterator():
        if on_file:
            on_file(tried, total)
        tried += 1
        try:
            attachment_fetch(attachment=attachment, outbound=outbound, images=images)
            done += 1
        except outbound.FetchFailed as error:
            yield _("Not downloaded: %(url)s (%(reason)s)") % {
                "url": attachment.url,
                "reason": error,
            }
        except ImageRefusedError as error:
            yield _("Left on WordPress: %(url)s (%(reason)s)") % {
                "url": attachment.url,
                "reason": error.args[0],
            }
    if on_file:
        on_file(tried, total)
    yield _("Media downloaded: %(count)s.") % {"count": done}


def attachment_fetch(*, attachment, outbound, images):
    """Download one attachment, store it as an image, and remember its new address."""
    limit = images.upload_limits().max_bytes
    response = outbound.fetch(attachment.url, max_bytes=limit)
    if response.status != HTTPStatus.OK:
        raise outbound.FetchFailed(_("answer %(status)s") % {"status": response.status})
    prepared = images.image_prepare(fileobj=BytesIO(response.body))
    image = images.image_create(
        title=attachment.title[:200], alt_text=attachment.title[:300], prepared=prepared
    )
    attachment.local_url = image.file.url
    attachment.save(update_fields=["local_url"])
    return image
