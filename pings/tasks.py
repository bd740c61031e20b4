"""Background tasks of the discussion (django-tasks). Each is a thin call into a module that
does the work, so the work can be tested without a queue."""

from django_tasks import task


@task()
def verify_webmention(*, post_id, source, target, ip_address=None, user_agent=""):
    """Fetch a webmention's source and store or withdraw it (pings/webmention.py)."""
    from .webmention import verify

    return verify(
        post_id=post_id,
        source=source,
        target=target,
        ip_address=ip_address,
        user_agent=user_agent,
    )


@task()
def send_post_pings(*, post_id):
    """Send webmentions and pingbacks for a post's links (pings/sending.py)."""
    from .sending import send_pings

    return send_pings(post_id=post_id)


@task()
def verify_pingback(*, post_id, source, target, ip_address=None, user_agent=""):
    """Check a pingback's source that was not checked at once, and store it (pings/pingback.py)."""
    from .pingback import verify_later

    return verify_later(
        post_id=post_id,
        source=source,
        target=target,
        ip_address=ip_address,
        user_agent=user_agent,
    )
