"""Sending pings when a post is published: a real XML-RPC server and a real webmention
endpoint on loopback receive Carnet's pings."""

import threading
import xmlrpc.client
from contextlib import contextmanager
from urllib.parse import urlencode
from xmlrpc.server import SimpleXMLRPCServer

import pytest

from blog.models import Status
from blog.services import post_announce_due, post_save_from_admin
from core import outbound
from pings.models import OutboundPing, PingProtocol, PingResult
from pings.sending import external_links
from tests.core.peers import PEER_PORTS, http_server, page, respond, silent_listener
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
SITE = "https://carnet.example"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS


@contextmanager
def pingback_server(fault=None):
    """A real XML-RPC server whose pingback.ping records its calls (or answers `fault`)."""
    server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
    server.calls = []

    def ping(source, target):
        server.calls.append((source, target))
        if fault:
            raise xmlrpc.client.Fault(*fault)
        return "Merci !"

    server.register_function(ping, "pingback.ping")
    server.url = f"http://127.0.0.1:{server.server_address[1]}/RPC2"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def webmention_endpoint(server):
    """Add a real webmention endpoint at /webmention on `server`, answering 202."""
    server.routes["/webmention"] = respond(202, b"", "text/plain")
    return server.url("/webmention")


def publish(body, captured, **kwargs):
    """Publish a post whose body is `body` (HTML) the way the site does, running what follows."""
    post = PostFactory(body=body, markup="html", announced_at=None, **kwargs)
    with captured(execute=True):
        post_announce_due()
    return post


def received(server, path="/webmention"):
    return [body for method, p, _h, body in server.requests if (method, p) == ("POST", path)]


def form(source_post, target):
    return urlencode({"source": SITE + source_post.get_absolute_url(), "target": target}).encode()


def test_webmention_from_link_header_after_a_head(django_capture_on_commit_callbacks):
    with http_server() as peer:
        endpoint = webmention_endpoint(peer)
        peer.routes["/article"] = respond(headers=[("Link", f'<{endpoint}>; rel="webmention"')])
        target = peer.url("/article")
        post = publish(
            f'<p>Voir <a href="{target}">cet article</a>.</p>', django_capture_on_commit_callbacks
        )
        assert received(peer) == [form(post, target)]
        assert peer.requests[0][:2] == ("HEAD", "/article")
    ping = OutboundPing.objects.get(post=post)
    assert (ping.target, ping.protocol, ping.endpoint, ping.result) == (
        target,
        PingProtocol.WEBMENTION,
        endpoint,
        PingResult.SENT,
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="webmention" href="/webmention">',
        '<a rel="nofollow webmention" href="webmention">mentions</a>',
    ],
)
def test_webmention_from_html_relative_to_the_page(markup, django_capture_on_commit_callbacks):
    with http_server() as peer:
        webmention_endpoint(peer)
        peer.routes["/article"] = respond(200, page("Article", markup))
        target = peer.url("/article")
        post = publish(f'<a href="{target}">lien</a>', django_capture_on_commit_callbacks)
        assert received(peer) == [form(post, target)]


def test_pingback_from_x_pingback_header(django_capture_on_commit_callbacks):
    with pingback_server() as rpc, http_server() as peer:
        peer.routes["/article"] = respond(
            200, page("Article", ""), headers=[("X-Pingback", rpc.url)]
        )
        target = peer.url("/article")
        post = publish(f'<a href="{target}">lien</a>', django_capture_on_commit_callbacks)
        assert rpc.calls == [(SITE + post.get_absolute_url(), target)]
    ping = OutboundPing.objects.get(post=post)
    assert (ping.protocol, ping.endpoint, ping.result) == (
        PingProtocol.PINGBACK,
        rpc.url,
        PingResult.SENT,
    )


