from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("E-mail notifications")

    def ready(self):
        from blog.models import Post
        from blog.signals import post_published
        from comments.models import Comment
        from comments.signals import comment_posted, comment_status_changed
        from core import periodic

        from .outbox import deliveries_retry
        from .receivers import on_comment_posted, on_comment_status_changed, on_post_published
        from .services import moderation_digests_queue

        comment_posted.connect(
            on_comment_posted, sender=Comment, dispatch_uid="subscriptions.posted"
        )
        comment_status_changed.connect(
            on_comment_status_changed, sender=Comment, dispatch_uid="subscriptions.status"
        )
        post_published.connect(
            on_post_published, sender=Post, dispatch_uid="subscriptions.published"
        )
        periodic.register(deliveries_retry, every=60)
        periodic.register(moderation_digests_queue, every=3600)
