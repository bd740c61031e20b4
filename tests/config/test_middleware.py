"""The site-wide middleware of config/: language and NUL bytes."""

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_nul_bytes_are_dropped_from_the_query_string(client):
    PostFactory(title="Levain")
    response = client.get("/?s=Lev%00ain")
    assert response.status_code == 200
    assert response.context["search_query"] == "Levain"
    assert "1 billet trouvé." in response.content.decode()


def test_nul_byte_in_the_path_is_not_found(client):
    assert client.get("/a%00b/").status_code == 404


def test_french_whatever_the_browser_asks_and_english_on_request(client):
    assert "Articles récents" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Recent posts" in html


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client cannot choose its address
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "127.0.0.1"),  # fewer hops than proxies: keep the socket's address
        (1, "::ffff:203.0.113.9", "203.0.113.9"),  # one reader, one spelling
        (0, "", "127.0.0.1"),
    ],
)
def test_reader_address_behind_trusted_proxies(rf, settings, count, forwarded, expected):
    from config.middleware import TrustedProxyMiddleware

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    seen = TrustedProxyMiddleware(lambda r: r.META["REMOTE_ADDR"])(request)
    assert seen == expected


def test_an_ipv4_mapped_socket_address_is_read_as_ipv4(rf, settings):
    from config.middleware import TrustedProxyMiddleware

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="::ffff:192.0.2.1")
    assert TrustedProxyMiddleware(lambda r: r.META["REMOTE_ADDR"])(request) == "192.0.2.1"