def test_pingback_from_link_element(django_capture_on_commit_callbacks):
    with pingback_server() as rpc, http_server() as peer:
        peer.routes["/a"] = respond(200, page("A", f'<link rel="pingback" href="{rpc.url}">'))
        post = publish(f'<a href="{peer.url("/a")}">lien</a>', django_capture_on_commit_callbacks)
        assert rpc.calls == [(SITE + post.get_absolute_url(), peer.url("/a"))]


def test_webmention_is_preferred_to_pingback(django_capture_on_commit_callbacks):
    with pingback_server() as rpc, http_server() as peer:
        webmention_endpoint(peer)
        markup = f'<link rel="pingback" href="{rpc.url}"><link rel="webmention" href="/webmention">'
        peer.routes["/a"] = respond(200, page("A", markup), headers=[("X-Pingback", rpc.url)])
        publish(f'<a href="{peer.url("/a")}">lien</a>', django_capture_on_commit_callbacks)
        assert len(received(peer)) == 1
        assert rpc.calls == []


def test_pingback_fault_is_recorded(django_capture_on_commit_callbacks):
    with pingback_server(fault=(17, "Pas de lien")) as rpc, http_server() as peer:
        peer.routes["/a"] = respond(200, page("A", ""), headers=[("X-Pingback", rpc.url)])
        post = publish(f'<a href="{peer.url("/a")}">lien</a>', django_capture_on_commit_callbacks)
    ping = OutboundPing.objects.get(post=post)
    assert (ping.result, ping.detail) == (PingResult.REJECTED, "17: Pas de lien")


def test_media_are_skipped_and_pages_without_endpoint_recorded(django_capture_on_commit_callbacks):
    with http_server({"/plain": respond(200, page("Sans", "<p>rien</p>"))}) as peer:
        body = f'<a href="{peer.url("/photo.JPG")}">photo</a> <a href="{peer.url("/plain")}">p</a>'
        post = publish(body, django_capture_on_commit_callbacks)
        assert [p for _m, p, _h, _b in peer.requests] == ["/plain", "/plain"]
    results = dict(OutboundPing.objects.filter(post=post).values_list("target", "result"))
    assert results == {
        peer.url("/photo.JPG"): PingResult.NO_ENDPOINT,
        peer.url("/plain"): PingResult.NO_ENDPOINT,
    }


def test_head_answering_an_image_skips_the_get(django_capture_on_commit_callbacks):
    with http_server({"/img": respond(200, b"\x89PNG", "image/png")}) as peer:
        publish(f'<a href="{peer.url("/img")}">image</a>', django_capture_on_commit_callbacks)
        assert [m for m, _p, _h, _b in peer.requests] == ["HEAD"]


def test_the_same_link_is_never_pinged_twice(django_capture_on_commit_callbacks):
    with http_server() as peer:
        webmention_endpoint(peer)
        peer.routes["/a"] = respond(200, page("A", '<link rel="webmention" href="/webmention">'))
        post = publish(f'<a href="{peer.url("/a")}">lien</a>', django_capture_on_commit_callbacks)
        post.body = f'<p>Modifié : <a href="{peer.url("/a")}">lien</a></p>'
        with django_capture_on_commit_callbacks(execute=True):
            post_save_from_admin(post=post, changed_fields=["body"])
        assert len(received(peer)) == 1
    assert OutboundPing.objects.filter(post=post).count() == 1


def test_links_are_capped(settings, django_capture_on_commit_callbacks):
    settings.PINGS_MAX_LINKS = 2
    with http_server() as peer:
        body = "".join(f'<a href="{peer.url(f"/{n}")}">{n}</a>' for n in range(5))
        post = publish(body, django_capture_on_commit_callbacks)
    assert OutboundPing.objects.filter(post=post).count() == 2


