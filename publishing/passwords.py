"""Application passwords as WordPress 5.6 has them: created, checked, revoked.

Only a hash is stored (Django's password hashers); the password itself is shown once. The
APIs accept nothing else: the account's main password is never checked here.
"""

import secrets
import string

from allauth.core import ratelimit
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from .models import ApplicationPassword

ALPHABET = string.ascii_letters + string.digits
LENGTH = 24
FAILED = "app_password_failed"  # the ACCOUNT_RATE_LIMITS entry counting failures


class Throttled(Exception):  # noqa: N818 (a refusal, not a bug)
    """Too many failed attempts for this user or this address: try again later."""


def generate():
    """A new password: 24 letters and digits, shown in groups of four as WordPress does."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return " ".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


@transaction.atomic
def app_password_create(*, user, name):
    """Create a password named `name` for `user`; return (the row, the password in clear)."""
    password = generate()
    row = ApplicationPassword.objects.create(
        user=user, name=name.strip()[:100], password=make_password(_normalise(password))
    )
    return row, password


@transaction.atomic
def app_password_revoke(*, user, pk):
    """Revoke `user`'s password `pk`; True when there was one to revoke."""
    deleted, _detail = ApplicationPassword.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)


def _normalise(password):
    return "".join(str(password).split())


def authenticate(request, *, username, password):
    """The active user whose application password this is, or None; raises `Throttled`.

    Failures are counted per user name and per client address in the shared cache (every
    worker sees them), and checked before any hash is computed, so guesses stay expensive.
    """
    key = str(username).strip().lower()[:150]
    if not ratelimit.consume(request, action=FAILED, key=key, dry_run=True):
        raise Throttled
    user = _check(request, username=key, password=_normalise(password))
    if user is None:
        ratelimit.consume(request, action=FAILED, key=key)
    return user


def _check(request, *, username, password):
    if not password or len(password) != LENGTH:
        return None
    user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        return None
    for row in user.application_passwords.all():
        if check_password(password, row.password):
            _touch(row, request.META.get("REMOTE_ADDR"))
            return user
    return None


def _touch(row, ip_address):
    ApplicationPassword.objects.filter(pk=row.pk).update(
        last_used_at=timezone.now(), last_ip=ip_address or None
    )
