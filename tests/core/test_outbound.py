"""The safe fetcher, against real HTTP servers on loopback."""

import ipaddress
import socket
import ssl
import subprocess
import time
from contextlib import closing

import pytest

from core import outbound
from tests.core.peers import (
    PEER_PORTS,
    drip,
    drip_headers,
    full_listener,
    http_server,
    huge,
    redirect,
    respond,
    silent_listener,
)


@pytest.fixture
def private_allowed(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    settings.SITE_URL = "https://carnet.example"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104 (an address checked, not bound)
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::1",
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not outbound.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert outbound.is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/", "file:///etc/passwd", "gopher://x/", "http:///nohost", "http://u:p@x/"],
)
def test_only_plain_http_and_https_urls(url):
    with pytest.raises(outbound.Refused):
        outbound.fetch(url)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]"]
)
def test_with_default_settings_no_connection_reaches_loopback(host):
    with silent_listener() as listener:
        url = listener.url().replace("127.0.0.1", host)
        started = time.monotonic()
        with pytest.raises(outbound.FetchFailed):
            outbound.fetch(url)
        assert time.monotonic() - started < 1
        assert not listener.connected()


def test_fetch_returns_status_url_headers_and_body(private_allowed):
    routes = {"/page": respond(200, b"<p>bonjour</p>", headers=[("X-Pingback", "http://x/")])}
    with http_server(routes) as server:
        response = outbound.fetch(server.url("/page"))
    assert (response.status, response.url, response.body) == (
        200,
        server.url("/page"),
        b"<p>bonjour</p>",
    )
    assert response.headers["X-Pingback"] == "http://x/"
    assert response.content_type == "text/html"
    method, path, headers, _body = server.requests[0]
    assert (method, path) == ("GET", "/page")
    assert headers["User-Agent"] == "Carnet (+https://carnet.example/)"
    assert headers["Host"] == server.url("").split("//")[1]


def test_head_sends_head_and_reads_no_body(private_allowed):
    with http_server({"/": respond(200, b"corps")}) as server:
        response = outbound.fetch(server.url("/"), method="HEAD")
    assert response.body == b""
    assert response.headers["Content-Length"] == "5"
    assert server.requests[0][0] == "HEAD"


