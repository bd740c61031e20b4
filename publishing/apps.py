from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing from editors")

    def ready(self):
        from . import xmlrpc

        xmlrpc.register_all()