def test_discovered_endpoint_on_a_private_address_is_never_reached(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    """127.0.0.2 stands for a public site advertising an endpoint inside the network."""
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = False
    real_is_public = outbound.is_public
    monkeypatch.setattr(outbound, "is_public", lambda a: str(a) == "127.0.0.2" or real_is_public(a))
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    with silent_listener() as inside, http_server(host="127.0.0.2") as peer:
        peer.routes["/a"] = respond(
            200, page("A", f'<link rel="webmention" href="{inside.url()}">')
        )
        post = publish(f'<a href="{peer.url("/a")}">lien</a>', django_capture_on_commit_callbacks)
        assert not inside.connected()
    ping = OutboundPing.objects.get(post=post)
    assert (ping.protocol, ping.result) == (PingProtocol.WEBMENTION, PingResult.FAILED)


def test_publishing_succeeds_whatever_the_peers_do(django_capture_on_commit_callbacks):
    with silent_listener() as dead:
        port = dead.port
    post = publish(
        f'<a href="http://127.0.0.1:{port}/">mort</a>', django_capture_on_commit_callbacks
    )
    post.refresh_from_db()
    assert post.announced_at is not None
    assert OutboundPing.objects.get(post=post).result == PingResult.FAILED


def test_drafts_send_nothing(django_capture_on_commit_callbacks):
    with http_server() as peer:
        publish(
            f'<a href="{peer.url("/")}">x</a>',
            django_capture_on_commit_callbacks,
            status=Status.DRAFT,
        )
        assert peer.requests == []
    assert not OutboundPing.objects.exists()


def test_external_links_skip_own_site_anchors_and_other_schemes():
    html = (
        f'<a href="{SITE}/2026/01/01/autre/">interne</a> <a href="/relatif/">relatif</a>'
        '<a href="mailto:x@example.org">mail</a> <a href="#note">note</a>'
        '<a href="https://ami.example/a#partie">a</a> <a href="https://ami.example/a">encore a</a>'
        '<a href="http://b.example/">b</a>'
    )
    assert external_links(html, base=f"{SITE}/2026/11/24/billet/") == [
        "https://ami.example/a",
        "http://b.example/",
    ]


def test_admin_shows_per_post_which_links_were_pinged(client, staff):
    post = PostFactory(author=staff)
    OutboundPing.objects.create(
        post=post,
        target="https://ami.example/article",
        protocol=PingProtocol.WEBMENTION,
        endpoint="https://ami.example/webmention",
        result=PingResult.SENT,
        detail="HTTP 202",
    )
    client.force_login(staff)
    html = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "Pings envoyés" in html
    assert "https://ami.example/article" in html
    assert "Accepté" in html
    assert "HTTP 202" in html
    assert client.get("/admin/blog/post/add/").status_code == 200


def test_hostile_peers_never_stop_the_pings_to_the_others(django_capture_on_commit_callbacks):
    """A page in rot13, an endpoint answering in zlib, then a good peer: all three recorded."""
    hostile_answer = (
        b"<?xml version='1.0' encoding='zlib'?><methodResponse><params><param><value>"
        b"<string>x</string></value></param></params></methodResponse>"
    )
    with http_server() as peer:
        endpoint = webmention_endpoint(peer)
        peer.routes["/rot13"] = respond(200, page("A", ""), "text/html; charset=rot13")
        peer.routes["/rpc"] = respond(200, hostile_answer, "text/xml")
        peer.routes["/zlib"] = respond(200, page("B", ""), headers=[("X-Pingback", "/rpc")])
        peer.routes["/good"] = respond(headers=[("Link", f'<{endpoint}>; rel="webmention"')])
        links = [peer.url("/rot13"), peer.url("/zlib"), peer.url("/good")]
        body = "".join(f'<a href="{link}">lien</a> ' for link in links)
        post = publish(body, django_capture_on_commit_callbacks)
        assert received(peer) == [form(post, peer.url("/good"))]
    results = dict(OutboundPing.objects.filter(post=post).values_list("target", "result"))
    assert results == {
        links[0]: PingResult.FAILED,
        links[1]: PingResult.FAILED,
        links[2]: PingResult.SENT,
    }
