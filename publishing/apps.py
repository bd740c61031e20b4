from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing from editors")

    def ready(self):
        from core import periodic

        from . import xmlrpc
        from .trash import trash_empty

        xmlrpc.register_all()
        periodic.register(trash_empty, every=3600)
