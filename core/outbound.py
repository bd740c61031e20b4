"""The one safe fetcher: every request Carnet sends to another site goes through `fetch()`.

What it promises, whoever asks (pingback and webmention checks, endpoint discovery, sending,
images, the WordPress media import, login providers through `ProviderSession`):
- http and https only, and only to public addresses: every address the host resolves to is
  checked, and the connection goes to the checked address itself (the Host header and TLS
  name stay the host's), so a second DNS answer cannot point it elsewhere (DNS rebinding).
  `OUTBOUND_ALLOW_PRIVATE_URLS` lifts the address rule (tests, intranets); nothing else does.
- Ports 80 and 443 only, plus those of `OUTBOUND_ALLOWED_PORTS` (intranets, tests),
  checked at every hop: no ping reaches another host's SSH, SMTP or Redis.
- Redirects are followed by hand, at most `OUTBOUND_MAX_REDIRECTS`, each one checked again.
- One total deadline for the whole exchange (resolving, connecting, every read, every redirect),
  and a cap on the body's size; the body is never decompressed.
Every refusal or failure raises a `FetchFailed`, so callers catch one family.
"""

import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from http.client import HTTPConnection, HTTPException, HTTPMessage
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from . import conf

REDIRECTS = {
    HTTPStatus.MOVED_PERMANENTLY,
    HTTPStatus.FOUND,
    HTTPStatus.SEE_OTHER,
    HTTPStatus.TEMPORARY_REDIRECT,
    HTTPStatus.PERMANENT_REDIRECT,
}
CHUNK = 64 * 1024
WEB_PORTS = {80, 443}
# IPv6 ranges that carry an IPv4 address inside: the IPv4 one must be public too.
NAT64 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")

# getaddrinfo() has no timeout of its own: it runs here so the deadline can abandon it.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="carnet-resolve")


class FetchFailed(Exception):  # noqa: N818 (the family's name; each subclass says why)
    """The URL could not be fetched safely; the message says why (for logs, not for peers)."""


class Refused(FetchFailed):
    """The URL is not one Carnet may reach: scheme, address, port or too many redirects."""


class FetchTimeout(FetchFailed):
    """The total deadline passed before the answer was complete."""


class TooLarge(FetchFailed):
    """The answer is larger than the cap."""


class Unreachable(FetchFailed):
    """The host did not resolve, refused the connection or broke the HTTP exchange."""


@dataclass(frozen=True)
class Response:
    status: int
    url: str
    headers: HTTPMessage
    body: bytes

    @property
    def content_type(self):
        return self.headers.get_content_type()

    @property
    def charset(self):
        return self.headers.get_content_charset()


class Deadline:
    """A point in time (monotonic clock) that every step of one fetch must finish before."""

    def __init__(self, seconds):
        self.at = time.monotonic() + seconds

    def remaining(self):
        left = self.at - time.monotonic()
        if left <= 0:
            raise FetchTimeout("deadline passed")
        return left


def user_agent():
    return f"Carnet (+{settings.SITE_URL}/)"


def fetch(
    url,
    *,
    method="GET",
    data=None,
    headers=None,
    timeout=None,
    max_bytes=None,
    follow_redirects=True,
):
    """Send `method` to `url` under the rules above; return the final `Response`.

    `timeout` (seconds, total) and `max_bytes` default to OUTBOUND_FETCH_TIMEOUT and OUTBOUND_MAX_BYTES. A POST is
    never redirected: its answer, redirect or not, is returned as it is.
    """
    deadline = Deadline(timeout or conf.settings.OUTBOUND_FETCH_TIMEOUT)
    max_bytes = max_bytes or conf.settings.OUTBOUND_MAX_BYTES
    for _hop in range(conf.settings.OUTBOUND_MAX_REDIRECTS + 1):
        response = _exchange(url, method, data, headers or {}, deadline, max_bytes)
        location = response.headers.get("Location")
        if not (follow_redirects and method in ("GET", "HEAD")):
            return response
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(url, location.strip())
    raise Refused("too many redirects")


