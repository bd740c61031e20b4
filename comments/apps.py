from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Discussion")

    def ready(self):
        from blog.signals import post_body_changed, post_published

        from . import checks  # noqa: F401 (registers the system checks)
        from .sending import on_post_changed

        post_published.connect(on_post_changed, dispatch_uid="comments.send_pings.published")
        post_body_changed.connect(on_post_changed, dispatch_uid="comments.send_pings.changed")
