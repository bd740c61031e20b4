"""Commenters' faces without a third party: an identicon drawn from a keyed hash of the e-mail.

The token in an avatar's URL is an HMAC of the lower-cased e-mail with a key derived from
SECRET_KEY: the same person always gets the same picture, and nobody without the key can recover
the address from it (a plain hash of an e-mail, as Gravatar uses, is reversed by guessing). The
token ends with a check of its own, so the avatar view draws and stores only for tokens this site
issued: a crawler inventing URLs cannot fill the disk.
"""

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from PIL import Image, ImageDraw

from . import conf

HASH_SALT = "carnet.images.avatar"
CHECK_SALT = "carnet.images.avatar.check"
DIGEST_LENGTH = 32
CHECK_LENGTH = 8
GRID = 5  # cells per side; the left half is mirrored, as every classic identicon


def normalize_email(email):
    return (email or "").strip().lower()


def member_key(*, email, user_id):
    """What a commenter's avatar is keyed on: their e-mail, or for a member who has none (an X
    login gives none) a stable per-account address, so their provider picture still shows."""
    return email or (f"member-{user_id}@members.invalid" if user_id else "")


def avatar_token(email):
    """The avatar token of `email`: stable, keyed, not reversible, and self-checking."""
    return _token(settings.SECRET_KEY, normalize_email(email))


@lru_cache(maxsize=4096)
def _token(secret, email):
    # Two HMACs per commenter on every page render otherwise; the secret is part of the key.
    digest = salted_hmac(HASH_SALT, email, secret=secret, algorithm="sha256").hexdigest()
    digest = digest[:DIGEST_LENGTH]
    return digest + _check(digest)


def is_valid_token(token):
    """True when `token` was issued by `avatar_token` on this site."""
    if len(token) != DIGEST_LENGTH + CHECK_LENGTH:
        return False
    digest, check = token[:DIGEST_LENGTH], token[DIGEST_LENGTH:]
    return hmac.compare_digest(check, _check(digest))


def _check(digest):
    return salted_hmac(CHECK_SALT, digest, algorithm="sha256").hexdigest()[:CHECK_LENGTH]


def storage_name(token):
    return f"avatars/{token}.png"


def avatar_url(email, size):
    """Where a commenter's picture is: here (identicon or provider picture) or at Gravatar."""
    return avatar_urls(size)(email)


# A token shape the URL pattern accepts, found once in the reversed address and replaced.
_URL_PLACEHOLDER = "0" * (DIGEST_LENGTH + CHECK_LENGTH)


def avatar_urls(size):
    """A function giving the avatar URL of an e-mail, as `avatar_url`, for one page of many.

    The avatar view's address is reversed once, and each distinct e-mail is hashed once: a
    discussion shows the same few people again and again.
    """
    if conf.settings.AVATARS_PROVIDER == "gravatar":
        query = urlencode({"s": size * 2, "d": "identicon"})
        return _per_address(
            lambda address: f"https://www.gravatar.com/avatar/{_sha256(address)}?{query}"
        )
    before, after = reverse("images:avatar", kwargs={"token": _URL_PLACEHOLDER}).split(
        _URL_PLACEHOLDER
    )
    return _per_address(lambda address: f"{before}{avatar_token(address)}{after}")


def _per_address(url_of_address):
    urls = {}

    def url(email):
        address = normalize_email(email)
        if address not in urls:
            urls[address] = url_of_address(address)
        return urls[address]

    return url


def _sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def draw_identicon(token, size):
    """A `size` px square picture drawn from `token`: symmetric cells in one colour on light grey."""
    seed = bytes.fromhex(token[:DIGEST_LENGTH])
    hue, saturation, lightness = seed[0] * 360 // 256, 45 + seed[1] % 25, 40 + seed[2] % 20
    colour = f"hsl({hue}, {saturation}%, {lightness}%)"
    picture = Image.new("RGB", (size, size), (240, 240, 240))
    draw = ImageDraw.Draw(picture)
    margin = size // 10
    cell = (size - 2 * margin) / GRID
    bits = int.from_bytes(seed[3:], "big")
    for row in range(GRID):
        for col in range((GRID + 1) // 2):
            if bits >> (row * 3 + col) & 1:
                for x in {col, GRID - 1 - col}:
                    left, top = margin + x * cell, margin + row * cell
                    draw.rectangle(
                        [round(left), round(top), round(left + cell) - 1, round(top + cell) - 1],
                        fill=colour,
                    )
    return picture
