"""Background work for members: never in the request that logs them in."""

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def member_avatar_fetch(*, user_id, url):
    """Store the member's provider picture as their avatar (images app); skip it if refused."""
    from core import outbound
    from images import processing, services

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return None
    try:
        return services.avatar_store_from_url(user=user, url=url)
    except (outbound.FetchFailed, processing.ImageRefusedError):
        return None
