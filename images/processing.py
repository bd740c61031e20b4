"""Turning an uploaded file into pictures that are safe to serve: pure Pillow, no models, no storage.

The pipeline, in order (`prepare`, then `renditions`):

1. Judge by content: the first bytes must be those of JPEG, PNG, GIF or WebP, and Pillow, allowed
   only those four decoders, must agree. The file's name is never looked at.
2. Refuse bombs before decoding: the declared width, height and pixel count are checked right after
   `Image.open` (which reads the header only), and Pillow's `DecompressionBombWarning` is an error.
3. Decode (a JPEG at a reduced scale when it is far larger than what is kept), apply the EXIF
   orientation, convert ICC profiles to sRGB and CMYK to RGB, then drop every piece of metadata
   (EXIF, GPS, XMP, comments, ICC): what is served is re-encoded from pixels alone.

Animated GIF, PNG and WebP files become a still of their first frame. Animations cost memory and time
in proportion to their frame count (a small file can hold thousands of frames), their renditions
would have to be re-quantised frame by frame, and a moving picture in a post is better as a video.
The still of a GIF is kept as PNG: a resized GIF would have to be squeezed back into 256 colours.
"""

import math
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
# The format an image is served in, by the format it came in (see the module docstring for GIF).
SERVED_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAGIC_NUMBERS = [
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
]
# What Pillow raises on a file it cannot parse or decode; anything else is a bug and must surface.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageRefusedError(Exception):
    """The file is not one we accept; `message` tells its author why and what to do."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_width: int
    max_height: int
    max_pixels: int


@dataclass
class Prepared:
    """A decoded, upright, sRGB image without metadata, and the format it is served in."""

    image: Image.Image
    format: str
    animated: bool = False


def sniff(head):
    """The format the first bytes announce (JPEG, PNG, GIF or WEBP), or None."""
    for magic, name in MAGIC_NUMBERS:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def prepare(fileobj, *, limits, keep_max_edge):
    """Validate `fileobj` and return it `Prepared` for storing, or raise `ImageRefusedError`.

    Nothing is decoded before the declared dimensions have passed `limits`.
    """
    # The warnings filter is process-wide, so a thread could in theory reset it meanwhile; the
    # caps in `limits` (below Pillow's own limit by default) still refuse such images then.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = open_checked(fileobj, limits=limits)
        animated = bool(getattr(image, "is_animated", False))
        served = SERVED_FORMAT[image.format]
        image = decode(image, keep_max_edge=keep_max_edge)
    image = normalize(image)
    image = fit(image, keep_max_edge)
    return Prepared(image=image, format=served, animated=animated)


def too_large_message(max_bytes):
    """What a reader is told of a file above `max_bytes` (by the server, or before sending it)."""
    return _("The file is too large (%(size)s MB at most). Reduce the image and try again.") % {
        "size": max_bytes // (1024 * 1024)
    }


def open_checked(fileobj, *, limits):
    """Open (header only) an accepted image whose declared size is within `limits`."""
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    if size == 0:
        raise ImageRefusedError(_("The file is empty. Choose the image again."), "empty")
    if size > limits.max_bytes:
        raise ImageRefusedError(too_large_message(limits.max_bytes), "too_large")
    expected = sniff(fileobj.read(16))
    fileobj.seek(0)
    if expected is None:
        raise _unsupported()
    try:
        image = Image.open(fileobj, formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits, code="bomb") from None
    except DECODE_ERRORS:
        raise _unreadable() from None
    if image.format != expected:
        raise _unsupported()
    check_dimensions(image.size, limits)
    return image


def check_dimensions(size, limits):
    width, height = size
    if width < 1 or height < 1:
        raise _unreadable()
    if width > limits.max_width or height > limits.max_height:
        raise ImageRefusedError(
            _(
                "The image is %(width)s × %(height)s pixels; at most %(max_width)s × "
                "%(max_height)s are accepted. Reduce it and try again."
            )
            % {
                "width": width,
                "height": height,
                "max_width": limits.max_width,
                "max_height": limits.max_height,
            },
            "too_wide",
        )
    if width * height > limits.max_pixels:
        raise _too_many_pixels(limits)


def decode(image, *, keep_max_edge):
    """Decode the first frame, a JPEG at the smallest scale still larger than what is kept."""
    if image.format == "JPEG":
        image.draft(image.mode, _draft_size(image.size, keep_max_edge))
    try:
        image.seek(0)
        image.load()
    except DECODE_ERRORS:
        raise _unreadable() from None
    return image


def _draft_size(size, max_edge):
    scale = min(1.0, max_edge / max(size))
    return (math.ceil(size[0] * scale), math.ceil(size[1] * scale))


def normalize(image):
    """The image upright, in sRGB, as RGB or RGBA, with no metadata left at all."""
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):
        # 16-bit greyscale: scaled to 8 bits, where a plain conversion would clip it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    icc = image.info.get("icc_profile")
    alpha = _alpha(image)
    if alpha is not None:
        image = image.convert("RGBA").convert("RGB")
    elif image.mode not in ("RGB", "CMYK", "L"):
        image = image.convert("RGB")
    if icc:
        image = _to_srgb(image, icc)
    if image.mode != "RGB":
        image = image.convert("RGB")
    if alpha is not None:
        image.putalpha(alpha)
    image.info = {}
    return image


def _alpha(image):
    """The alpha channel, or None when the image is opaque (an all-opaque channel counts as none)."""
    has_transparency = "transparency" in image.info or image.mode in ("RGBA", "LA", "PA", "La")
    if not has_transparency:
        return None
    alpha = image.convert("RGBA").getchannel("A")
    return None if alpha.getextrema() == (255, 255) else alpha


def _to_srgb(image, icc):
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        return ImageCms.profileToProfile(
            image, source, SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken or mismatched profile: the pixels are still better shown than refused.
        return image.convert("RGB")


def fit(image, max_edge):
    """The image shrunk so that its longest edge is at most `max_edge`; never enlarged."""
    if max(image.size) <= max_edge:
        return image
    scale = max_edge / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return _resized(image, size)


def _resized(image, size):
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def rendition_widths(width, widths):
    """The widths to make for an image `width` px wide: those below it, and itself if it is narrow."""
    chosen = {w for w in widths if w < width}
    if width <= max(widths):
        chosen.add(width)
    return sorted(chosen)


def renditions(image, *, widths, formats, **options):
    """Yield (width, height, format, encoded bytes) for each width and format, largest first.

    Each width is resized from the next larger one, so a 24 MP photo is shrunk once, not thrice.
    """
    current = image
    for width in sorted(rendition_widths(image.width, widths), reverse=True):
        height = max(1, round(image.height * width / image.width))
        if current.size != (width, height):
            current = _resized(current, (width, height))
        for fmt in formats:
            yield width, height, fmt, encode(current, fmt, **options)


def encode(image, fmt, *, jpeg_quality=82, webp_quality=80):
    """The image encoded as `fmt`, with no metadata: only the options written here are written."""
    buffer = BytesIO()
    if fmt == "JPEG":
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        rgb.save(buffer, "JPEG", quality=jpeg_quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(buffer, "WEBP", quality=webp_quality, method=4)
    elif fmt == "PNG":
        image.save(buffer, "PNG", optimize=False, compress_level=6)
    else:
        raise ValueError(f"No encoder for {fmt!r}: add it to SERVED_FORMAT and here.")
    return buffer.getvalue()


def square(image, size):
    """The image cropped to its centre square and resized to `size` × `size` (for avatars)."""
    return ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)


def _unsupported():
    return ImageRefusedError(
        _(
            "This file is not an image Carnet accepts. Send a JPEG, PNG, GIF or WebP image "
            "(EPS, PSD, TIFF and SVG files are refused)."
        ),
        "unsupported",
    )


def _unreadable():
    return ImageRefusedError(
        _("The image is damaged or incomplete and cannot be read. Export it again and retry."),
        "unreadable",
    )


def _too_many_pixels(limits, code="too_many_pixels"):
    return ImageRefusedError(
        _(
            "The image has too many pixels (%(megapixels)s megapixels at most). "
            "Reduce it and try again."
        )
        % {"megapixels": limits.max_pixels // 1_000_000},
        code,
    )
