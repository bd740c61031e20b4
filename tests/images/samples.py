"""Real image files, made with Pillow for the tests: what authors and attackers upload."""

from io import BytesIO

from PIL import ExifTags, Image, ImageCms

RED = (220, 20, 20)
BLUE = (20, 20, 220)
GREEN = (20, 200, 20)


def encode(image, fmt, **params):
    buffer = BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def two_halves(size=(400, 200)):
    """Upright: red on top, blue below, so a turned picture shows at once in its pixels."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0], size[1] // 2))
    return image


def jpeg(size=(1200, 800), colour=RED, **params):
    return encode(Image.new("RGB", size, colour), "JPEG", quality=90, **params)


def png(size=(1200, 800), colour=GREEN):
    return encode(Image.new("RGB", size, colour), "PNG")


def webp(size=(1200, 800), colour=GREEN):
    return encode(Image.new("RGB", size, colour), "WEBP")


def jpeg_with_gps():
    """A phone photo: GPS position, camera make, an XMP packet and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TelephoneSecret"
    exif[ExifTags.Base.Model] = "ModeleSecret"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 7.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">LieuSecret</x:xmpmeta>'
    return encode(
        Image.new("RGB", (1000, 750), RED),
        "JPEG",
        exif=exif,
        xmp=xmp,
        comment=b"CommentaireSecret",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )


def rotated_jpeg():
    """Stored sideways with EXIF orientation 6 (turn 90° clockwise to display), as phones do."""
    stored = two_halves().rotate(90, expand=True)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return encode(stored, "JPEG", quality=95, exif=exif)


def cmyk_jpeg():
    return encode(Image.new("CMYK", (600, 400), (0, 255, 255, 0)), "JPEG", quality=95)


def palette_png_with_transparency():
    """A palette PNG: index 0 transparent (left half), index 1 opaque red (right half)."""
    image = Image.new("P", (300, 200), 0)
    image.putpalette([0, 0, 0, *RED] + [0, 0, 0] * 254)
    image.paste(1, (150, 0, 300, 200))
    return encode(image, "PNG", transparency=0)


def animated_gif():
    frames = [Image.new("RGB", (320, 240), colour) for colour in (RED, GREEN, BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def truncated_jpeg():
    data = encode(two_halves((1600, 1200)).effect_spread(8), "JPEG", quality=95)
    return data[: len(data) // 2]


def png_header_then_html():
    return b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>"


def decompression_bomb():
    """400 megapixels in about 50 kB: far past twice Pillow's limit."""
    return encode(Image.new("1", (20000, 20000)), "PNG")


def warning_zone_png():
    """95 megapixels: over Pillow's MAX_IMAGE_PIXELS, under twice it, so Pillow only warns."""
    return encode(Image.new("1", (10000, 9500)), "PNG")


def tiff():
    return encode(Image.new("RGB", (100, 100), RED), "TIFF")


def eps():
    return encode(Image.new("RGB", (100, 100), RED), "EPS")


def psd():
    """The start of a Photoshop file: its signature and header."""
    return b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03\x00\x00\x00d\x00\x00\x00d\x00\x08\x00\x03"


def svg():
    return b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
