"""Real peers on loopback for the ping tests: HTTP servers in threads on ephemeral ports, and a
bare listening socket that only records whether anything connected."""

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Peers listen on ephemeral ports: tests that reach them open the unprivileged ports
# (settings.OUTBOUND_ALLOWED_PORTS) beside lifting the address rule; 22, 25... stay closed.
PEER_PORTS = range(1024, 65536)


class Handler(BaseHTTPRequestHandler):
    """Answers from the server's `routes`: path -> function(handler) writing the answer."""

    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def _route(self):
        body = b""
        if "Content-Length" in self.headers:
            body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        route = self.server.routes.get(self.path.split("?")[0])
        try:
            if route is None:
                self.answer(404, b"not here")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up on purpose: the deadline or the cap did its job

    do_GET = do_HEAD = do_POST = _route  # noqa: N815 (names http.server looks up)

    def answer(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def http_server(routes=None, host="127.0.0.1", tls=None):
    """A real HTTP server; `server.url(path)`, `server.requests` [(method, path, headers, body)].

    `tls`: an ssl server context, to serve https instead.
    """
    server = ThreadingHTTPServer((host, 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    server.routes = dict(routes or {})
    server.requests = []
    scheme = "https" if tls is not None else "http"
    server.url = lambda path="/": f"{scheme}://{host}:{server.server_address[1]}{path}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class Listener:
    """A socket that listens and never answers; `connected()` tells if anyone knocked."""

    def __init__(self, host, backlog=8):
        self.host = host
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((host, 0))
        self.socket.listen(backlog)
        self.socket.setblocking(False)
        self.port = self.socket.getsockname()[1]

    def url(self, path="/"):
        return f"http://{self.host}:{self.port}{path}"

    def connected(self):
        try:
            peer, _address = self.socket.accept()
        except BlockingIOError:
            return False
        peer.close()
        return True


@contextmanager
def silent_listener(host="127.0.0.1"):
    listener = Listener(host)
    try:
        yield listener
    finally:
        listener.socket.close()


@contextmanager
def full_listener(host="127.0.0.1"):
    """A listener whose queue is full: the handshake of a new connection is never answered (as
    behind a firewall that drops it), so `connect()` itself waits."""
    listener = Listener(host, backlog=0)
    queued = socket.create_connection((host, listener.port), timeout=1)
    try:
        yield listener
    finally:
        queued.close()
        listener.socket.close()


def page(title, body_html):
    """A minimal HTML page, as bytes."""
    head = f"<title>{title}</title>" if title is not None else ""
    return f"<!doctype html><html><head>{head}</head><body>{body_html}</body></html>".encode()


def drip(handler, seconds=1.0, total=100):
    """Answer 200 with a Content-Length, then one byte of body per `seconds`."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(total))
    handler.end_headers()
    for _ in range(total):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(seconds)


def drip_headers(handler, seconds=0.2, total=200):
    """Send the status line, then the headers one byte at a time, forever slow."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for _ in range(total):
        handler.wfile.write(b"X")
        handler.wfile.flush()
        time.sleep(seconds)


def huge(handler, size=50_000_000, announce=False):
    """50 MB of HTML, with or without a Content-Length saying so."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    if announce:
        handler.send_header("Content-Length", str(size))
    handler.end_headers()
    if handler.command == "HEAD":
        return
    chunk = b"<p>" + b"a" * 65533
    for _ in range(size // len(chunk)):
        handler.wfile.write(chunk)


def redirect(location, status=302):
    return lambda handler: handler.answer(status, b"", headers=[("Location", location)])


def respond(status=200, body=b"", content_type="text/html; charset=utf-8", headers=()):
    return lambda handler: handler.answer(status, body, content_type, headers)
