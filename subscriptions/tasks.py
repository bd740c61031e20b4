"""Background tasks (django-tasks): all the sending happens here, never in a request."""

from django_tasks import task

from blog.models import Post

from . import outbox, services


@task()
def send_due():
    """Send every delivery that is due (new ones, and failed ones whose retry time has come)."""
    sent, failed = outbox.deliveries_send_due()
    return {"sent": sent, "failed": failed}


@task()
def announce_post(post_id):
    """Queue and send a newly published post's mail to every follower of the blog."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    return services.post_published_notify(post=post)
