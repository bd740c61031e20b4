"""What a guest's browser remembers, in signed cookies: their pending comments, and (only if they
ticked the consent box) their name, e-mail and website for the next comment."""

import json

from django.conf import settings

from . import conf

PENDING_COOKIE = "carnet_pending_comments"
OWN_COOKIE = "carnet_own_comments"
COMMENTER_COOKIE = "carnet_commenter"
PENDING_MAX_AGE = 30 * 24 * 3600
COMMENTER_MAX_AGE = 365 * 24 * 3600
COMMENTER_FIELDS = ("author_name", "author_email", "author_url")


def pending_ids(request):
    """The ids of the pending comments this browser wrote (forged or stale cookies: none)."""
    raw = request.get_signed_cookie(
        PENDING_COOKIE, default="", salt=PENDING_COOKIE, max_age=PENDING_MAX_AGE
    )
    return [int(pk) for pk in raw.split(",") if pk.isdigit()]


def remember_pending(request, response, comment):
    """Add `comment` to the browser's list of its own pending comments."""
    _set_ids(response, PENDING_COOKIE, [*pending_ids(request), comment.pk], PENDING_MAX_AGE)


def own_ids(request):
    """The ids of the comments this browser wrote lately, which its guest may still edit."""
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=OWN_COOKIE, max_age=_own_max_age())
    return [int(pk) for pk in raw.split(",") if pk.isdigit()]


def remember_own(request, response, comment):
    """Add `comment` to the comments this guest's browser may edit, for the edit window only."""
    _set_ids(response, OWN_COOKIE, [*own_ids(request), comment.pk], _own_max_age())


def _set_ids(response, name, ids, max_age):
    """The signed cookie `name` (its own salt) holding the latest `ids`."""
    ids = ids[-conf.settings.COMMENTS_PENDING_COOKIE_SIZE :]
    response.set_signed_cookie(
        name,
        ",".join(map(str, ids)),
        salt=name,
        max_age=max_age,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,  # HTTPS-only wherever sessions are
        samesite="Lax",
    )


def _own_max_age():
    return conf.settings.COMMENTS_EDIT_MINUTES * 60


def commenter_details(request):
    """The name, e-mail and website this browser was asked to remember, or {}."""
    raw = request.get_signed_cookie(COMMENTER_COOKIE, default="", salt=COMMENTER_COOKIE)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return {key: str(data[key]) for key in COMMENTER_FIELDS if key in data}


def remember_commenter(response, details):
    response.set_signed_cookie(
        COMMENTER_COOKIE,
        json.dumps({key: details.get(key, "") for key in COMMENTER_FIELDS}),
        salt=COMMENTER_COOKIE,
        max_age=COMMENTER_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,  # HTTPS-only wherever sessions are
        samesite="Lax",
    )


def forget_commenter(response):
    response.delete_cookie(COMMENTER_COOKIE, samesite="Lax")
