"""The media library in the French admin: uploads judged there, errors in French, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from images.models import Image
from tests.images import samples
from tests.images.conftest import stored_files

pytestmark = pytest.mark.django_db

ADD = "admin:images_image_add"


@pytest.fixture
def author(client, staff):
    client.force_login(staff)
    return client


def upload(client, name, data, title="Coucher de soleil"):
    return client.post(
        reverse(ADD),
        {
            "title": title,
            "alt_text": "Le soleil sur la mer",
            "upload": SimpleUploadedFile(name, data),
        },
    )


def errors(response):
    return [str(e) for e in response.context["adminform"].form.errors.get("upload", [])]


def test_upload_page_is_french(author):
    html = author.get(reverse(ADD)).content.decode()
    assert "Texte alternatif" in html
    assert "JPEG, PNG, GIF ou WebP" in html


def test_upload_stores_the_image_and_its_renditions(author, media):
    response = upload(author, "photo.jpg", samples.jpeg((2000, 1000)))
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.title == "Coucher de soleil"
    assert len(image.renditions) == 6
    assert len(stored_files(media)) == 7
    change = author.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert f"[[image:{image.pk}]]" in change


def test_uploaded_name_is_never_used(author, media):
    response = upload(author, "../../x.php", samples.png((600, 400)))
    assert response.status_code == 302
    files = stored_files(media)
    assert files and not any("x.php" in f or "x" == f.split("/")[-1].split(".")[0] for f in files)
    assert all(f.startswith("images/") for f in files)
    assert not (media.parent / "x.php").exists()


def test_php_script_named_like_an_image_is_refused(author, media):
    response = upload(author, "photo.jpg", b"<?php system($_GET['c']); ?>")
    assert response.status_code == 200
    assert errors(response) == [
        "Ce fichier n’est pas une image acceptée par Carnet. Envoyez une image JPEG, PNG, GIF ou "
        "WebP (les fichiers EPS, PSD, TIFF et SVG sont refusés)."
    ]
    assert 'value="Coucher de soleil"' in response.content.decode()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("image.tiff", samples.tiff, "n’est pas une image acceptée"),
        ("image.eps", samples.eps, "n’est pas une image acceptée"),
        ("image.psd", samples.psd, "n’est pas une image acceptée"),
        ("image.svg", samples.svg, "n’est pas une image acceptée"),
        ("image.png", samples.png_header_then_html, "abîmée ou incomplète"),
        ("image.jpg", samples.truncated_jpeg, "abîmée ou incomplète"),
        ("bombe.png", samples.decompression_bomb, "trop de pixels"),
        ("grande.png", samples.warning_zone_png, "trop de pixels"),
    ],
)
def test_refused_files_get_a_french_error(author, media, name, make, message):
    response = upload(author, name, make())
    assert response.status_code == 200
    assert any(message in error for error in errors(response)), errors(response)
    assert not Image.objects.exists()
    assert stored_files(media) == []


def test_zero_byte_file_gets_a_french_error(author):
    response = upload(author, "vide.jpg", b"")
    assert response.status_code == 200
    assert errors(response) == ["Le fichier soumis est vide."]


def test_a_new_image_needs_a_file(author):
    response = author.post(reverse(ADD), {"title": "Sans fichier", "alt_text": ""})
    assert response.status_code == 200
    assert errors(response) == ["Choisissez une image à envoyer."]


def test_title_and_alt_text_change_without_a_new_file(author, make_image):
    image = make_image(samples.jpeg())
    url = reverse("admin:images_image_change", args=[image.pk])
    response = author.post(url, {"title": "Nouveau titre", "alt_text": "Nouveau texte"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.title, image.alt_text, len(image.renditions)) == (
        "Nouveau titre",
        "Nouveau texte",
        6,
    )


def test_deleting_in_the_admin_removes_the_files(
    author, make_image, media, django_capture_on_commit_callbacks
):
    image = make_image(samples.jpeg())
    url = reverse("admin:images_image_delete", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert stored_files(media) == []


def test_library_list_shows_thumbnails(author, make_image):
    make_image(samples.jpeg(), title="Plage")
    html = author.get(reverse("admin:images_image_changelist")).content.decode()
    assert "Plage" in html
    assert '<img src="/media/images/' in html
