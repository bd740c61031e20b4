"""Posts to the fediverse: a published post goes out as a Create (and the blog's Announce of it),
an edit as an Update, an unpublished or deleted post as a Delete. Only published posts leave."""

from django.db import transaction
from django.utils import timezone

from blog.models import Post

from . import conf
from .delivery import deliveries_queue, follower_inboxes
from .documents import PUBLIC, activity, article, followers_url
from .models import SharedPost


class Federate:
    PUBLISHED = "published"
    CHANGED = "changed"
    DELETED = "deleted"


def post_federate_soon(*, post_id, kind):
    """Queue the task deciding what to send about `post_id`, once the change is committed."""
    from .tasks import announce_post

    if conf.settings.FEDIVERSE_ENABLED:
        transaction.on_commit(lambda: announce_post.enqueue(post_id=post_id, kind=kind))


@transaction.atomic
def post_federate(*, post_id, kind):
    """Send what the fediverse must know of `post_id` after a change of `kind`; returns the
    number of deliveries queued. A post never shared is only ever sent by `PUBLISHED`."""
    post = Post.objects.published().filter(pk=post_id).select_related("author").first()
    shared = SharedPost.objects.select_for_update().filter(post_id=post_id).first()
    if post is None:
        return _delete(shared) if shared and not shared.deleted else 0
    if shared is None or shared.deleted:
        if kind == Federate.CHANGED and shared is None:
            return 0
        return _create(post, shared)
    return _update(post, shared)


def _create(post, shared):
    document = article(post)
    username = post.author.get_username()
    SharedPost.objects.update_or_create(
        post_id=post.pk,
        defaults={"object_id": document["id"], "username": username, "deleted": False},
    )
    blog = conf.settings.FEDIVERSE_BLOG_USERNAME
    count = deliveries_queue(
        username=username,
        activity=activity("Create", username=username, obj=document, suffix=_stamp()),
        inboxes=follower_inboxes([username]),
    )
    boost = activity("Announce", username=blog, obj=document["id"], suffix=_stamp())
    boost.update(to=document["to"], cc=[followers_url(blog)])
    return count + deliveries_queue(username=blog, activity=boost, inboxes=follower_inboxes([blog]))


def _update(post, shared):
    document = article(post)
    return deliveries_queue(
        username=shared.username,
        activity=activity("Update", username=shared.username, obj=document, suffix=_stamp()),
        inboxes=_everyone(shared.username),
    )


def _delete(shared):
    SharedPost.objects.filter(pk=shared.pk).update(deleted=True)
    tombstone = {"id": shared.object_id, "type": "Tombstone"}
    document = activity("Delete", username=shared.username, obj=tombstone, suffix=_stamp())
    document["to"] = [PUBLIC]
    return deliveries_queue(
        username=shared.username, activity=document, inboxes=_everyone(shared.username)
    )


def _everyone(username):
    return follower_inboxes([username, conf.settings.FEDIVERSE_BLOG_USERNAME])


def _stamp():
    """A suffix making each activity's id new: a post published, unpublished and published
    again sends activities that servers must not take for ones they already saw."""
    return f"-{timezone.now().timestamp():.0f}"
