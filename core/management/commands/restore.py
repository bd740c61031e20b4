"""`manage.py restore ARCHIVE [--force]`: a backup put back, only once it is proven whole."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.archive import secret_key_note
from core.exceptions import BackupError
from core.restore import backup_restore


class Command(BaseCommand):
    help = _(
        "Restore an archive written by manage.py backup: the database and the media, after "
        "checking every checksum. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("The .tar.gz file written by manage.py backup."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Replace the content of a site that is not empty."),
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            manifest, migrated = backup_restore(path=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        count = len(manifest["files"])
        self.stdout.write(
            ngettext(
                "Restored: the database of %(date)s and %(count)d media file.",
                "Restored: the database of %(date)s and %(count)d media files.",
                count,
            )
            % {"date": _when(manifest["created_at"]), "count": count}
        )
        if migrated:
            self.stdout.write(
                _("The archive was older than the code: its migrations were applied.")
            )
        self.stdout.write(secret_key_note(manifest["secret_key"], restored=True))


def _when(iso):
    moment = parse_datetime(iso)
    if moment is None:
        return iso
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
