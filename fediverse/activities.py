"""What each verified incoming activity does. The actor is already proven to have sent it."""

from django.db import transaction

from . import replies
from .delivery import deliveries_queue
from .documents import activity, actor_url, is_local_actor
from .models import Follower, Reaction, ReactionKind
from .remote import actor_store
from .targets import local_username, object_id, post_for_url


def handle(document, actor):
    """Apply `document` (sent by `actor`); unknown activities are accepted and ignored."""
    handler = HANDLERS.get(document["type"])
    if handler is not None:
        with transaction.atomic():
            handler(document, actor)


def on_follow(document, actor):
    username = local_username(object_id(document.get("object")))
    if username is None or not is_local_actor(username):
        return
    follow, _created = Follower.objects.update_or_create(
        username=username, actor=actor, defaults={"follow_id": object_id(document)}
    )
    accept = activity("Accept", username=username, obj=_bare(document))
    accept["id"] = f"{actor_url(username)}#accepts/{follow.pk}"
    deliveries_queue(username=username, activity=accept, inboxes=[actor.inbox])


def _bare(document):
    return {key: document[key] for key in ("id", "type", "actor", "object") if key in document}


def on_undo(document, actor):
    undone = document.get("object")
    undone_id = object_id(undone)
    kind = undone.get("type") if isinstance(undone, dict) else None
    if kind in (None, "Follow"):
        follows = Follower.objects.filter(actor=actor)
        target = (
            local_username(object_id(undone.get("object"))) if isinstance(undone, dict) else None
        )
        if target is not None:
            follows.filter(username=target).delete()
        elif undone_id:
            follows.filter(follow_id=undone_id).delete()
    if kind in (None, "Like", "Announce") and undone_id:
        Reaction.objects.filter(activity_id=undone_id, actor_uri=actor.uri).delete()


def on_reaction(document, actor):
    post = post_for_url(object_id(document.get("object")))
    activity_id = object_id(document)
    if post is None or not activity_id:
        return
    kind = ReactionKind.LIKE if document["type"] == "Like" else ReactionKind.ANNOUNCE
    Reaction.objects.get_or_create(
        actor_uri=actor.uri, post=post, kind=kind, defaults={"activity_id": activity_id}
    )


def on_create(document, actor):
    note = document.get("object")
    if isinstance(note, dict) and note.get("type") == "Note":
        replies.reply_receive(note=note, activity=document, actor=actor)


def on_update(document, actor):
    changed = document.get("object")
    if not isinstance(changed, dict):
        return
    if changed.get("type") == "Note":
        replies.reply_update(note=changed, actor=actor)
    elif object_id(changed) == actor.uri:
        actor_store(changed)


def on_delete(document, actor):
    gone = object_id(document.get("object"))
    if gone == actor.uri:
        Follower.objects.filter(actor=actor).delete()
        return
    replies.reply_delete(object_id=gone, actor=actor)


HANDLERS = {
    "Follow": on_follow,
    "Undo": on_undo,
    "Like": on_reaction,
    "Announce": on_reaction,
    "Create": on_create,
    "Update": on_update,
    "Delete": on_delete,
}
