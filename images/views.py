"""Avatars, drawn on first request and stored once, then served with long cache headers."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from . import avatars, conf, services


@require_safe
def avatar(request, token):
    if not avatars.is_valid_token(token):
        raise Http404
    name = services.avatar_get_or_create(token=token)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = f"public, max-age={conf.settings.AVATARS_CACHE_SECONDS}"
    return response
