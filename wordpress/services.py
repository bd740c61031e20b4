"""Importing a WordPress export (all or nothing) and fetching its media afterwards."""

import zipfile
import zlib

from django.apps import apps
from django.db import DataError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.queue import forget_pending_count

from . import wxr
from .importer import Importer
from .report import ImportReport


def wordpress_import(*, source, on_record=None):
    """Import the WXR file `source` in one transaction.

    `source` is a path, a binary file, or a list of them (WordPress.com splits large exports into
    several files in one zip): all of them are imported together, or none. Returns an
    `ImportReport`. Raises `wxr.WXRError` for a file that cannot be imported, and then nothing at
    all was written. Records already imported (same WordPress id) are left as they are.
    `on_record(report)` is called after each record read (for a progress bar).
    """
    report = ImportReport()
    sources = source if isinstance(source, list | tuple) else [source]
    with transaction.atomic():
        _lock_comment_trees()
        importer = Importer(report=report)
        for part in sources:
            for record in wxr.read(part):
                importer.feed(record)
                if on_record:
                    on_record(report)
        importer.finish()
        _forget_cached_pages()
        forget_pending_count()  # imported comments may wait: the admin's badge counts again
    return report


def wordpress_import_file(*, raw, on_record=None):
    """Import the open binary file `raw`: an export, or WordPress.com's zip of several.

    As `wordpress_import`, but every reason to refuse the file comes as a `wxr.WXRError`.
    """
    try:
        return wordpress_import(source=export_parts(raw), on_record=on_record)
    except (zipfile.BadZipFile, zlib.error):
        raise wxr.WXRError(_("This zip file is damaged. Nothing was imported.")) from None
    except (IntegrityError, DataError) as error:
        raise wxr.WXRError(
            _(
                "This export contradicts itself or what is already here (%(error)s). "
                "Nothing was imported."
            )
            % {"error": error}
        ) from None


def export_parts(raw):
    """The export's XML files: `raw` itself, or each .xml of a WordPress.com zip, in name order."""
    if not zipfile.is_zipfile(raw):
        raw.seek(0)
        return raw
    archive = zipfile.ZipFile(raw)
    names = sorted(n for n in archive.namelist() if n.lower().endswith(".xml"))
    if not names:
        raise wxr.WXRError(_("This zip file holds no .xml export: nothing to import."))
    return [archive.open(name) for name in names]


def _forget_cached_pages():
    """Bulk inserts send no `post_save`: tell the page cache (when installed) that all changed."""
    if apps.is_installed("pagecache"):
        from pagecache.generation import bump

        bump()


def _lock_comment_trees():
    """Keep other writers from numbering comment trees while the import numbers its own.

    SQLite's IMMEDIATE transaction already locks the whole database; PostgreSQL needs the table
    lock (readers are not blocked, only other comment writers, for the import's duration).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Comment._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608
