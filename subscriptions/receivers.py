"""Signal receivers: each hands the event to a service, which only writes rows.

The signals are sent after the commit of the comment or post; what they queue is sent by a
background task, so a comment or publication never waits for the mail server.
"""

from django.db import transaction

from blog.models import Post
from blog.signals import post_published
from comments.models import Comment
from comments.signals import comment_posted, comment_status_changed

from . import services, tasks


def on_comment_posted(sender, comment, notify_replies=False, subscribe_blog=False, **kwargs):
    services.comment_posted_notify(
        comment=comment, notify_replies=notify_replies, subscribe_blog=subscribe_blog
    )


def on_comment_status_changed(sender, comment, previous, **kwargs):
    services.comment_status_changed_notify(comment=comment, previous=previous)


def on_post_published(sender, post, **kwargs):
    # Thousands of followers: even writing their deliveries is left to the background task.
    transaction.on_commit(lambda: tasks.announce_post.enqueue(post.pk))


def connect():
    comment_posted.connect(on_comment_posted, sender=Comment, dispatch_uid="subscriptions.posted")
    comment_status_changed.connect(
        on_comment_status_changed, sender=Comment, dispatch_uid="subscriptions.status"
    )
    post_published.connect(on_post_published, sender=Post, dispatch_uid="subscriptions.published")
