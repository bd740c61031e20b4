"""Micropub requests as the W3C Recommendation's examples write them, over HTTP."""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from blog.models import Post, Status
from images.models import Image
from tests.core.peers import PEER_PORTS, http_server, respond
from tests.images.samples import jpeg


@pytest.fixture
def endpoint(live_server):
    return f"{live_server.url}/micropub/"


def send(url, *, token, data=None, json_body=None, headers=None):
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = None
    if json_body is not None:
        body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
    elif data is not None:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, dict(refused.headers), refused.read()


@pytest.fixture
def token(author, author_password):
    return f"camille:{author_password}"


def test_form_encoded_h_entry_is_created(endpoint, token, author):
    status, headers, _body = send(
        endpoint,
        token=token,
        data={
            "h": "entry",
            "content": "Micropub test of creating a basic h-entry",
            "category[]": ["test1", "test2"],
        },
    )
    assert status == 201
    post = Post.objects.get()
    assert headers["Location"].endswith(post.get_absolute_url())
    assert post.author == author and post.is_public
    assert sorted(t.name for t in post.tags.all()) == ["test1", "test2"]


def test_json_h_entry_draft_with_name_and_html(endpoint, token):
    status, _headers, _body = send(
        endpoint,
        token=token,
        json_body={
            "type": ["h-entry"],
            "properties": {
                "name": ["Un article"],
                "content": [{"html": "<p>Bonjour <b>monde</b></p><script>x()</script>"}],
                "post-status": ["draft"],
            },
        },
    )
    assert status == 201
    post = Post.objects.get()
    assert (post.title, post.status) == ("Un article", Status.DRAFT)
    assert "<b>monde</b>" in post.body_html and "<script" not in post.body_html


def test_queries_config_syndicate_and_source(endpoint, token, live_server):
    status, _headers, body = send(endpoint + "?q=config", token=token)
    assert status == 200 and json.loads(body)["media-endpoint"].endswith("/micropub/media/")
    assert json.loads(send(endpoint + "?q=syndicate-to", token=token)[2]) == {"syndicate-to": []}
    location = send(
        endpoint, token=token, data={"h": "entry", "name": "Titre", "content": "Texte"}
    )[1]["Location"]
    source = json.loads(
        send(
            endpoint + "?" + urllib.parse.urlencode({"q": "source", "url": location}), token=token
        )[2]
    )
    assert source["type"] == ["h-entry"] and source["properties"]["name"] == ["Titre"]
    query = urllib.parse.urlencode(
        {"q": "source", "properties[]": ["content"], "url": location}, doseq=True
    )
    assert json.loads(send(endpoint + "?" + query, token=token)[2]) == {
        "properties": {"content": ["Texte"]}
    }


def test_update_replace_add_delete_then_delete(endpoint, token, author):
    location = send(
        endpoint,
        token=token,
        data={"h": "entry", "name": "Avant", "content": "Texte", "category": "a"},
    )[1]["Location"]
    update = {
        "action": "update",
        "url": location,
        "replace": {"name": ["Après"]},
        "add": {"category": ["b"]},
        "delete": {"category": ["a"]},
    }
    assert send(endpoint, token=token, json_body=update)[0] == 200
    post = Post.objects.get()
    assert post.title == "Après" and [t.name for t in post.tags.all()] == ["b"]
    status, _headers, body = send(
        endpoint, token=token, json_body={"action": "delete", "url": location}
    )
    assert status == 403 and json.loads(body)["error"] == "forbidden"  # an "Auteur" cannot delete
    author.is_superuser = True
    author.save()
    assert send(endpoint, token=token, json_body={"action": "delete", "url": location})[0] == 204
    assert not Post.objects.get().is_public


def test_refusals(endpoint, author, author_password):
    assert send(endpoint, token=None, data={"h": "entry", "content": "x"})[0] == 401
    status, _headers, body = send(
        endpoint, token="camille:mot-de-passe-de-test", data={"h": "entry", "content": "x"}
    )
    assert status == 401 and json.loads(body)["error"] == "unauthorized"
    assert (
        send(endpoint, token=f"camille:{author_password}", data={"h": "event", "content": "x"})[0]
        == 400
    )
    assert (
        send(endpoint, token=f"camille:{author_password}", json_body=["pas", "un", "objet"])[0]
        == 400
    )
    assert not Post.objects.exists()