def check_url(url):
    """Return (scheme, host, port) of `url`, or raise `Refused` if it is not http(s)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise Refused("malformed URL") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs with a host")
    if parts.username or parts.password:
        raise Refused("credentials in URL")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise Refused("malformed host name") from error
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


def check_port(port):
    """Raise `Refused` unless `port` is 80, 443 or one of `OUTBOUND_ALLOWED_PORTS`."""
    if port not in WEB_PORTS and port not in conf.settings.OUTBOUND_ALLOWED_PORTS:
        raise Refused(f"port {port} is not allowed")


def is_public(address):
    """True if `address` (an ipaddress object) is on the public internet, tunnels included."""
    if address.version == 6:
        if address in IPV4_COMPATIBLE:
            return False
        embedded = [address.ipv4_mapped, address.sixtofour]
        embedded += [
            ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) for net in NAT64 if address in net
        ]
        if any(inner is not None and not is_public(inner) for inner in embedded):
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def lookup(host, port, deadline):
    """getaddrinfo's answers for `host` (stream sockets), within `deadline`; unchecked."""
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        return future.result(timeout=deadline.remaining())
    except FutureTimeout as error:
        raise FetchTimeout("name resolution took too long") from error
    except (OSError, UnicodeError, ValueError) as error:
        raise Unreachable("name does not resolve") from error


def resolve(host, port, deadline):
    """The addresses `host` resolves to, every one checked; raise `Refused` if any is not public."""
    infos = lookup(host, port, deadline)
    addresses = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0])  # a scope (fe80::1%eth0) reads since 3.9
        if not conf.settings.OUTBOUND_ALLOW_PRIVATE_URLS and not is_public(address):
            raise Refused("the host has a non-public address")
        addresses.append((family, sockaddr))
    if not addresses:
        raise Unreachable("name does not resolve")
    return addresses


def _exchange(url, method, data, headers, deadline, max_bytes):
    scheme, host, port = check_url(url)
    check_port(port)
    addresses = resolve(host, port, deadline)
    connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = connection_class(host, port, addresses=addresses, deadline=deadline)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            method, target, body=data, headers={"User-Agent": user_agent(), **headers}
        )
        answer = connection.getresponse()
        body = b"" if method == "HEAD" else _read_capped(answer, deadline, max_bytes)
        return Response(answer.status, url, answer.headers, body)
    except (OSError, HTTPException) as error:
        # Every socket call waits at most until the deadline, so a socket timeout (TimeoutError)
        # means it passed; an error of another kind once it has is as much the deadline's.
        if time.monotonic() >= deadline.at:
            raise FetchTimeout("deadline passed") from error
        raise Unreachable(f"HTTP exchange failed: {type(error).__name__}") from error
    finally:
        connection.close()


def _read_capped(answer, deadline, max_bytes):
    # http.client reads Content-Length into `length`: None when absent, chunked or not a number.
    if answer.length is not None and answer.length > max_bytes:
        raise TooLarge("announced length above the cap")
    chunks, size = [], 0
    while chunk := answer.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge("body above the cap")
        chunks.append(chunk)
        deadline.remaining()
    return b"".join(chunks)


class DeadlineMixin:
    """A socket that gives each blocking call only the time left before the fetch's deadline.

    http.client reads through `recv_into` and writes through `sendall`, with positional arguments
    only; CPython bounds each call (however many system calls it makes) by the timeout set just
    before it.
    """

    deadline = None

    def _tighten(self):
        self.settimeout(self.deadline.remaining())

    def recv_into(self, *args):
        self._tighten()
        return super().recv_into(*args)

    def sendall(self, *args):
        self._tighten()
        return super().sendall(*args)


class DeadlineSocket(DeadlineMixin, socket.socket):
    pass


class DeadlineSSLSocket(DeadlineMixin, ssl.SSLSocket):
    def read(self, *args, **kwargs):
        self._tighten()
        return super().read(*args, **kwargs)


class PinnedHTTPConnection(HTTPConnection):
    """An HTTP connection to addresses already checked, never to a fresh DNS answer."""

    def __init__(self, host, port, *, addresses, deadline):
        super().__init__(host, port)
        self.addresses = addresses
        self.deadline = deadline

    def connect(self):
        error = None
        for family, sockaddr in self.addresses:
            sock = DeadlineSocket(family)  # a stream socket, the default
            sock.deadline = self.deadline
            try:
                sock.settimeout(self.deadline.remaining())
                sock.connect(sockaddr)
            except OSError as failure:
                sock.close()
                error = failure
                continue
            self.sock = self.wrap(sock)
            return
        raise error

    def wrap(self, sock):
        return sock


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """TLS to the checked address, with the certificate verified for the host's name (SNI)."""

    default_port = 443

    def wrap(self, sock):
        context = ssl.create_default_context()
        context.sslsocket_class = DeadlineSSLSocket
        tls = context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        tls.deadline = self.deadline
        tls.settimeout(self.deadline.remaining())
        tls.do_handshake()
        return tls
