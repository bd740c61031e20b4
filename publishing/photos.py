"""Micropub's photos: sent as a file with the entry, named by their address in the library, or
fetched from another site through the one safe outbound fetcher, always into the image pipeline.
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from core import outbound
from core.xmlrpc import XmlRpcFault
from images import conf as images_conf
from images.models import Image

from . import wp_api
from .faults import Code


class Bits:
    """What `wp_api.media_upload` reads: the file's bytes as `.data` (as xmlrpc.client.Binary)."""

    def __init__(self, data):
        self.data = data


def photo_to_library(request, user, properties):
    """Make `properties["photo"]` the address of a library image: an uploaded file is stored, an
    address on another site fetched and stored; one of the library's own is kept as it is."""
    upload = request.FILES.get("photo") or request.FILES.get("photo[]")
    if upload is not None:
        stored = wp_api.media_upload(
            request, user, {"name": upload.name, "bits": Bits(upload.read())}
        )
        properties["photo"] = [stored["url"]]
        return
    url = first_url(properties.get("photo"))
    if url and _library_name(url) is None:
        properties["photo"] = [_fetch(request, user, url)]


def first_url(values):
    value = values[0] if isinstance(values, list) and values else values
    if isinstance(value, dict):  # {"value": URL, "alt": text}
        value = value.get("value")
    return value if isinstance(value, str) else ""


def library_image(url):
    """The library image at `url`, or a fault."""
    name = _library_name(url)
    image = Image.objects.filter(file=name).first() if name else None
    if image is None:
        raise XmlRpcFault(Code.INVALID, _("No image of the media library at this address."))
    return image


def _library_name(url):
    path = unquote(urlsplit(url).path)
    return path.removeprefix(settings.MEDIA_URL) if path.startswith(settings.MEDIA_URL) else None


def _fetch(request, user, url):
    try:
        fetched = outbound.fetch(url, max_bytes=images_conf.settings.IMAGES_MAX_UPLOAD_BYTES)
    except outbound.FetchFailed:
        fetched = None
    if fetched is None or fetched.status != 200:
        raise XmlRpcFault(
            Code.INVALID,
            _(
                "The photo could not be fetched from its address. Send it to the media "
                "endpoint, then give the address it answers."
            ),
        )
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "photo"
    return wp_api.media_upload(request, user, {"name": name, "bits": Bits(fetched.body)})["url"]
