from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Statistics")

    def ready(self):
        from core import periodic

        from .flush import stats_periodic
        from .summary import weekly_summaries_send

        periodic.register(stats_periodic, every=300)
        periodic.register(weekly_summaries_send, every=3600)
