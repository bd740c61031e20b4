"""`manage.py import_wordpress FILE.xml`: a WordPress export in, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from wordpress import media
from wordpress.report import Note
from wordpress.services import wordpress_import_file
from wordpress.summary import summary_lines
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = _(
        "Import a WordPress export (WXR 1.0 to 1.2): authors, categories, tags, posts, pages, "
        "comments."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=_("The .xml file of WordPress's Tools › Export, or WordPress.com's .zip.")
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help=_(
                "Also download the attachments (public addresses only) and process them as uploads."
            ),
        )

    def handle(self, *args, file, fetch_media, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(
                _("No file at %(path)s: give the path of the WordPress export.") % {"path": path}
            )
        try:
            with path.open("rb") as raw, _progress_bar(path, self.stderr) as bar:
                report = wordpress_import_file(
                    raw=raw, on_record=lambda _report: bar.update(raw.tell() - bar.n)
                )
        except WXRError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
            ) from None
        for label in report.notes.get(Note.ORPHAN, []):
            self.stderr.write(
                _(
                    "Warning: the parent of comment %(comment)s is missing; attached at the top level."
                )
                % {"comment": label}
            )
        for line in summary_lines(report):
            self.stdout.write(line)
        if fetch_media:
            for line in media.fetch_all():
                self.stdout.write(line)


def _progress_bar(path, stream):
    """tqdm's bar on stderr, driven by the bytes read so far, drawn only on a terminal."""
    # tqdm draws with "\r" on the stream itself: Django's wrapper would end each draw with "\n".
    stream = getattr(stream, "_out", stream)
    return tqdm(
        total=path.stat().st_size,
        unit="B",
        unit_scale=True,
        file=stream,
        disable=not stream.isatty(),
        mininterval=0.2,
        leave=False,
    )
