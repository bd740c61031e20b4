"""Receiving pingbacks: Python's xmlrpc.client against the running site, sources on loopback."""

import logging
import time
import xmlrpc.client
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from blog.models import Status
from comments.models import Comment, CommentKind, CommentStatus
from core import outbound
from core import xmlrpc as xmlrpc_registry
from core.xmlrpc import FaultCode, XmlRpcFault
from pings import pingback
from pings.tasks import verify_pingback
from tests.core.peers import (
    PEER_PORTS,
    drip,
    http_server,
    page,
    redirect,
    respond,
    silent_listener,
)
from tests.factories import CommentFactory, PostFactory

LONG = "Un paragraphe qui parle d’autre chose, longuement, pour remplir la page. " * 3


@pytest.fixture
def private_allowed(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS


@pytest.fixture
def post(transactional_db):
    return PostFactory(title="Le billet cité", slug="billet-cite")


@pytest.fixture
def rpc(live_server):
    return xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc.php")


@pytest.fixture
def target(live_server, post):
    return live_server.url + post.get_absolute_url()


def citing(target, title="Un blog ami &amp; voisin"):
    return page(
        title, f'<p>{LONG}Je cite <a href="{target}">ce billet</a> avec plaisir. {LONG}</p>'
    )


def fault_of(call):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call()
    return caught.value.faultCode, caught.value.faultString


def test_ping_stores_a_held_pingback_with_title_and_excerpt(rpc, target, post, private_allowed):
    with http_server() as source:
        source.routes["/ami"] = respond(200, citing(target))
        answer = rpc.pingback.ping(source.url("/ami"), target)
    assert source.url("/ami") in answer
    ping = Comment.objects.get(post=post)
    assert (ping.kind, ping.status) == (CommentKind.PINGBACK, CommentStatus.PENDING)
    assert ping.author_name == "Un blog ami & voisin"
    assert ping.author_url == source.url("/ami")
    assert ping.ip_address == "127.0.0.1"
    assert "Je cite ce billet avec plaisir." in ping.body
    assert ping.body.startswith("[…] ") and ping.body.endswith(" […]")
    assert 200 < len(ping.body) < 260


def test_ping_approved_at_once_when_pings_are_not_moderated(
    rpc, target, post, private_allowed, settings
):
    settings.COMMENTS_MODERATE_PINGS = False
    with http_server({"/ami": respond(200, citing(target))}) as source:
        rpc.pingback.ping(source.url("/ami"), target)
    assert Comment.objects.get(post=post).status == CommentStatus.APPROVED


def test_source_without_title_is_named_by_its_host(rpc, target, post, private_allowed):
    with http_server({"/": respond(200, page(None, f'<a href="{target}">lien</a>'))}) as source:
        rpc.pingback.ping(source.url("/"), target)
    assert Comment.objects.get(post=post).author_name == "127.0.0.1"


def test_long_title_is_cut_to_one_hundred_characters(rpc, target, post, private_allowed):
    with http_server({"/": respond(200, citing(target, title="T" * 300))}) as source:
        rpc.pingback.ping(source.url("/"), target)
    assert Comment.objects.get(post=post).author_name == "T" * 100


def test_source_without_link_is_fault_17(rpc, target, post, private_allowed):
    with http_server({"/": respond(200, page("Rien", "<p>Aucun lien ici.</p>"))}) as source:
        code, message = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
    assert code == FaultCode.NO_LINK == 17
    assert message == "La source ne contient pas de lien vers la cible."
    assert not Comment.objects.exists()


@pytest.mark.parametrize("route", [respond(404, b"absent"), respond(500, b"panne")])
def test_unreachable_source_is_fault_16(rpc, target, post, private_allowed, route):
    with http_server({"/": route}) as source:
        code, _message = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
    assert code == FaultCode.SOURCE_NOT_FOUND == 16


def test_with_default_settings_no_connection_reaches_a_loopback_source(rpc, target, post):
    with silent_listener() as listener:
        code, message = fault_of(lambda: rpc.pingback.ping(listener.url("/ami"), target))
        assert not listener.connected()
    assert code == FaultCode.SOURCE_NOT_FOUND
    assert message == "La source n’a pas pu être lue."


def test_source_redirecting_to_loopback_is_fault_16_without_connecting(
    rpc, target, post, monkeypatch, settings
):
    """127.0.0.2 stands for a public host; it redirects to 127.0.0.1, which is never reached."""
    real_is_public = outbound.is_public
    monkeypatch.setattr(outbound, "is_public", lambda a: str(a) == "127.0.0.2" or real_is_public(a))
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    with silent_listener() as inside:
        routes = {"/": redirect(inside.url("/")), "/gone": respond(404)}
        with http_server(routes, host="127.0.0.2") as source:
            redirected = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
            missing = fault_of(lambda: rpc.pingback.ping(source.url("/gone"), target))
        assert not inside.connected()
    assert redirected == missing == (FaultCode.SOURCE_NOT_FOUND, "La source n’a pas pu être lue.")


def test_source_equal_to_target_is_fault_0(rpc, target):
    code, _message = fault_of(lambda: rpc.pingback.ping(target, target))
    assert code == FaultCode.GENERIC == 0


def test_targets_that_are_not_published_posts_here(rpc, live_server, post, settings):
    source = "https://ami.example/billet/"
    draft = PostFactory(status=Status.DRAFT)
    closed = PostFactory(pings_open=False)
    cases = {
        "https://ailleurs.example/2026/01/01/x/": FaultCode.TARGET_NOT_ALLOWED,
        f"{live_server.url}/2026/01/01/nulle-part/": FaultCode.TARGET_NOT_FOUND,
        f"{live_server.url}/tag/rien/": FaultCode.TARGET_NOT_FOUND,
        live_server.url + draft.get_absolute_url(): FaultCode.TARGET_NOT_FOUND,
        live_server.url + closed.get_absolute_url(): FaultCode.TARGET_NOT_ALLOWED,
        "pas une adresse": FaultCode.TARGET_NOT_ALLOWED,
    }
    for target, expected in cases.items():
        assert fault_of(lambda t=target: rpc.pingback.ping(source, t))[0] == expected, target


def test_already_registered_is_fault_48_before_any_fetch(rpc, target, post, private_allowed):
    with http_server({"/": respond(200, citing(target))}) as source:
        CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url=source.url("/"))
        code, _message = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
        assert source.requests == []
    assert code == FaultCode.ALREADY_REGISTERED == 48


