from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Connected in every process (web, task worker, periodic jobs): a change made anywhere
        # must invalidate the pages.
        from . import csrf, placeholders, receivers

        receivers.connect()
        placeholders.register(
            csrf.PLACEHOLDER, for_reader=csrf.reader_token, shared=csrf.shared_token
        )
