from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("E-mail notifications")

    def ready(self):
        from core import periodic

        from . import receivers
        from .outbox import deliveries_retry
        from .services import moderation_digests_queue

        receivers.connect()
        periodic.register(deliveries_retry, every=60)
        periodic.register(moderation_digests_queue, every=3600)
