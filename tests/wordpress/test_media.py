"""`import_wordpress --fetch-media`: files fetched from a real HTTP server on loopback."""

import io
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage

from images.models import Image
from tests.core.peers import PEER_PORTS
from wordpress.models import Attachment

pytestmark = pytest.mark.django_db


@pytest.fixture
def wordpress_uploads(tmp_path):
    """A loopback server playing wp-content/uploads: one PNG, one PDF."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    PillowImage.new("RGB", (40, 30), "teal").save(folder / "photo.png")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an image")
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def export_with_attachments(base):
    items = "".join(
        f"<item><title>{name}</title><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_name>{name}</wp:post_name><wp:status>inherit</wp:status>"
        f"<wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>{base}/{name}</wp:attachment_url></item>"
        for wp_id, name in [(1, "photo.png"), (2, "notes.pdf"), (3, "missing.png")]
    )
    return (
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
    )


def test_fetch_media_stores_images_and_lists_the_rest(tmp_path, settings, wordpress_uploads):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "export.xml"
    path.write_text(export_with_attachments(wordpress_uploads))
    out = io.StringIO()
    call_command("import_wordpress", str(path), "--fetch-media", stdout=out, stderr=io.StringIO())
    photo = Attachment.objects.get(wp_id=1)
    assert photo.local_url.startswith(settings.MEDIA_URL)
    assert Image.objects.get().width == 40
    assert Attachment.objects.get(wp_id=2).local_url == ""
    text = out.getvalue()
    assert f"Laissé sur WordPress : {wordpress_uploads}/notes.pdf" in text
    assert f"Non téléchargé : {wordpress_uploads}/missing.png (réponse 404)" in text
    assert "Médias téléchargés : 1." in text


def test_without_the_flag_nothing_is_fetched(tmp_path, wordpress_uploads):
    path = tmp_path / "export.xml"
    path.write_text(export_with_attachments(wordpress_uploads))
    call_command("import_wordpress", str(path), stdout=io.StringIO())
    assert Attachment.objects.filter(local_url="").count() == 3
    assert not Image.objects.exists()
