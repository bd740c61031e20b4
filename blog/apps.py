from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import periodic
        from pagecache import generation, receivers

        from . import writing
        from .identity import BlogrollLink, SiteIdentity, forget_identity
        from .links import sync_site_record
        from .models import Post
        from .publishing import next_scheduled_time
        from .search import register_sqlite_fold
        from .services import post_announce_due
        from .signals import post_published

        writing.register(Post)
        generation.register_schedule(next_scheduled_time)
        post_published.connect(receivers.on_public_change, dispatch_uid="pagecache.post_published")
        periodic.register(post_announce_due, every=30)
        for model in (SiteIdentity, BlogrollLink):
            post_save.connect(
                forget_identity, sender=model, dispatch_uid=f"forget-identity-{model}"
            )
            post_delete.connect(
                forget_identity, sender=model, dispatch_uid=f"forget-identity-del-{model}"
            )

        connection_created.connect(register_sqlite_fold, dispatch_uid="blog-sqlite-fold")
        post_migrate.connect(sync_site_record, sender=self, dispatch_uid="blog-site-record")
