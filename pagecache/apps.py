from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Connected in every process (web, task worker, periodic jobs): a change made anywhere
        # must invalidate the pages.
        from . import receivers

        receivers.connect()
