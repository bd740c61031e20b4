from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Connected in every process (web, task worker, periodic jobs): a change made anywhere
        # must invalidate the pages.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core import periodic
        from core.signals import site_restored

        from . import csrf, files, placeholders
        from .receivers import on_delete, on_m2m_changed, on_public_change, on_save

        post_save.connect(on_save, dispatch_uid="pagecache.save")
        post_delete.connect(on_delete, dispatch_uid="pagecache.delete")
        m2m_changed.connect(on_m2m_changed, dispatch_uid="pagecache.m2m")
        site_restored.connect(on_public_change, dispatch_uid="pagecache.site_restored")
        periodic.register(files.sweep, every=300)
        placeholders.register(
            csrf.PLACEHOLDER, for_reader=csrf.reader_token, shared=csrf.shared_token
        )
