from django.core.management.base import BaseCommand

from pagecache.nginx import maps


class Command(BaseCommand):
    help = (
        "Print the nginx maps that send anonymous readers to page files "
        "(deploy/nginx/carnet-pagecache-maps.conf)."
    )

    def handle(self, *args, **options):
        self.stdout.write(maps(), ending="")
