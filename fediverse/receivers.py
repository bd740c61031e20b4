"""Signal receivers: the blog and the discussion never import this app; it listens to them."""

from . import answers
from .publishing import Federate, post_federate_soon


def on_post_published(sender, post, **kwargs):
    post_federate_soon(post_id=post.pk, kind=Federate.PUBLISHED)


def on_post_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        post_federate_soon(post_id=instance.pk, kind=Federate.CHANGED)


def on_post_deleted(sender, instance, **kwargs):
    post_federate_soon(post_id=instance.pk, kind=Federate.DELETED)


def on_comment_posted(sender, comment, **kwargs):
    answers.answer_send_soon(comment=comment)


def on_comment_status_changed(sender, comment, **kwargs):
    answers.answer_send_soon(comment=comment)
