from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PingsConfig(AppConfig):
    name = "pings"
    verbose_name = _("Pings")

    def ready(self):
        from blog.signals import post_body_changed, post_published

        from .sending import on_post_changed

        post_published.connect(on_post_changed, dispatch_uid="pings.send_pings.published")
        post_body_changed.connect(on_post_changed, dispatch_uid="pings.send_pings.changed")
