"""A remote replier's picture, fetched once through the safe fetcher and stored like an upload."""

import logging
from http import HTTPStatus

from core import outbound
from images import conf as images_conf
from images.processing import ImageRefusedError
from images.services import avatar_store_for_address

from . import conf
from .models import RemoteActor
from .replies import fediverse_email

logger = logging.getLogger(__name__)


def avatar_fetch(*, actor_id):
    """Store the icon of `actor_id` as its avatar, once; the identicon stays if it fails.
    Returns whether a picture was stored."""
    actor = RemoteActor.objects.filter(pk=actor_id, avatar_fetched=False).first()
    if actor is None or not RemoteActor.objects.filter(pk=actor.pk, avatar_fetched=False).update(
        avatar_fetched=True
    ):
        return False
    try:
        response = outbound.fetch(
            actor.icon_url,
            timeout=conf.settings.FEDIVERSE_FETCH_TIMEOUT,
            max_bytes=images_conf.settings.AVATARS_MAX_FETCH_BYTES,
        )
        if response.status != HTTPStatus.OK:
            raise outbound.Unreachable(f"status {response.status}")
        avatar_store_for_address(email=fediverse_email(actor), data=response.body)
    except (outbound.FetchFailed, ImageRefusedError) as error:
        logger.info("Avatar of %s not fetched: %s", actor.uri, error)
        return False
    return True
