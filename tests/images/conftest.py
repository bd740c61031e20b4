"""Every images test writes its files into its own media folder."""

from io import BytesIO

import pytest

from images import services


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_image(db):
    """A library image stored from `data` (bytes of a real file), as the admin would."""

    def make(data, title="Une image", alt_text="Un texte alternatif"):
        prepared = services.image_prepare(fileobj=BytesIO(data))
        return services.image_create(title=title, alt_text=alt_text, prepared=prepared)

    return make


def stored_files(media):
    """Every file under the media folder, by path relative to it."""
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
