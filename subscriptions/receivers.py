"""Signal receivers: each hands the event to a service, which only writes rows.

The signals are sent after the commit of the comment or post; what they queue is sent by a
background task, so a comment or publication never waits for the mail server.
"""

from django.db import transaction

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
