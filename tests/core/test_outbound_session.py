"""Login providers are called through the one safe fetcher (core/outbound_session.py)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from core.outbound import user_agent
from core.outbound_session import OutboundSession


class _Provider(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f'{{"agent": "{self.headers["User-Agent"]}"}}'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Set-Cookie", "a=1")
        self.send_header("Set-Cookie", "b=2")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def provider():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Provider)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, path="/me"):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_a_provider_on_a_private_address_is_refused(provider, settings):
    settings.OUTBOUND_ALLOWED_PORTS = [provider.server_address[1]]
    with OutboundSession(deadline=2, max_bytes=10_000) as session:
        with pytest.raises(requests.ConnectionError, match="non-public address"):
            session.get(url(provider))


def test_an_allowed_provider_answers_as_requests_would(provider, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = [provider.server_address[1]]
    with OutboundSession(deadline=2, max_bytes=10_000) as session:
        response = session.get(url(provider))
    assert response.status_code == 200
    assert response.json() == {"agent": user_agent()}
    assert response.headers["Set-Cookie"] == "a=1, b=2"


def test_redirects_stop_at_the_outbound_limit(provider, settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = [provider.server_address[1]]
    settings.OUTBOUND_MAX_REDIRECTS = 2
    with OutboundSession(deadline=2, max_bytes=10_000) as session:
        with pytest.raises(requests.TooManyRedirects):
            session.get(url(provider, "/loop"))