def test_post_sends_its_body_and_is_never_redirected(private_allowed):
    with http_server({"/in": redirect("/elsewhere", 307)}) as server:
        response = outbound.fetch(
            server.url("/in"),
            method="POST",
            data=b"source=a",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
    assert response.status == 307
    assert [(m, p, b) for m, p, _h, b in server.requests] == [("POST", "/in", b"source=a")]


def test_redirects_are_followed_up_to_three(private_allowed):
    routes = {
        "/1": redirect("/2"),
        "/2": redirect("/3", 301),
        "/3": redirect("/end", 308),
        "/end": respond(200, b"fin"),
    }
    with http_server(routes) as server:
        response = outbound.fetch(server.url("/1"))
    assert (response.status, response.url, response.body) == (200, server.url("/end"), b"fin")


def test_a_fourth_redirect_is_refused(private_allowed):
    routes = {f"/{n}": redirect(f"/{n + 1}") for n in range(4)}
    with http_server(routes) as server, pytest.raises(outbound.Refused):
        outbound.fetch(server.url("/0"))
    assert len(server.requests) == 4


def test_redirect_to_loopback_is_refused_without_connecting(monkeypatch, settings):
    """The first hop is treated as public (127.0.0.2 stands for a public host); its redirect to
    127.0.0.1 is checked again and never connected to."""
    real_is_public = outbound.is_public
    monkeypatch.setattr(outbound, "is_public", lambda a: str(a) == "127.0.0.2" or real_is_public(a))
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    with silent_listener() as inside:
        routes = {"/": redirect(inside.url("/admin"))}
        with http_server(routes, host="127.0.0.2") as outside, pytest.raises(outbound.Refused):
            outbound.fetch(outside.url("/"))
        assert len(outside.requests) == 1
        assert not inside.connected()


def test_total_deadline_cuts_a_body_dripping_one_byte_per_second(private_allowed, settings):
    settings.OUTBOUND_FETCH_TIMEOUT = 1.5
    with http_server({"/": drip}) as server:
        started = time.monotonic()
        with pytest.raises(outbound.FetchTimeout):
            outbound.fetch(server.url("/"))
        assert time.monotonic() - started < 2.5


def test_total_deadline_cuts_dripping_headers(private_allowed, settings):
    settings.OUTBOUND_FETCH_TIMEOUT = 1
    with http_server({"/": drip_headers}) as server:
        started = time.monotonic()
        with pytest.raises(outbound.FetchTimeout, match="^deadline passed$"):
            outbound.fetch(server.url("/"))
        assert time.monotonic() - started < 2


def test_deadline_covers_connecting_to_a_server_that_never_answers(private_allowed):
    with silent_listener() as listener:
        started = time.monotonic()
        with pytest.raises(outbound.FetchTimeout, match="^deadline passed$"):
            outbound.fetch(listener.url(), timeout=0.5)
        assert time.monotonic() - started < 1.5


def test_deadline_covers_a_connection_whose_handshake_is_never_answered(private_allowed):
    with full_listener() as listener:
        started = time.monotonic()
        with pytest.raises(outbound.FetchTimeout, match="^deadline passed$"):
            outbound.fetch(listener.url(), timeout=0.5)
        assert time.monotonic() - started < 1.5


def test_cap_cuts_fifty_megabytes(private_allowed):
    with http_server({"/": huge}) as server:
        started = time.monotonic()
        with pytest.raises(outbound.TooLarge):
            outbound.fetch(server.url("/"))
        assert time.monotonic() - started < 3


def test_announced_length_above_the_cap_is_refused_before_reading(private_allowed):
    with http_server({"/": lambda h: huge(h, announce=True)}) as server:
        with pytest.raises(outbound.TooLarge, match="announced"):
            outbound.fetch(server.url("/"))


def test_a_head_answer_announcing_a_body_above_the_cap_is_no_refusal(private_allowed):
    """HEAD asks for the headers only: the length they announce is not a body to cap."""
    with http_server({"/": lambda h: huge(h, announce=True)}) as server:
        answer = outbound.fetch(server.url("/"), method="HEAD", max_bytes=1000)
    assert (answer.status, answer.body, answer.headers["Content-Length"]) == (200, b"", "50000000")


def test_unreachable_host_is_one_of_the_family(private_allowed):
    with silent_listener() as listener:
        port = listener.port
    with pytest.raises(outbound.Unreachable):
        outbound.fetch(f"http://127.0.0.1:{port}/")


@pytest.fixture
def tls_for_localhost(tmp_path, monkeypatch):
    """A server TLS context with a certificate for `localhost` only, trusted by the client."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def test_https_to_the_checked_address_verifies_the_name(private_allowed, tls_for_localhost):
    with http_server({"/": respond(200, b"chiffre")}, tls=tls_for_localhost) as server:
        response = outbound.fetch(server.url("/").replace("127.0.0.1", "localhost"))
        assert response.body == b"chiffre"
        assert server.requests[0][2]["Host"].startswith("localhost:")
        with pytest.raises(outbound.Unreachable):
            outbound.fetch(server.url("/"))  # the certificate does not name 127.0.0.1


def test_the_connection_goes_to_the_address_checked_not_to_a_second_dns_answer(
    monkeypatch, settings
):
    """DNS rebinding: `rebind.test` first answers 127.0.0.2 (standing for a public address),
    then 127.0.0.1. There is no DNS server here, so the answers come from a stand-in resolver."""
    real_getaddrinfo, real_is_public = socket.getaddrinfo, outbound.is_public
    answers = iter(["127.0.0.2", "127.0.0.1", "127.0.0.1"])

    def resolver(host, *args, **kwargs):
        return real_getaddrinfo(next(answers) if host == "rebind.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    monkeypatch.setattr(outbound, "is_public", lambda a: str(a) == "127.0.0.2" or real_is_public(a))
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    with http_server({"/": respond(200, b"public")}, host="127.0.0.2") as server:
        url = server.url("/").replace("127.0.0.2", "rebind.test")
        assert outbound.fetch(url).body == b"public"
        assert server.requests[0][2]["Host"] == f"rebind.test:{server.server_address[1]}"
    assert next(answers) == "127.0.0.1"  # resolved once: the second answer was never asked for


def test_only_ports_80_and_443_by_default_even_to_allowed_addresses(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    assert settings.OUTBOUND_ALLOWED_PORTS == []
    with silent_listener() as listener:
        for url in (listener.url(), "http://127.0.0.1:22/", "https://127.0.0.1:6379/"):
            with pytest.raises(outbound.Refused, match="port"):
                outbound.fetch(url)
        assert not listener.connected()
    outbound.check_port(80)
    outbound.check_port(443)


def test_ports_listed_in_the_setting_are_reached(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    with http_server({"/": respond(200, b"intranet")}) as server:
        settings.OUTBOUND_ALLOWED_PORTS = [server.server_address[1]]
        assert outbound.fetch(server.url("/")).body == b"intranet"


def test_a_redirect_to_another_port_is_refused_without_connecting(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    with silent_listener() as other, http_server({"/": redirect(other.url("/"))}) as server:
        settings.OUTBOUND_ALLOWED_PORTS = [server.server_address[1]]
        with pytest.raises(outbound.Refused, match="port"):
            outbound.fetch(server.url("/"))
        assert len(server.requests) == 1
        assert not other.connected()


def refused(url, message):
    with pytest.raises(outbound.Refused) as caught:
        outbound.fetch(url)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://ami.example:99999/", "malformed URL"),
        ("ftp://ami.example/", "only http and https URLs with a host"),
        ("https:///chemin", "only http and https URLs with a host"),
        ("http://camille@ami.example/", "credentials in URL"),
        ("http://:secret@ami.example/", "credentials in URL"),
        ("http://" + "a" * 64 + ".example/", "malformed host name"),
        ("http://ami.example:8080/", "port 8080 is not allowed"),
    ],
)
def test_each_refusal_says_why(url, message):
    refused(url, message)


def test_check_url_gives_the_ascii_host_and_the_default_port():
    assert outbound.check_url("https://café.example/a") == ("https", "xn--caf-dma.example", 443)
    assert outbound.check_url("http://café.example/a") == ("http", "xn--caf-dma.example", 80)
    assert outbound.check_url("http://ami.example:8000/") == ("http", "ami.example", 8000)


def test_the_loopback_is_refused_as_a_non_public_address():
    refused("http://127.0.0.1/", "the host has a non-public address")


@pytest.mark.parametrize("address", ["2002:808:808::1", "2002:7f00:1::1"])
def test_six_to_four_addresses_are_judged_by_the_ipv4_address_inside(address):
    """2002::/16 is global; only the embedded IPv4 address tells a tunnel to the loopback."""
    inner = ipaddress.ip_address(address).sixtofour
    assert outbound.is_public(ipaddress.ip_address(address)) is outbound.is_public(inner)


@pytest.mark.parametrize("address", ["224.0.0.1", "239.1.1.1", "ff0e::1"])
def test_global_multicast_addresses_are_refused(address):
    assert ipaddress.ip_address(address).is_global
    assert not outbound.is_public(ipaddress.ip_address(address))


def test_resolve_gives_each_checked_address_once_with_its_port(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    deadline = outbound.Deadline(5)
    assert outbound.resolve("127.0.0.1", 8080, deadline) == [(socket.AF_INET, ("127.0.0.1", 8080))]


def test_a_deadline_says_how_long_is_left_then_refuses():
    deadline = outbound.Deadline(30)
    assert 29 < deadline.remaining() <= 30
    with pytest.raises(outbound.FetchTimeout, match="^deadline passed$"):
        outbound.Deadline(-1).remaining()


@pytest.fixture
def slow_resolver(monkeypatch):
    """A stand-in for a DNS server that takes its time (there is none on loopback)."""
    real_getaddrinfo = socket.getaddrinfo

    def resolver(host, *args, **kwargs):
        if host == "lent.test":
            time.sleep(1)
        if host == "absent.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host == "vide.test":
            return []
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)


def test_slow_or_failed_name_resolution_is_a_fetch_failure(slow_resolver, private_allowed):
    started = time.monotonic()
    with pytest.raises(outbound.FetchTimeout) as slow:
        outbound.fetch("http://lent.test/", timeout=0.3)
    assert time.monotonic() - started < 0.9
    assert str(slow.value) == "name resolution took too long"
    for host in ("absent.test", "vide.test"):
        with pytest.raises(outbound.Unreachable) as caught:
            outbound.fetch(f"http://{host}/")
        assert str(caught.value) == "name does not resolve"


def test_default_path_query_and_caller_headers_are_sent(private_allowed):
    with http_server({"/": respond(200, b"ok"), "/q": respond(200, b"q")}) as server:
        base = server.url("")
        outbound.fetch(base)
        outbound.fetch(server.url("/q?a=1&b=2"), headers={"Accept": "text/html"})
        outbound.fetch(server.url("/q?"), headers={"User-Agent": "Autre/1"})
    (_m1, path1, _h1, _b1), (_m2, path2, headers2, _b2), (_m3, path3, headers3, _b3) = (
        server.requests
    )
    assert (path1, path2, path3) == ("/", "/q?a=1&b=2", "/q")
    assert headers2["Accept"] == "text/html"
    assert headers2["User-Agent"] == "Carnet (+https://carnet.example/)"
    assert headers3["User-Agent"] == "Autre/1"


def test_head_follows_redirects_and_a_post_does_not_even_when_asked(private_allowed):
    routes = {"/a": redirect("  /b  ", 301), "/b": respond(200, b"fin")}
    with http_server(routes) as server:
        head = outbound.fetch(server.url("/a"), method="HEAD")
        post = outbound.fetch(server.url("/a"), method="POST", data=b"x=1")
        get = outbound.fetch(server.url("/a"), follow_redirects=False)
    assert (head.status, head.url) == (200, server.url("/b"))
    assert (post.status, post.url) == (301, server.url("/a"))
    assert (get.status, get.url) == (301, server.url("/a"))


def test_a_redirect_status_without_location_and_a_location_without_redirect_are_answers(
    private_allowed,
):
    routes = {
        "/sans": respond(302, b"nulle part"),
        "/ok": respond(200, b"ici", headers=[("Location", "/ailleurs")]),
    }
    with http_server(routes) as server:
        assert outbound.fetch(server.url("/sans")).status == 302
        assert outbound.fetch(server.url("/ok")).body == b"ici"
    assert [path for _m, path, _h, _b in server.requests] == ["/sans", "/ok"]


def test_the_redirect_limit_follows_the_setting(private_allowed, settings):
    settings.OUTBOUND_MAX_REDIRECTS = 1
    routes = {"/0": redirect("/1"), "/1": redirect("/2"), "/2": respond(200, b"fin")}
    with http_server(routes) as server:
        assert outbound.fetch(server.url("/1")).body == b"fin"
        with pytest.raises(outbound.Refused, match="^too many redirects$"):
            outbound.fetch(server.url("/0"))


def sized(body, length=None):
    """A route answering `body` with `length` as its Content-Length (None: no length at all)."""

    def route(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        if length is not None:
            handler.send_header("Content-Length", length)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def test_a_body_exactly_at_the_cap_is_read_one_byte_more_is_refused(private_allowed):
    routes = {
        "/cinq": sized(b"12345", "5"),
        "/six": sized(b"123456", "6"),
        "/cinq-sans": sized(b"12345"),
        "/six-sans": sized(b"123456"),
        "/longueur-etrange": sized(b"12345", "²"),
    }
    with http_server(routes) as server:
        for path in ("/cinq", "/cinq-sans", "/longueur-etrange"):
            assert outbound.fetch(server.url(path), max_bytes=5).body == b"12345"
        with pytest.raises(outbound.TooLarge, match="^announced length above the cap$"):
            outbound.fetch(server.url("/six"), max_bytes=5)
        with pytest.raises(outbound.TooLarge, match="^body above the cap$"):
            outbound.fetch(server.url("/six-sans"), max_bytes=5)


def test_a_body_of_many_chunks_comes_back_whole(private_allowed):
    body = bytes(range(256)) * (3 * outbound.CHUNK // 256 + 1)
    with http_server({"/": sized(body)}) as server:
        assert outbound.fetch(server.url("/"), max_bytes=len(body)).body == body


def test_a_length_with_more_digits_than_the_cap_is_refused_unread(private_allowed):
    # Refused on the announced length alone: not a byte of the body is read.
    with http_server({"/": sized(b"123", "9" * 1000)}) as server:
        with pytest.raises(outbound.TooLarge, match="^announced length above the cap$"):
            outbound.fetch(server.url("/"), max_bytes=5)


def test_the_cap_follows_the_setting_when_not_given(private_allowed, settings):
    settings.OUTBOUND_MAX_BYTES = 5
    with http_server({"/": sized(b"123456")}) as server:
        with pytest.raises(outbound.TooLarge):
            outbound.fetch(server.url("/"))


def test_a_refused_connection_names_the_failure(private_allowed):
    with silent_listener() as listener:
        port = listener.port
    with pytest.raises(outbound.Unreachable) as caught:
        outbound.fetch(f"http://127.0.0.1:{port}/")
    assert str(caught.value) == "HTTP exchange failed: ConnectionRefusedError"


def test_the_connection_tries_each_checked_address_in_turn(private_allowed):
    with silent_listener() as closed:
        dead_port = closed.port
    with http_server({"/": respond(200, b"second")}) as server:
        port = server.server_address[1]
        addresses = [
            (socket.AF_INET, ("127.0.0.1", dead_port)),
            (socket.AF_INET, ("127.0.0.1", port)),
        ]
        connection = outbound.PinnedHTTPConnection(
            "127.0.0.1", port, addresses=addresses, deadline=outbound.Deadline(5)
        )
        with closing(connection):
            connection.request("GET", "/")
            assert connection.getresponse().read() == b"second"


def test_the_deadline_covers_a_tls_handshake_that_never_comes(private_allowed):
    with silent_listener() as listener:
        started = time.monotonic()
        with pytest.raises(outbound.FetchTimeout, match="^deadline passed$"):
            outbound.fetch(listener.url().replace("http:", "https:"), timeout=0.5)
        assert time.monotonic() - started < 1.5