@pytest.mark.parametrize(
    "hosts",
    [
        ["127.0.0.1"] * 3,
        ["0x7f000001", "017700000001", "127.000.000.001"],  # one host however spelled
    ],
)
def test_pings_per_source_host_are_limited(rpc, live_server, private_allowed, settings, hosts):
    settings.PINGS_PER_SOURCE_HOST = 2
    posts = [PostFactory() for _ in range(3)]
    targets = [live_server.url + p.get_absolute_url() for p in posts]
    routes = {f"/{n}": respond(200, citing(t)) for n, t in enumerate(targets)}
    with http_server(routes) as source:
        port = source.server_address[1]
        urls = [f"http://{host}:{port}/{n}" for n, host in enumerate(hosts)]
        rpc.pingback.ping(urls[0], targets[0])
        rpc.pingback.ping(urls[1], targets[1])
        code, _message = fault_of(lambda: rpc.pingback.ping(urls[2], targets[2]))
        assert len(source.requests) == 2
    assert code == FaultCode.ACCESS_DENIED
    assert sorted(Comment.objects.values_list("author_url", flat=True)) == sorted(urls[:2])


def test_requests_per_client_address_are_limited(rpc, settings):
    settings.PINGS_PER_IP = 3
    for _ in range(3):
        rpc.system.listMethods()
    assert fault_of(rpc.system.listMethods)[0] == FaultCode.ACCESS_DENIED


