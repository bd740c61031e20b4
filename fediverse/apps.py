from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FediverseConfig(AppConfig):
    name = "fediverse"
    verbose_name = _("Fediverse")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from blog.models import Post
        from blog.signals import post_published
        from comments.models import Comment
        from comments.signals import comment_posted, comment_status_changed
        from core import periodic

        from .delivery import deliveries_retry
        from .receivers import (
            on_comment_posted,
            on_comment_status_changed,
            on_post_deleted,
            on_post_published,
            on_post_saved,
        )

        post_published.connect(on_post_published, sender=Post, dispatch_uid="fediverse.published")
        post_save.connect(on_post_saved, sender=Post, dispatch_uid="fediverse.post_saved")
        post_delete.connect(on_post_deleted, sender=Post, dispatch_uid="fediverse.post_deleted")
        comment_posted.connect(on_comment_posted, sender=Comment, dispatch_uid="fediverse.answer")
        comment_status_changed.connect(
            on_comment_status_changed, sender=Comment, dispatch_uid="fediverse.answer_approved"
        )
        periodic.register(deliveries_retry, every=60)
