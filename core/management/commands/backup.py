"""`manage.py backup [--output PATH]`: the database, the media and a manifest in one archive."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.archive import secret_key_note
from core.backup import backup_create
from core.exceptions import BackupError


class Command(BaseCommand):
    help = _(
        "Write one consistent archive of the site: the database, every media file and a manifest "
        "with their checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=_("Where to write the archive (.tar.gz); default: a dated name in BACKUP_DIR."),
        )

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        count = len(manifest["files"])
        self.stdout.write(
            ngettext(
                "Backup written: %(path)s (%(size)s, the database and %(count)d media file).",
                "Backup written: %(path)s (%(size)s, the database and %(count)d media files).",
                count,
            )
            % {"path": path, "size": filesizeformat(path.stat().st_size), "count": count}
        )
        self.stdout.write(secret_key_note(manifest["secret_key"]))
