"""Writes with side effects: images and avatars stored, files first, then the row."""

import uuid
from http import HTTPStatus
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from . import avatars, conf, processing
from .models import Image, ImageFormat, storage_name


def upload_limits(max_bytes=None):
    """The limits every upload is checked against, from the settings."""
    return processing.Limits(
        max_bytes=max_bytes or conf.settings.IMAGES_MAX_UPLOAD_BYTES,
        max_width=conf.settings.IMAGES_MAX_WIDTH,
        max_height=conf.settings.IMAGES_MAX_HEIGHT,
        max_pixels=conf.settings.IMAGES_MAX_PIXELS,
    )


def image_prepare(*, fileobj):
    """The upload validated and cleaned (see `processing.prepare`); raises `ImageRefusedError`."""
    return processing.prepare(
        fileobj, limits=upload_limits(), keep_max_edge=conf.settings.IMAGES_KEEP_MAX_EDGE
    )


def image_create(*, title, alt_text, prepared):
    """A new library image from a `Prepared` upload (see `image_store`)."""
    return image_store(image=Image(title=title, alt_text=alt_text), prepared=prepared)


def image_store(*, image, prepared):
    """Store a `Prepared` image and its renditions under a new generated folder, then save `image`.

    Files are written before the row, so a page never names a missing file; should anything fail,
    the files written so far are removed. When `image` replaces an earlier file, the earlier files
    are deleted once the new row is committed.
    """
    previous = _file_names(image) if image.pk else []
    saved = []
    done = False
    try:
        image.file, image.renditions = _write_files(prepared, saved)
        image.width, image.height = prepared.image.size
        image.format = prepared.format
        image.was_animated = prepared.animated
        with transaction.atomic():
            image.save()
            transaction.on_commit(lambda: _delete_files(previous))
        done = True
    finally:
        if not done:
            _delete_files(saved)
    return image


def _write_files(prepared, saved):
    """Write the processed image and its renditions; return (its name, the renditions' list)."""
    folder = f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    options = _encoder_options()
    fmt = prepared.format
    data = processing.encode(prepared.image, fmt, **options)
    saved.append(_save(storage_name(folder, "image", fmt), data))
    formats = [fmt] if fmt == ImageFormat.WEBP else [ImageFormat.WEBP, fmt]
    renditions = []
    for width, height, rfmt, data in processing.renditions(
        prepared.image, widths=conf.settings.IMAGES_RENDITION_WIDTHS, formats=formats, **options
    ):
        saved.append(_save(storage_name(folder, f"{width}w", rfmt), data))
        renditions.append({"width": width, "height": height, "format": rfmt, "name": saved[-1]})
    renditions.sort(key=lambda r: (r["format"], r["width"]))
    return saved[0], renditions


def _file_names(image):
    return [image.file.name, *(r["name"] for r in image.renditions)]


def _delete_files(names):
    for name in names:
        default_storage.delete(name)


def _encoder_options():
    return {
        "jpeg_quality": conf.settings.IMAGES_JPEG_QUALITY,
        "webp_quality": conf.settings.IMAGES_WEBP_QUALITY,
    }


def _save(name, data):
    return default_storage.save(name, ContentFile(data))


@transaction.atomic
def image_delete(*, image):
    """Delete the row, then its files once the deletion is committed."""
    names = _file_names(image)
    image.delete()
    transaction.on_commit(lambda: _delete_files(names))


def avatar_get_or_create(*, token):
    """The storage name of the avatar for `token`, drawing and storing the identicon the first time.

    Two workers drawing the same identicon at once both save; the one whose file got a new name
    (the storage never overwrites) deletes its copy.
    """
    name = avatars.storage_name(token)
    if default_storage.exists(name):
        return name
    picture = avatars.draw_identicon(token, conf.settings.AVATARS_STORED_SIZE)
    saved = _save(name, processing.encode(picture, "PNG"))
    if saved != name:
        default_storage.delete(saved)
    return name


def avatar_store_from_bytes(*, user, data):
    """Store `data` (a provider's picture) as `user`'s avatar: checked like an upload, squared.

    Returns the storage name. Raises `processing.ImageRefusedError` when `data` is not an
    acceptable image.
    """
    return _avatar_store(member_avatar_name(user), data)


def avatar_store_for_address(*, email, data):
    """Store `data` as the picture shown for `email` (a key of `images.avatars`), checked like an
    upload and squared, in place of its identicon. Returns the storage name; raises
    `processing.ImageRefusedError` when `data` is not an acceptable image."""
    return _avatar_store(avatars.storage_name(avatars.avatar_token(email)), data)


def _avatar_store(name, data):
    limits = upload_limits(max_bytes=conf.settings.AVATARS_MAX_FETCH_BYTES)
    size = conf.settings.AVATARS_STORED_SIZE
    prepared = processing.prepare(BytesIO(data), limits=limits, keep_max_edge=size * 4)
    picture = processing.square(prepared.image, size)
    default_storage.delete(name)
    saved = _save(name, processing.encode(picture, "PNG"))
    if saved != name:
        default_storage.delete(saved)
    return name


def member_avatar_name(user):
    """Where `user`'s stored provider picture lives (whether it exists or not)."""
    key = avatars.member_key(email=user.email, user_id=user.pk)
    return avatars.storage_name(avatars.avatar_token(key))


def avatar_store_from_url(*, user, url):
    """Fetch `user`'s picture at their login provider once, through the one safe fetcher.

    The fetch obeys the outbound rules of `core.outbound` (public addresses only, one total
    deadline, a size cap). Call it after a social login. Returns what `avatar_store_from_bytes`
    does; raises `outbound.FetchFailed` (also for an answer other than 200) or `ImageRefusedError`.
    """
    from core import outbound

    response = outbound.fetch(url, max_bytes=conf.settings.AVATARS_MAX_FETCH_BYTES)
    if response.status != HTTPStatus.OK:
        raise outbound.Unreachable(f"status {response.status}")
    return avatar_store_from_bytes(user=user, data=response.body)