def test_media_endpoint_stores_an_image(live_server, token):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + jpeg((300, 200))
        + f"\r\n--{boundary}--\r\n".encode()
    )
    status, headers, _body = _multipart(live_server, token, boundary, body)
    assert status == 201
    image = Image.objects.get()
    assert headers["Location"].endswith(image.file.url)
    endpoint = f"{live_server.url}/micropub/"
    entry = {"h": "entry", "content": "Avec photo", "photo": headers["Location"]}
    assert send(endpoint, token=token, data=entry)[0] == 201
    assert Post.objects.get().featured_image == image
    # A private address is never fetched (the safe fetcher's rule): refused, nothing stored.
    elsewhere = {"h": "entry", "content": "x", "photo": "http://127.0.0.1:9/a.jpg"}
    status, _headers, body = send(endpoint, token=token, data=elsewhere)
    assert status == 400 and "point d’envoi des médias" in json.loads(body)["error_description"]
    assert Post.objects.count() == 1 and Image.objects.count() == 1


def _multipart(live_server, token, boundary, body, path="/micropub/media/"):
    request = urllib.request.Request(
        f"{live_server.url}{path}",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def test_discovery_link_and_header_on_the_home_page(client, db, settings):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):  # rendered, then from the page cache
        response = client.get("/")
        assert '<link rel="micropub" href="/micropub/">' in response.content.decode()
        assert '</micropub/>; rel="micropub"' in response["Link"]
    assert "micropub" not in client.get("/feed/").get("Link", "")


def test_delete_then_undelete_gives_the_post_back_as_it_was(endpoint, token, author, client):
    author.is_superuser = True
    author.save()
    location = send(
        endpoint,
        token=token,
        data={"h": "entry", "name": "Retour", "content": "Texte", "category[]": ["mer"]},
    )[1]["Location"]
    post = Post.objects.get()
    path = post.get_absolute_url()
    assert client.get(path).status_code == 200
    # Form-encoded, as the Recommendation's delete example writes it.
    assert send(endpoint, token=token, data={"action": "delete", "url": location})[0] == 204
    assert client.get(path).status_code == 404
    source = send(
        endpoint + "?" + urllib.parse.urlencode({"q": "source", "url": location}), token=token
    )
    assert source[0] == 400
    assert (
        send(
            endpoint,
            token=token,
            json_body={"action": "update", "url": location, "replace": {"name": ["Non"]}},
        )[0]
        == 400
    )
    assert send(endpoint, token=token, json_body={"action": "undelete", "url": location})[0] == 204
    post.refresh_from_db()
    assert (post.title, post.status, post.get_absolute_url()) == ("Retour", Status.PUBLISHED, path)
    assert [t.name for t in post.tags.all()] == ["mer"]
    assert client.get(path).status_code == 200
    status, _headers, body = send(
        endpoint, token=token, json_body={"action": "undelete", "url": location}
    )
    assert status == 400 and json.loads(body)["error_description"]


def test_a_deleted_post_is_emptied_from_the_trash_after_the_delay(endpoint, token, author):
    import datetime

    import time_machine

    from publishing.models import TrashedPost
    from publishing.trash import trash_empty

    author.is_superuser = True
    author.save()
    location = send(endpoint, token=token, data={"h": "entry", "content": "Bientôt parti"})[1][
        "Location"
    ]
    deleted = send(endpoint, token=token, data={"action": "delete", "url": location})
    assert deleted[0] == 204, deleted
    assert trash_empty() == 0 and Post.objects.exists()
    republished = send(endpoint, token=token, data={"h": "entry", "content": "Repris"})[1]
    send(endpoint, token=token, data={"action": "delete", "url": republished["Location"]})
    again = Post.objects.get(title="Repris")
    again.status = Status.PUBLISHED  # published again from the admin: out of the trash
    again.save()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False):
        assert trash_empty() == 1
    assert list(Post.objects.all()) == [again] and not TrashedPost.objects.exists()


