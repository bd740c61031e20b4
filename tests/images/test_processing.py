"""The upload pipeline on real files: judged by content, bombs refused before decoding, cleaned."""

from io import BytesIO

import pytest
from PIL import Image

from images import processing
from images.processing import ImageRefusedError, Limits
from tests.images import samples

LIMITS = Limits(
    max_bytes=25 * 1024 * 1024, max_width=12000, max_height=12000, max_pixels=50_000_000
)


def prepare(data, limits=LIMITS, keep_max_edge=2560):
    return processing.prepare(BytesIO(data), limits=limits, keep_max_edge=keep_max_edge)


def refusal(data, limits=LIMITS):
    with pytest.raises(ImageRefusedError) as caught:
        prepare(data, limits)
    return caught.value


def reopened(image, fmt):
    return Image.open(BytesIO(processing.encode(image, fmt)))


@pytest.mark.parametrize(
    ("make", "fmt"),
    [(samples.jpeg, "JPEG"), (samples.png, "PNG"), (samples.webp, "WEBP")],
)
def test_accepts_jpeg_png_and_webp_in_their_own_format(make, fmt):
    prepared = prepare(make())
    assert prepared.format == fmt
    assert prepared.image.size == (1200, 800)
    assert prepared.image.mode == "RGB"


@pytest.mark.parametrize(
    "make",
    [samples.tiff, samples.eps, samples.psd, samples.svg, samples.png_header_then_html],
)
def test_refuses_what_is_not_jpeg_png_gif_or_webp(make):
    refused = refusal(make())
    assert refused.code in ("unsupported", "unreadable")
    assert "JPEG, PNG, GIF ou WebP" in str(refused.message) or "abîmée" in str(refused.message)


def test_png_header_followed_by_html_is_unreadable():
    assert refusal(samples.png_header_then_html()).code == "unreadable"


def test_magic_bytes_and_decoder_must_agree():
    """A GIF signature in front of a JPEG body is neither."""
    assert refusal(b"GIF89a" + samples.jpeg()[6:]).code in ("unreadable", "unsupported")


def test_zero_byte_file_is_refused():
    assert refusal(b"").code == "empty"


def test_truncated_jpeg_is_refused():
    assert refusal(samples.truncated_jpeg()).code == "unreadable"


def test_file_over_the_byte_limit_is_refused_before_reading():
    small = Limits(max_bytes=1024, max_width=12000, max_height=12000, max_pixels=50_000_000)
    assert refusal(samples.jpeg(), small).code == "too_large"


def test_decompression_bomb_is_refused_from_its_header():
    refused = refusal(samples.decompression_bomb())
    assert refused.code in ("bomb", "too_wide", "too_many_pixels")


def test_bomb_is_refused_by_pillow_even_with_our_caps_lifted():
    lifted = Limits(max_bytes=10**9, max_width=10**6, max_height=10**6, max_pixels=10**12)
    assert refusal(samples.decompression_bomb(), lifted).code == "bomb"


def test_image_that_only_makes_pillow_warn_is_refused_too():
    """Between Pillow's limit and twice it, Pillow only warns: the warning is an error here."""
    lifted = Limits(max_bytes=10**9, max_width=10**6, max_height=10**6, max_pixels=10**12)
    assert Image.MAX_IMAGE_PIXELS < 10000 * 9500 < 2 * Image.MAX_IMAGE_PIXELS
    assert refusal(samples.warning_zone_png(), lifted).code == "bomb"


def test_our_pixel_cap_refuses_before_decoding():
    assert refusal(samples.warning_zone_png()).code in ("bomb", "too_many_pixels")
    capped = Limits(max_bytes=10**9, max_width=12000, max_height=12000, max_pixels=500_000)
    refused = refusal(samples.jpeg(), capped)
    assert refused.code == "too_many_pixels"


def test_width_and_height_are_capped():
    capped = Limits(max_bytes=10**9, max_width=1000, max_height=12000, max_pixels=50_000_000)
    refused = refusal(samples.jpeg(), capped)
    assert refused.code == "too_wide"
    assert "1200 × 800" in str(refused.message)


def test_exif_orientation_is_applied_then_dropped():
    prepared = prepare(samples.rotated_jpeg())
    image = prepared.image
    assert image.size == (400, 200)
    top, bottom = image.getpixel((200, 40)), image.getpixel((200, 160))
    assert top[0] > 150 > top[2]
    assert bottom[2] > 150 > bottom[0]


def test_gps_exif_xmp_comment_and_icc_are_all_dropped():
    data = samples.jpeg_with_gps()
    assert b"TelephoneSecret" in data and b"LieuSecret" in data
    prepared = prepare(data)
    served = processing.encode(prepared.image, prepared.format)
    for secret in (b"TelephoneSecret", b"ModeleSecret", b"LieuSecret", b"CommentaireSecret"):
        assert secret not in served
    for marker in (b"Exif", b"GPS", b"ICC_PROFILE", b"http://ns.adobe.com/xap"):
        assert marker not in served
    again = Image.open(BytesIO(served))
    assert dict(again.getexif()) == {}
    assert not set(again.info) & {"exif", "icc_profile", "xmp", "comment"}


def test_cmyk_jpeg_becomes_rgb():
    prepared = prepare(samples.cmyk_jpeg())
    assert prepared.image.mode == "RGB"
    red, green, blue = prepared.image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_palette_png_keeps_its_transparency():
    prepared = prepare(samples.palette_png_with_transparency())
    assert prepared.format == "PNG"
    assert prepared.image.mode == "RGBA"
    assert prepared.image.getpixel((10, 10))[3] == 0
    assert prepared.image.getpixel((290, 10)) == (*samples.RED, 255)
    assert reopened(prepared.image, "WEBP").convert("RGBA").getpixel((10, 10))[3] == 0


def test_opaque_image_loses_its_useless_alpha_channel():
    data = samples.encode(Image.new("RGBA", (50, 50), (*samples.RED, 255)), "PNG")
    assert prepare(data).image.mode == "RGB"


def test_animated_gif_becomes_a_png_still_of_its_first_frame():
    prepared = prepare(samples.animated_gif())
    assert prepared.animated
    assert prepared.format == "PNG"
    assert prepared.image.getpixel((5, 5))[:3] == samples.RED


def test_large_photo_is_kept_at_most_at_the_longest_edge():
    prepared = prepare(samples.jpeg((6000, 4000)), keep_max_edge=2560)
    assert prepared.image.size == (2560, 1707)


@pytest.mark.parametrize(
    ("width", "expected"),
    [(3000, [480, 960, 1600]), (1600, [480, 960, 1600]), (1200, [480, 960, 1200]), (300, [300])],
)
def test_rendition_widths_never_upscale(width, expected):
    assert processing.rendition_widths(width, (480, 960, 1600)) == expected


def test_renditions_in_each_format_at_each_width():
    image = prepare(samples.jpeg((2000, 1000))).image
    made = list(processing.renditions(image, widths=(480, 960, 1600), formats=("WEBP", "JPEG")))
    summary = [(w, h, fmt, Image.open(BytesIO(data)).format) for w, h, fmt, data in made]
    assert summary == [
        (1600, 800, "WEBP", "WEBP"),
        (1600, 800, "JPEG", "JPEG"),
        (960, 480, "WEBP", "WEBP"),
        (960, 480, "JPEG", "JPEG"),
        (480, 240, "WEBP", "WEBP"),
        (480, 240, "JPEG", "JPEG"),
    ]
    assert all(Image.open(BytesIO(d)).size == (w, h) for w, h, _f, d in made)
