"""`manage.py import_wordpress FILE.xml`: a WordPress export in, all or nothing."""

import time
import zipfile
import zlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext as _

from wordpress import media
from wordpress.report import Note
from wordpress.services import wordpress_import
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
            with path.open("rb") as raw:
                bar = ProgressBar(raw, path.stat().st_size, self.stderr)
                report = wordpress_import(source=_parts(raw, path), on_record=bar.tick)
                bar.close()
        except (zipfile.BadZipFile, zlib.error):
            raise CommandError(
                _("%(path)s is a damaged zip file. Nothing was imported.") % {"path": path}
            ) from None
        except WXRError as error:
            raise CommandError(str(error)) from None
        except (IntegrityError, DataError) as error:
            raise CommandError(
                _(
                    "This export contradicts itself or what is already here (%(error)s). "
                    "Nothing was imported."
                )
                % {"error": error}
            ) from None
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


def _parts(raw, path):
    """The export's XML files: the file itself, or each .xml of a WordPress.com zip."""
    if not zipfile.is_zipfile(raw):
        raw.seek(0)
        return raw
    archive = zipfile.ZipFile(raw)
    names = sorted(n for n in archive.namelist() if n.lower().endswith(".xml"))
    if not names:
        raise CommandError(
            _("%(path)s is a zip file without any .xml export inside.") % {"path": path}
        )
    return [archive.open(name) for name in names]


class ProgressBar:
    """A bar on stderr, driven by the bytes read so far, drawn only on a terminal."""

    WIDTH = 30

    def __init__(self, raw, size, stream):
        self.raw, self.size, self.stream = raw, max(size, 1), stream
        self.shown = stream.isatty()
        self.drawn_at = 0.0

    def tick(self):
        now = time.monotonic()
        if not self.shown or now - self.drawn_at < 0.2:
            return
        self.drawn_at = now
        done = min(self.raw.tell() / self.size, 1.0)
        filled = int(done * self.WIDTH)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done:4.0%}",
            style_func=str,
            ending="",
        )
        self.stream.flush()

    def close(self):
        if self.shown:
            self.stream.write("\r" + " " * (self.WIDTH + 8) + "\r", style_func=str, ending="")