def test_update_with_the_delete_list_form_removes_the_property(endpoint, token):
    location = send(
        endpoint, token=token, data={"h": "entry", "name": "T", "content": "x", "category": "a"}
    )[1]["Location"]
    body = {"action": "update", "url": location, "delete": ["category"]}
    assert send(endpoint, token=token, json_body=body)[0] == 200
    assert not Post.objects.get().tags.exists()


def test_another_authors_post_cannot_be_updated_or_deleted(endpoint, token, client):
    from tests.factories import PostFactory

    theirs = PostFactory(title="Pas à moi")
    url = client.get(theirs.get_absolute_url()).wsgi_request.build_absolute_uri()
    for action in (
        {"action": "update", "url": url, "replace": {"name": ["Volé"]}},
        {"action": "delete", "url": url},
        {"action": "undelete", "url": url},
    ):
        status, _headers, body = send(endpoint, token=token, json_body=action)
        assert status == 403 and json.loads(body)["error"] == "forbidden"
    theirs.refresh_from_db()
    assert theirs.title == "Pas à moi" and theirs.is_public


def test_wrong_types_and_huge_bodies_are_refused(endpoint, token, settings):
    for properties in ({"content": [{"html": 42}]}, {"published": ["hier"]}, "texte"):
        status, _headers, body = send(
            endpoint, token=token, json_body={"type": ["h-entry"], "properties": properties}
        )
        assert status == 400 and json.loads(body)["error"] == "invalid_request"
    settings.PUBLISHING_MAX_REQUEST_BYTES = 1000
    big = {"type": ["h-entry"], "properties": {"content": ["x" * 2000]}}
    assert send(endpoint, token=token, json_body=big)[0] == 413
    assert not Post.objects.exists()


def test_multipart_create_with_the_photo_as_a_file(live_server, token):
    """The Recommendation's "uploading a photo" example: h=entry, content, photo as a file."""
    boundary = uuid.uuid4().hex

    def field(name, value):
        return f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'

    body = (
        (field("h", "entry") + field("content", "Hello World!")).encode()
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
            'filename="aaronpk.png"\r\nContent-Type: image/jpeg\r\n\r\n'
        ).encode()
        + jpeg((120, 80))
        + f"\r\n--{boundary}--\r\n".encode()
    )
    assert _multipart(live_server, token, boundary, body, path="/micropub/")[0] == 201
    post = Post.objects.get()
    assert post.title == "Hello World!" and post.featured_image == Image.objects.get()


def test_json_create_with_a_photo_on_another_site_fetches_it_safely(endpoint, token, settings):
    """The Recommendation's JSON example: content, category and a photo by its address."""
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True  # the "other site" is a real server on loopback
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS
    routes = {
        "/592829482876343254.jpg": respond(body=jpeg((160, 90)), content_type="image/jpeg"),
        "/not-an-image.jpg": respond(body=b"<html></html>"),
    }
    with http_server(routes) as photos:
        entry = {
            "type": ["h-entry"],
            "properties": {
                "content": ["hello world"],
                "category": ["foo", "bar"],
                "photo": [photos.url("/592829482876343254.jpg")],
            },
        }
        assert send(endpoint, token=token, json_body=entry)[0] == 201
        entry["properties"]["photo"] = [{"value": photos.url("/not-an-image.jpg"), "alt": "?"}]
        assert send(endpoint, token=token, json_body=entry)[0] == 400
        entry["properties"]["photo"] = [photos.url("/missing.jpg")]
        assert send(endpoint, token=token, json_body=entry)[0] == 400
    post = Post.objects.get()
    assert post.featured_image == Image.objects.get() and post.featured_image.width == 160
    assert sorted(t.name for t in post.tags.all()) == ["bar", "foo"]


def test_update_with_wrong_shapes_is_refused_and_changes_nothing(endpoint, token):
    location = send(endpoint, token=token, data={"h": "entry", "name": "Tel quel", "content": "x"})[
        1
    ]["Location"]
    for change in (
        {"replace": ["name"]},
        {"replace": {"name": "pas une liste"}},
        {"add": {"category": "a"}},
        {"delete": "category"},
    ):
        status, _headers, body = send(
            endpoint, token=token, json_body={"action": "update", "url": location, **change}
        )
        assert status == 400 and json.loads(body)["error"] == "invalid_request"
    post = Post.objects.get()
    assert post.title == "Tel quel" and not post.tags.exists()
