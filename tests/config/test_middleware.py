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