def test_get_pingbacks_lists_approved_pingback_sources(rpc, target, post):
    CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url="https://a.example/1")
    CommentFactory(
        post=post,
        kind=CommentKind.PINGBACK,
        author_url="https://b.example/2",
        status=CommentStatus.PENDING,
    )
    CommentFactory(post=post, kind=CommentKind.WEBMENTION, author_url="https://c.example/3")
    CommentFactory(post=post, author_url="https://d.example/")
    assert rpc.pingback.extensions.getPingbacks(target) == ["https://a.example/1"]


def test_the_three_pingback_methods_are_listed_with_those_apps_register(rpc):
    methods = rpc.system.listMethods()
    assert {"pingback.extensions.getPingbacks", "pingback.ping", "system.listMethods"} < set(
        methods
    )
    assert methods == sorted(methods)
    assert fault_of(lambda: rpc.wp.noSuchMethod("admin", "secret"))[0] == (
        FaultCode.METHOD_NOT_FOUND
    )
    assert fault_of(lambda: rpc.pingback.ping("a"))[0] == FaultCode.INVALID_PARAMS


def test_get_is_answered_with_a_short_french_explanation(client):
    response = client.get(reverse("xmlrpc"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "uniquement" in response.content.decode()


def test_requests_over_one_megabyte_get_413(client, db):
    body = b"<methodCall>" + b" " * 1_000_001 + b"</methodCall>"
    response = client.post(reverse("xmlrpc"), body, content_type="text/xml")
    assert response.status_code == 413


BOMBS = {
    "billion laughs": b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<methodCall><methodName>&lol9;</methodName></methodCall>""",
    "external entity": b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>pingback.ping</methodName><params><param><value><string>&e;</string>
</value></param></params></methodCall>""",
    "deep nesting": b"<methodCall><methodName>pingback.ping</methodName><params><param><value>"
    + b"<array><data><value>" * 20_000
    + b"</value></data></array>" * 20_000
    + b"</value></param></params></methodCall>",
    "huge integer": b"<methodCall><methodName>pingback.ping</methodName><params><param><value><int>"
    + b"9" * 900_000
    + b"</int></value></param></params></methodCall>",
    "undeclared entity": b"<methodCall><methodName>&x;</methodName></methodCall>",
}


@pytest.mark.parametrize("name", BOMBS)
def test_xml_bombs_are_refused_fast(client, db, name):
    started = time.monotonic()
    response = client.post(reverse("xmlrpc"), BOMBS[name], content_type="text/xml")
    assert time.monotonic() - started < 0.5
    with pytest.raises(xmlrpc.client.Fault) as caught:
        xmlrpc.client.loads(response.content)
    assert caught.value.faultCode == FaultCode.PARSE_ERROR == -32700


def test_post_page_advertises_its_endpoints_when_pings_are_open(client, db):
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    assert response["X-Pingback"] == "http://testserver/xmlrpc.php"
    assert response["Link"] == '<http://testserver/webmention/>; rel="webmention"'
    html = response.content.decode()
    assert '<link rel="pingback" href="http://testserver/xmlrpc.php">' in html
    assert '<link rel="webmention" href="http://testserver/webmention/">' in html


def test_post_page_is_silent_when_pings_are_closed(client, db):
    post = PostFactory(pings_open=False)
    response = client.get(post.get_absolute_url())
    assert "X-Pingback" not in response
    assert "webmention" not in response.get("Link", "")
    assert 'rel="pingback"' not in response.content.decode()


def test_approved_pingback_is_shown_in_the_discussion(
    rpc, target, post, private_allowed, settings, client
):
    settings.COMMENTS_MODERATE_PINGS = False
    with http_server({"/ami": respond(200, citing(target))}) as source:
        rpc.pingback.ping(source.url("/ami"), target)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Pingback" in html
    assert (
        f'<a class="url" href="{source.url("/ami")}" rel="nofollow ugc">Un blog ami &amp; voisin</a>'
        in html
    )


class DeclaringTransport(xmlrpc.client.Transport):
    """xmlrpc.client's own transport, sending the call with another encoding declared."""

    def __init__(self, encoding):
        super().__init__()
        self.declared = encoding

    def request(self, host, handler, request_body, verbose=False):
        declaration = f"<?xml version='1.0' encoding='{self.declared}'?>".encode()
        body = request_body.replace(b"<?xml version='1.0'?>", declaration, 1)
        assert body.startswith(declaration)
        return super().request(host, handler, body, verbose)


@pytest.mark.parametrize(
    "encoding", ["rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri", "pas-un-codage"]
)
def test_call_declaring_an_encoding_that_is_not_text_is_a_parse_fault(live_server, db, encoding):
    rpc = xmlrpc.client.ServerProxy(
        f"{live_server.url}/xmlrpc.php", transport=DeclaringTransport(encoding)
    )
    assert fault_of(rpc.system.listMethods)[0] == FaultCode.PARSE_ERROR == -32700


def test_call_declaring_a_text_encoding_is_answered(live_server, db):
    rpc = xmlrpc.client.ServerProxy(
        f"{live_server.url}/xmlrpc.php", transport=DeclaringTransport("iso-8859-1")
    )
    assert "pingback.ping" in rpc.system.listMethods()


@pytest.mark.parametrize("charset", ["rot13", "base64", "zlib", "idna"])
def test_source_in_a_charset_that_is_not_text_is_fault_16(
    rpc, target, post, private_allowed, charset
):
    body = citing(target)
    with http_server({"/": respond(200, body, f"text/html; charset={charset}")}) as source:
        code, _message = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
    assert code == FaultCode.SOURCE_NOT_FOUND == 16
    assert not Comment.objects.exists()


def test_a_3000_character_link_text_is_stored_as_a_short_excerpt(
    rpc, target, post, private_allowed
):
    link_text = "mot " * 750
    body = page("Long", f'<p>{LONG}Voir <a href="{target}">{link_text}</a> ici. {LONG}</p>')
    with http_server({"/": respond(200, body)}) as source:
        rpc.pingback.ping(source.url("/"), target)
    stored = Comment.objects.get(post=post).body
    assert len(stored) <= 320
    assert "Voir mot mot" in stored
    assert "mot…" in stored and "… ici." in stored
    assert stored.startswith("[…] ") and stored.endswith(" […]")


def test_source_on_a_port_other_than_80_or_443_is_fault_16_without_connecting(
    rpc, target, post, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    with silent_listener() as listener:
        code, _message = fault_of(lambda: rpc.pingback.ping(listener.url("/"), target))
        assert not listener.connected()
    assert code == FaultCode.SOURCE_NOT_FOUND


def test_beyond_the_verifications_in_flight_the_ping_is_checked_in_the_background(
    rpc, target, post, private_allowed, settings
):
    """No free slot: the answer says the ping awaits its check, which the task worker (run at
    once by the test backend) does, storing it as a verified ping would be."""
    settings.PINGS_VERIFY_IN_FLIGHT = 0
    with http_server({"/ami": respond(200, citing(target))}) as source:
        answer = rpc.pingback.ping(source.url("/ami"), target)
    assert answer == (
        f"Pingback de {source.url('/ami')} vers {target} reçu : il sera vérifié sous peu."
    )
    ping = Comment.objects.get(post=post)
    assert (ping.kind, ping.author_name) == (CommentKind.PINGBACK, "Un blog ami & voisin")
    assert ping.ip_address == "127.0.0.1"


def test_a_source_slower_than_the_inline_deadline_is_left_to_the_background(
    rpc, target, post, private_allowed, settings
):
    settings.PINGS_VERIFY_INLINE_SECONDS = 0.5
    settings.OUTBOUND_FETCH_TIMEOUT = 1
    with http_server({"/lent": drip}) as source:
        started = time.monotonic()
        answer = rpc.pingback.ping(source.url("/lent"), target)
        assert time.monotonic() - started < 3
        assert len(source.requests) == 2  # once at once, once by the task
    assert "il sera vérifié" in answer
    assert not Comment.objects.exists()


def test_verification_slots_are_shared_and_given_back(rpc, target, post, private_allowed):
    from django.core.cache import cache

    from pings import receiving

    with receiving.verification_slot() as first, receiving.verification_slot() as second:
        with receiving.verification_slot() as third:
            assert (first, second, third) == (True, True, False)
        assert cache.get("pings:verifying:0") and cache.get("pings:verifying:1")
    assert cache.get("pings:verifying:0") is None and cache.get("pings:verifying:1") is None
    with http_server({"/": respond(200, page("Rien", "<p>Aucun lien.</p>"))}) as source:
        assert fault_of(lambda: rpc.pingback.ping(source.url("/"), target))[0] == 17
    assert cache.get("pings:verifying:0") is None


def test_client_addresses_of_one_ipv6_network_share_one_limit(client, db, settings):
    settings.PINGS_PER_IP = 2
    call = xmlrpc.client.dumps((), "system.listMethods").encode()

    def fault_code(address):
        response = client.post(reverse("xmlrpc"), call, "text/xml", REMOTE_ADDR=address)
        try:
            xmlrpc.client.loads(response.content)
        except xmlrpc.client.Fault as fault:
            return fault.faultCode
        return None

    assert fault_code("2001:db8:5:6::1") is None
    assert fault_code("2001:db8:5:6:ffff::2") is None
    assert fault_code("2001:db8:5:6:abcd::3") == FaultCode.ACCESS_DENIED
    assert fault_code("2001:db8:5:7::1") is None


def post_xmlrpc(client, body, **extra):
    """POST `body` to the endpoint with the test client; the XML-RPC answer, or its Fault."""
    response = client.post(reverse("xmlrpc"), body, content_type="text/xml", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0'?>\n<methodResponse>\n")
    try:
        return xmlrpc.client.loads(response.content)[0][0]
    except xmlrpc.client.Fault as fault:
        return fault


def one_string_call(text="x"):
    """system.listMethods with one string parameter: elements nest five deep, no more."""
    return xmlrpc.client.dumps((text,), "system.listMethods").encode()


def int_call(digits):
    return (
        "<?xml version='1.0'?><methodCall><methodName>system.listMethods</methodName><params>"
        f"<param><value><int>{digits}</int></value></param></params></methodCall>"
    ).encode()


def test_nesting_up_to_the_limit_is_read_one_level_more_is_a_parse_fault(settings):
    settings.PINGS_MAX_XML_DEPTH = 5
    assert pingback.loads(one_string_call()) == (("x",), "system.listMethods")
    settings.PINGS_MAX_XML_DEPTH = 4
    with pytest.raises(XmlRpcFault) as caught:
        pingback.loads(one_string_call())
    assert (caught.value.code, str(caught.value.__cause__)) == (
        FaultCode.PARSE_ERROR,
        "nesting too deep",
    )


def test_depth_is_counted_down_element_by_element_not_reset(settings):
    """After a shallow first parameter, the second one's array still counts from the top."""
    settings.PINGS_MAX_XML_DEPTH = 7
    call = xmlrpc.client.dumps(("a", ["b"]), "system.listMethods").encode()
    with pytest.raises(XmlRpcFault):
        pingback.loads(call)
    settings.PINGS_MAX_XML_DEPTH = 8
    assert pingback.loads(call) == (("a", ["b"]), "system.listMethods")


def test_sibling_elements_do_not_add_up_to_a_nesting_fault(settings):
    settings.PINGS_MAX_XML_DEPTH = 5
    params = tuple(f"p{n}" for n in range(12))
    call = xmlrpc.client.dumps(params, "system.listMethods").encode()
    assert pingback.loads(call) == (params, "system.listMethods")


def test_numbers_of_32_characters_are_read_33_are_a_parse_fault():
    assert pingback.loads(int_call("9" * 32)) == ((int("9" * 32),), "system.listMethods")
    with pytest.raises(XmlRpcFault) as caught:
        pingback.loads(int_call("9" * 33))
    assert (caught.value.code, str(caught.value.__cause__)) == (
        FaultCode.PARSE_ERROR,
        "number too long",
    )


def test_a_long_number_cut_by_character_references_is_still_counted_whole():
    """Character references count as the digits they stand for."""
    with pytest.raises(XmlRpcFault):
        pingback.loads(int_call("9" * 20 + "&#57;" + "9" * 20))
    assert pingback.loads(int_call("9" * 15 + "&#57;" + "9" * 15)) == (
        (int("9" * 31),),
        "system.listMethods",
    )


def test_long_strings_are_not_held_to_the_numbers_limit():
    text = "une chaîne bien plus longue que trente-deux caractères"
    assert pingback.loads(one_string_call(text)) == ((text,), "system.listMethods")


@pytest.mark.parametrize(
    "body",
    [
        b"<methodCall><methodName>x</methodName><params><param><value><int>12a</int>"
        b"</value></param></params></methodCall>",  # ValueError in the unmarshaller
        b"<methodCall><methodName>x</methodName>",  # ParseError: unclosed
        b"<?xml version='1.0' encoding='rot13'?><methodCall/>",  # LookupError
        # A document type declaration alone, with nothing in it, is refused too.
        one_string_call().replace(b"<methodCall>", b"<!DOCTYPE methodCall><methodCall>", 1),
    ],
)
def test_every_kind_of_unreadable_call_is_the_same_parse_fault(client, db, body):
    fault = post_xmlrpc(client, body)
    assert (fault.faultCode, fault.faultString) == (
        FaultCode.PARSE_ERROR,
        "La requête n’est pas un appel XML-RPC acceptable.",
    )


@pytest.mark.parametrize(
    "body",
    [
        xmlrpc.client.dumps(("bonjour",), methodresponse=True).encode(),
        xmlrpc.client.dumps(xmlrpc.client.Fault(4, "non"), methodresponse=True).encode(),
    ],
)
def test_a_posted_response_is_an_invalid_request(client, db, body):
    fault = post_xmlrpc(client, body)
    assert (fault.faultCode, fault.faultString) == (
        FaultCode.INVALID_REQUEST,
        "Un appel de méthode était attendu.",
    )


def test_unknown_methods_and_wrong_parameters_are_named_faults(client, db):
    unknown = post_xmlrpc(client, xmlrpc.client.dumps((), "pingback.nothing").encode())
    assert (unknown.faultCode, unknown.faultString) == (
        FaultCode.METHOD_NOT_FOUND,
        "Méthode inconnue.",
    )
    numbers = post_xmlrpc(client, xmlrpc.client.dumps((1, 2), "pingback.ping").encode())
    assert (numbers.faultCode, numbers.faultString) == (
        FaultCode.INVALID_PARAMS,
        "Paramètres incorrects pour cette méthode.",
    )


def test_a_fault_is_an_exception_with_its_message():
    fault = XmlRpcFault(FaultCode.NO_LINK, "Pas de lien.")
    assert (fault.code, fault.message, str(fault)) == (17, "Pas de lien.", "Pas de lien.")


def test_get_and_too_large_answers_are_plain_french_text(client, db, settings):
    get = client.get(reverse("xmlrpc"))
    assert get["Content-Type"] == "text/plain; charset=utf-8"
    assert get.content.decode().startswith("Ceci est l’adresse XML-RPC de Carnet")
    settings.PINGS_MAX_REQUEST_BYTES = 100
    big = client.post(reverse("xmlrpc"), one_string_call("a" * 200), content_type="text/xml")
    assert (big.status_code, big["Content-Type"]) == (413, "text/plain; charset=utf-8")
    assert big.content.decode() == "Requête trop volumineuse."


def test_a_pings_method_call_over_the_pings_cap_is_413_under_the_publishing_one(
    client, db, settings
):
    """The publishing methods may read more: the pings' own methods and garbage may not."""
    settings.PINGS_MAX_REQUEST_BYTES = 300
    settings.PINGS_PER_IP = 100
    padded = one_string_call("a" * 400)
    garbage = b"<methodCall>" + b" " * 400
    for body in (padded, garbage):
        response = client.post(reverse("xmlrpc"), body, content_type="text/xml")
        assert response.status_code == 413
    assert post_xmlrpc(client, one_string_call("a" * 10)).faultCode == FaultCode.INVALID_PARAMS


def test_unreadable_calls_count_against_the_client_limit(client, db, settings):
    settings.PINGS_PER_IP = 2
    for _ in range(2):
        assert post_xmlrpc(client, b"pas du xml").faultCode == FaultCode.PARSE_ERROR
    assert post_xmlrpc(client, b"pas du xml").faultCode == FaultCode.ACCESS_DENIED


class NamedTransport(xmlrpc.client.Transport):
    user_agent = "Un blogueur/" + "x" * 600


def test_ping_answer_and_the_sender_stored_with_its_user_agent_cut(
    live_server, target, post, private_allowed
):
    rpc = xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc.php", transport=NamedTransport())
    with http_server({"/ami": respond(200, citing(target))}) as source:
        answer = rpc.pingback.ping(source.url("/ami"), target)
    assert answer == f"Pingback de {source.url('/ami')} vers {target} enregistré. Merci !"
    ping = Comment.objects.get(post=post)
    assert ping.user_agent == NamedTransport.user_agent[:500]
    assert ping.author_url == source.url("/ami")


def test_a_ping_checked_later_keeps_its_sender(
    live_server, target, post, private_allowed, settings
):
    settings.PINGS_VERIFY_IN_FLIGHT = 0
    rpc = xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc.php", transport=NamedTransport())
    with http_server({"/ami": respond(200, citing(target))}) as source:
        rpc.pingback.ping(source.url("/ami"), target)
    ping = Comment.objects.get(post=post)
    assert (ping.author_url, ping.ip_address) == (source.url("/ami"), "127.0.0.1")
    assert ping.user_agent == NamedTransport.user_agent[:500]


def test_a_source_gone_is_a_generic_fault_with_the_unreachable_message(
    rpc, target, post, private_allowed
):
    """SourceGone has no fault code of its own: the family's generic one."""
    with http_server({"/": respond(410, b"parti")}) as source:
        code, message = fault_of(lambda: rpc.pingback.ping(source.url("/"), target))
    assert (code, message) == (FaultCode.GENERIC, "La source n’a pas pu être lue.")


def test_background_check_stores_a_citing_source_with_its_sender(post, private_allowed):
    with http_server({"/ami": respond(200, citing("http://testserver/x"))}) as source:
        target = "http://testserver" + post.get_absolute_url()
        source.routes["/ami"] = respond(200, citing(target))
        result = verify_pingback.call(
            post_id=post.pk,
            source=source.url("/ami"),
            target=target,
            ip_address="192.0.2.7",
            user_agent="Lecteur/1",
        )
    assert result == "stored"
    ping = Comment.objects.get(post=post)
    assert (ping.kind, ping.author_url) == (CommentKind.PINGBACK, source.url("/ami"))
    assert (ping.ip_address, ping.user_agent) == ("192.0.2.7", "Lecteur/1")
    assert ping.author_name == "Un blog ami & voisin"


def test_background_check_ignores_closed_posts_and_known_sources(post, private_allowed):
    target = "http://testserver" + post.get_absolute_url()
    closed = PostFactory(pings_open=False)
    with http_server({"/ami": respond(200, citing(target))}) as source:
        url = source.url("/ami")
        assert verify_pingback.call(post_id=closed.pk, source=url, target=target) == "ignored"
        CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url=url)
        assert verify_pingback.call(post_id=post.pk, source=url, target=target) == "ignored"
        assert source.requests == []
    assert Comment.objects.count() == 1


def test_background_check_drops_and_logs_a_source_without_the_link(post, private_allowed, caplog):
    target = "http://testserver" + post.get_absolute_url()
    with http_server({"/": respond(200, page("Rien", "<p>Aucun lien.</p>"))}) as source:
        with caplog.at_level(logging.INFO, logger="pings.pingback"):
            result = verify_pingback.call(post_id=post.pk, source=source.url("/"), target=target)
    assert result == "ignored"
    assert not Comment.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name == "pings.pingback"] == [
        f"Pingback from {source.url('/')} not stored: "
        "La source ne contient pas de lien vers la cible."
    ]


def test_get_pingbacks_lists_sources_oldest_first(rpc, target, post):
    CommentFactory(post=PostFactory(), kind=CommentKind.PINGBACK, author_url="https://z.example/")
    for days, url in [
        (1, "https://b.example/2"),
        (3, "https://a.example/1"),
        (2, "https://c.example/3"),
    ]:
        ping = CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url=url)
        Comment.objects.filter(pk=ping.pk).update(created_at=timezone.now() - timedelta(days=days))
    assert rpc.pingback.extensions.getPingbacks(target) == [
        "https://a.example/1",
        "https://c.example/3",
        "https://b.example/2",
    ]


def test_advertising_adds_to_a_link_header_already_there(rf, db):
    post = PostFactory()
    response = HttpResponse()
    response["Link"] = '<https://carnet.example/>; rel="canonical"'
    pingback.advertise(response, request=rf.get("/"), post=post)
    assert dict(response.items())["Link"] == (
        '<https://carnet.example/>; rel="canonical", '
        '<http://testserver/webmention/>; rel="webmention"'
    )
    assert dict(response.items())["X-Pingback"] == "http://testserver/xmlrpc.php"


def test_a_registered_method_is_served_with_its_own_request_cap(client, db, settings):
    # The registry is read by name where it is served: changed in place, restored after.
    methods, limits = dict(xmlrpc_registry.EXTENSIONS), set(xmlrpc_registry.EXTENSIONS_LIMITS)
    xmlrpc_registry.EXTENSIONS_LIMITS.clear()
    settings.PINGS_MAX_REQUEST_BYTES = 300
    try:
        echo = lambda request, params: params[0]  # noqa: E731
        xmlrpc_registry.register("test.echo", echo, max_request_bytes=lambda: 900)
        xmlrpc_registry.register("test.ping", lambda request, params: "pong")
        long_text = "é" * 200
        echo_call = xmlrpc.client.dumps((long_text,), "test.echo").encode()
        assert 300 < len(echo_call) < 900
        assert post_xmlrpc(client, echo_call) == long_text
        assert post_xmlrpc(client, xmlrpc.client.dumps((), "test.ping").encode()) == "pong"
        assert "test.echo" in post_xmlrpc(
            client, xmlrpc.client.dumps((), "system.listMethods").encode()
        )
    finally:
        xmlrpc_registry.EXTENSIONS.clear()
        xmlrpc_registry.EXTENSIONS.update(methods)
        xmlrpc_registry.EXTENSIONS_LIMITS.clear()
        xmlrpc_registry.EXTENSIONS_LIMITS.update(limits)


def test_the_inline_check_gives_up_at_its_own_deadline_not_the_fetchs(
    rpc, target, post, private_allowed, settings
):
    settings.PINGS_VERIFY_INLINE_SECONDS = 0.3
    settings.OUTBOUND_FETCH_TIMEOUT = 2.5
    started_at = []

    def timed_drip(handler):
        started_at.append(time.monotonic())
        drip(handler)

    with http_server({"/lent": timed_drip}) as source:
        rpc.pingback.ping(source.url("/lent"), target)
    assert len(started_at) == 2
    assert started_at[1] - started_at[0] < 1.5  # 0.3 s, and never the 2.5 s of a full fetch


def test_a_ping_without_user_agent_is_stored_with_none(client, post, private_allowed):
    target = "http://testserver" + post.get_absolute_url()
    with http_server({"/ami": respond(200, citing(target))}) as source:
        call = xmlrpc.client.dumps((source.url("/ami"), target), "pingback.ping").encode()
        answer = post_xmlrpc(client, call)
    assert "enregistré" in answer
    assert Comment.objects.get(post=post).user_agent == ""
