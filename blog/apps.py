from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from core import periodic

        from . import writing
        from .links import sync_site_record
        from .models import Post
        from .search import register_sqlite_fold
        from .services import post_announce_due

        writing.register(Post)
        periodic.register(post_announce_due, every=30)

        connection_created.connect(register_sqlite_fold, dispatch_uid="blog-sqlite-fold")
        post_migrate.connect(sync_site_record, sender=self, dispatch_uid="blog-site-record")
