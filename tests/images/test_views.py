"""The avatar view: drawn once, stored, served with long cache headers, only for real tokens."""

import pytest
from django.urls import reverse

from images import avatars
from tests.images.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_avatar_is_a_png_cached_for_long(client, media):
    token = avatars.avatar_token("lecteur@example.org")
    response = client.get(reverse("images:avatar", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=2592000"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert stored_files(media) == [f"avatars/{token}.png"]


def test_same_person_same_picture_other_person_other_picture(client):
    def picture(email):
        url = reverse("images:avatar", kwargs={"token": avatars.avatar_token(email)})
        return b"".join(client.get(url).streaming_content)

    assert picture("a@example.org") == picture("A@Example.org")
    assert picture("a@example.org") != picture("b@example.org")


def test_invented_token_is_not_found_and_stores_nothing(client, media):
    token = avatars.avatar_token("lecteur@example.org")
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert client.get(f"/avatar/{forged}.png").status_code == 404
    assert stored_files(media) == []


def test_token_depends_on_the_secret_key(settings):
    before = avatars.avatar_token("lecteur@example.org")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert avatars.avatar_token("lecteur@example.org") != before
