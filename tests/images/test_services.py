"""Storing images and avatars: generated names, renditions once, nothing leaked, nothing left."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from images import avatars, services
from images.models import Image as LibraryImage
from images.processing import ImageRefusedError
from tests.core.peers import PEER_PORTS
from tests.factories import UserFactory
from tests.images import samples
from tests.images.conftest import stored_files

pytestmark = pytest.mark.django_db


def opened(name):
    with default_storage.open(name, "rb") as stored:
        return Image.open(BytesIO(stored.read()))


def test_image_and_renditions_are_stored_under_generated_names(make_image, media):
    image = make_image(samples.jpeg((2000, 1000)))
    files = stored_files(media)
    assert len(files) == 7
    assert all(
        f.startswith("images/") and f.split("/")[-2] == image.file.name.split("/")[-2]
        for f in files
    )
    summary = [(r["format"], r["width"], r["height"]) for r in image.renditions]
    assert summary == [
        ("JPEG", 480, 240),
        ("JPEG", 960, 480),
        ("JPEG", 1600, 800),
        ("WEBP", 480, 240),
        ("WEBP", 960, 480),
        ("WEBP", 1600, 800),
    ]
    assert (image.width, image.height, image.format) == (2000, 1000, "JPEG")
    assert opened(image.renditions[-1]["name"]).format == "WEBP"


def test_nothing_served_carries_gps_or_exif(make_image, media):
    make_image(samples.jpeg_with_gps())
    for name in stored_files(media):
        data = (media / name).read_bytes()
        for secret in (b"GPS", b"Exif", b"TelephoneSecret", b"LieuSecret", b"CommentaireSecret"):
            assert secret not in data, (name, secret)
        assert dict(Image.open(media / name).getexif()) == {}


def test_renditions_of_a_rotated_photo_are_upright(make_image):
    image = make_image(samples.rotated_jpeg())
    assert (image.width, image.height) == (400, 200)
    for rendition in image.renditions:
        picture = opened(rendition["name"]).convert("RGB")
        assert picture.width > picture.height
        top = picture.getpixel((picture.width // 2, picture.height // 5))
        bottom = picture.getpixel((picture.width // 2, picture.height * 4 // 5))
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


def test_small_image_is_never_upscaled(make_image):
    image = make_image(samples.png((300, 200)))
    assert sorted({r["width"] for r in image.renditions}) == [300]
    assert {r["format"] for r in image.renditions} == {"PNG", "WEBP"}


def test_webp_upload_has_webp_renditions_only(make_image):
    image = make_image(samples.webp((1000, 500)))
    assert {r["format"] for r in image.renditions} == {"WEBP"}
    assert image.fallback["width"] == 1000


def test_animated_gif_is_kept_as_a_still(make_image):
    image = make_image(samples.animated_gif())
    assert image.was_animated
    assert image.format == "PNG"
    assert getattr(opened(image.file.name), "is_animated", False) is False


def test_replacing_the_file_deletes_the_old_files_after_commit(
    make_image, media, django_capture_on_commit_callbacks
):
    image = make_image(samples.jpeg())
    old = stored_files(media)
    prepared = services.image_prepare(fileobj=BytesIO(samples.png()))
    with django_capture_on_commit_callbacks(execute=True):
        services.image_store(image=image, prepared=prepared)
    assert not set(old) & set(stored_files(media))
    assert image.format == "PNG"


def test_deleting_an_image_deletes_its_files(make_image, media, django_capture_on_commit_callbacks):
    image = make_image(samples.jpeg())
    with django_capture_on_commit_callbacks(execute=True):
        services.image_delete(image=image)
    assert stored_files(media) == []
    assert not LibraryImage.objects.exists()


def test_identicon_is_drawn_once_and_then_reused(media):
    token = avatars.avatar_token("Lecteur@Example.org ")
    assert token == avatars.avatar_token("lecteur@example.org")
    name = services.avatar_get_or_create(token=token)
    first = (media / name).stat().st_mtime_ns
    assert services.avatar_get_or_create(token=token) == name
    assert (media / name).stat().st_mtime_ns == first
    assert stored_files(media) == [name]
    assert opened(name).size == (160, 160)


def test_provider_picture_replaces_the_identicon(media):
    user = UserFactory(email="membre@example.org")
    token = avatars.avatar_token(user.email)
    services.avatar_get_or_create(token=token)
    name = services.avatar_store_from_bytes(user=user, data=samples.jpeg((400, 300), samples.BLUE))
    assert name == avatars.storage_name(token)
    assert stored_files(media) == [name]
    picture = opened(name).convert("RGB")
    assert picture.size == (160, 160)
    assert picture.getpixel((80, 80))[2] > 150


def test_provider_picture_is_checked_like_an_upload(media):
    user = UserFactory(email="membre@example.org")
    with pytest.raises(ImageRefusedError):
        services.avatar_store_from_bytes(user=user, data=samples.png_header_then_html())
    assert stored_files(media) == []


@pytest.fixture
def picture_server():
    """A real HTTP server on loopback that serves a provider's picture, and something too big."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    photo = samples.jpeg((300, 300), samples.GREEN)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's API)
            body = photo if self.path == "/photo.jpg" else b"x" * (3 * 1024 * 1024)
            self.send_response(200 if self.path != "/missing" else 404)
            self.send_header("Content-Type", "image/jpeg")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_provider_picture_is_fetched_through_the_safe_fetcher(media, settings, picture_server):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    user = UserFactory(email="membre@example.org")
    name = services.avatar_store_from_url(user=user, url=f"{picture_server}/photo.jpg")
    assert stored_files(media) == [name]
    assert opened(name).convert("RGB").getpixel((80, 80))[1] > 150


def test_provider_picture_obeys_the_outbound_rules(media, settings, picture_server):
    from core import outbound

    user = UserFactory(email="membre@example.org")
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = False
    with pytest.raises(outbound.Refused):
        services.avatar_store_from_url(user=user, url=f"{picture_server}/photo.jpg")
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    with pytest.raises(outbound.TooLarge):
        services.avatar_store_from_url(user=user, url=f"{picture_server}/huge.jpg")
    with pytest.raises(outbound.FetchFailed):
        services.avatar_store_from_url(user=user, url=f"{picture_server}/missing")
    assert stored_files(media) == []
