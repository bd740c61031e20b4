"""Signal receivers: the blog and the discussion never import this app; it listens to them."""

from django.db.models.signals import post_delete, post_save

from blog.models import Post
from blog.signals import post_published
from comments.models import Comment
from comments.signals import comment_posted, comment_status_changed

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


def connect():
    post_published.connect(on_post_published, sender=Post, dispatch_uid="fediverse.published")
    post_save.connect(on_post_saved, sender=Post, dispatch_uid="fediverse.post_saved")
    post_delete.connect(on_post_deleted, sender=Post, dispatch_uid="fediverse.post_deleted")
    comment_posted.connect(on_comment_posted, sender=Comment, dispatch_uid="fediverse.answer")
    comment_status_changed.connect(
        on_comment_status_changed, sender=Comment, dispatch_uid="fediverse.answer_approved"
    )
