"""Uploads through the real nginx of deploy/nginx/: the body limit derives from the image limit,
and a bigger request gets a French page saying why instead of a bare 413."""

import http.client
import re
import shutil

import pytest

from images import conf as images_conf
from tests.core.peers import http_server, respond
from tests.deploy import servers

pytestmark = pytest.mark.slow
NGINX_DIR = servers.ROOT / "deploy" / "nginx"
MIB = 1024 * 1024
CONF = (
    servers.NGINX_HEAD
    + """\
    server {{
        listen 127.0.0.1:{port};
        include {snippet};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
        }}
    }}
}}
"""
)


def body_limit_mib():
    """The client_max_body_size the shipped site configuration ends up with, in MiB."""
    site = (NGINX_DIR / "carnet.conf").read_text()
    if "snippets/carnet-uploads.conf" in site:
        site = servers.UPLOADS_SNIPPET.read_text()
    return int(re.search(r"^\s*client_max_body_size (\d+)m;", site, re.M).group(1))


def test_the_body_limit_is_the_image_limit_plus_one_mebibyte():
    assert body_limit_mib() == images_conf.settings.IMAGES_MAX_UPLOAD_BYTES // MIB + 1


@pytest.fixture
def nginx(tmp_path):
    """nginx with the shipped upload snippet, in front of a stand-in app that answers 200."""
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light): .ci/run installs it.")
    with http_server({"/admin/images/image/add/": respond(200, b"recu")}) as app:
        upstream = app.server_address[1]
        with servers.nginx_running(tmp_path, CONF, upstream=upstream) as port:
            yield port, app


def upload(port, size):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest("POST", "/admin/images/image/add/")
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        try:
            for _ in range(size // MIB):
                connection.send(b"\0" * MIB)
            connection.send(b"\0" * (size % MIB))
        except (BrokenPipeError, ConnectionResetError):
            pass  # nginx answered and stopped reading: the answer is waiting
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read().decode()
    finally:
        connection.close()


def test_the_largest_image_passes_and_a_bigger_body_gets_a_french_page(nginx):
    port, app = nginx
    largest = images_conf.settings.IMAGES_MAX_UPLOAD_BYTES + 200 * 1024  # the image and its form
    assert upload(port, largest)[0] == 200
    assert len(app.requests) == 1
    status, content_type, page = upload(port, largest + MIB)
    assert (status, content_type) == (413, "text/html; charset=utf-8")
    assert "<h1>Fichier trop volumineux</h1>" in page
    assert f"dépasse {images_conf.settings.IMAGES_MAX_UPLOAD_BYTES // MIB} Mo" in page
    assert len(app.requests) == 1
