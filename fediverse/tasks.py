"""Background tasks of the fediverse (django-tasks): thin calls into the modules doing the work."""

from django_tasks import task


@task()
def deliver_due():
    """Post every activity that is due to its inbox (fediverse/delivery.py)."""
    from .delivery import deliveries_send_due

    sent, failed = deliveries_send_due()
    return {"sent": sent, "failed": failed}


@task()
def announce_post(*, post_id, kind):
    """Queue a post's Create, Update or Delete for every follower (fediverse/publishing.py)."""
    from .publishing import post_federate

    return post_federate(post_id=post_id, kind=kind)


@task()
def fetch_avatar(*, actor_id):
    """Fetch a remote replier's picture once, in place of their identicon (fediverse/avatars.py)."""
    from .avatars import avatar_fetch

    return avatar_fetch(actor_id=actor_id)
