"""`manage.py export_wordpress > blog.xml`: the whole blog as a WordPress export (WXR 1.2)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _

from wordpress.exporter import wordpress_export


class Command(BaseCommand):
    help = _("Write the whole blog to standard output as a WordPress export (WXR 1.2).")

    def handle(self, *args, **options):
        wordpress_export(stream=self.stdout)
