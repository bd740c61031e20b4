"""Imports started from the admin: the upload kept on disk, a background task, its progress.

The import itself is one transaction (all or nothing), so its progress cannot be read from the
database while it runs: it is written to the cache, shared by the web and worker processes, and
copied to the `ImportRun` row at the end.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, media
from .models import ImportRun
from .report import Kind
from .services import wordpress_import_file
from .summary import summary_lines
from .wxr import WXRError

PROGRESS_TTL = 24 * 3600
COMMENT_KINDS = (Kind.COMMENT, Kind.PINGBACK, Kind.TRACKBACK, Kind.WEBMENTION)


class ImportBusyError(Exception):
    """Another import is queued or running; it must end before the next one starts."""


def import_dir():
    folder = conf.settings.WORDPRESS_IMPORT_DIR or Path(settings.VAR_DIR) / "wordpress-imports"
    return Path(folder)


def import_run_active():
    """The import queued or running now, if any; one whose worker died is closed on the way."""
    run = ImportRun.objects.filter(active=True).first()
    if run is not None and import_run_close_if_abandoned(run):
        return None
    return run


def import_run_close_if_abandoned(run):
    """Record `run` as failed if its worker died; return whether it did."""
    if not _abandoned(run):
        return False
    _finish(run, None, error=_abandoned_message(run))
    if run.path:
        Path(run.path).unlink(missing_ok=True)
    return True


def _abandoned(run):
    """No news from its worker for longer than WORDPRESS_IMPORT_STALE_AFTER.

    Running: no progress for that long. Queued: never taken for that long (the task was lost,
    or no worker runs); should a worker take it later, it finds it closed and leaves it.
    """
    stale_after = conf.settings.WORDPRESS_IMPORT_STALE_AFTER
    if run.status == ImportRun.Status.QUEUED:
        return (timezone.now() - run.created_at).total_seconds() > stale_after
    if run.status != ImportRun.Status.RUNNING:
        return False
    state = cache.get(_key(run.pk))
    beat = state.get("beat", 0) if state else 0
    return time.time() - beat > stale_after


def _abandoned_message(run):
    if run.status == ImportRun.Status.QUEUED:
        return _(
            "No task worker took this import in time: check that manage.py carnet_worker runs, "
            "then start the import again. Nothing was imported."
        )
    return _(
        "The worker stopped during this import and never finished it. An import is all or "
        "nothing: start it again (what was imported already is left as it is)."
    )


def import_run_start(*, upload, fetch_media, user):
    """Keep the uploaded export on disk and queue its import; return the new `ImportRun`.

    Raises `ImportBusyError` when an import is queued or running already (the unique `active`
    column decides, even between two requests at the same instant).
    """
    folder = import_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.upload"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                file_name=Path(upload.name or "export.xml").name[:255],
                path=str(path),
                size=upload.size or 0,
                fetch_media=fetch_media,
                started_by=user,
            )
    except IntegrityError:
        path.unlink(missing_ok=True)
        raise ImportBusyError from None
    from .tasks import import_wordpress

    transaction.on_commit(lambda: import_wordpress.enqueue(run.pk))
    return run


def import_run_execute(*, run_id):
    """Import the run's file, then fetch its media if asked; record the summary or the refusal."""
    queued = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED, active=True)
    if not queued.update(status=ImportRun.Status.RUNNING):
        return  # delivered twice, or closed as lost meanwhile: nothing to do
    run = ImportRun.objects.get(pk=run_id)
    progress = Progress(run)
    try:
        lines = _import(run, progress)
    except WXRError as error:
        _finish(run, progress, error=str(error))
    except OSError as error:
        _finish(run, progress, error=_("Cannot read the uploaded file: %s") % error.strerror)
    except BaseException:
        _finish(run, progress, error=_("The import stopped on an unexpected error."))
        raise
    else:
        _finish(run, progress, summary=lines)


def _import(run, progress):
    path = Path(run.path)
    try:
        with path.open("rb") as raw:
            progress.raw = raw
            report = wordpress_import_file(raw=raw, on_record=progress.record)
    finally:
        path.unlink(missing_ok=True)
    progress.counts(report, force=True)
    lines = summary_lines(report)
    if run.fetch_media:
        progress.state["phase"] = "media"
        lines += media.fetch_all(on_file=progress.media)
    return lines


def _finish(run, progress, *, summary=(), error=""):
    run.status = ImportRun.Status.FAILED if error else ImportRun.Status.DONE
    run.error = error
    run.summary = list(summary)
    state = progress.state if progress else cache.get(_key(run.pk)) or {}
    run.counts = {**state, "phase": "finished"}
    run.active = None
    run.finished_at = timezone.now()
    run.save()
    cache.delete(_key(run.pk))


def import_run_progress(run):
    """{phase, bytes, size, records, posts, comments, media, media_total} of `run`, as of now."""
    if run.finished:
        return {**Progress.initial(run), **run.counts}
    return cache.get(_key(run.pk)) or Progress.initial(run)


def _key(run_id):
    return f"wordpress:import-run:{run_id}"


class Progress:
    """What a running import has done so far, written to the cache at most every half second."""

    def __init__(self, run):
        self.run_id = run.pk
        self.state = self.initial(run)
        self.raw = None
        self.every = conf.settings.WORDPRESS_IMPORT_PROGRESS_EVERY
        self.saved_at = 0.0
        self._save()

    @staticmethod
    def initial(run):
        return {
            "phase": "reading",
            "bytes": 0,
            "size": run.size,
            "records": 0,
            "posts": 0,
            "comments": 0,
            "media": 0,
            "media_total": 0,
        }

    def record(self, report):
        self.state["records"] += 1
        self.counts(report)

    def counts(self, report, *, force=False):
        if not force and time.monotonic() - self.saved_at < self.every:
            return
        self.state["posts"] = report.created[Kind.POST] + report.created[Kind.PAGE]
        self.state["comments"] = sum(report.created[kind] for kind in COMMENT_KINDS)
        if self.raw is not None:
            size = self.state["size"]
            self.state["bytes"] = size if self.raw.closed else min(self.raw.tell(), size)
        self._save()

    def media(self, done, total):
        self.state.update(media=done, media_total=total)
        self._save()

    def _save(self):
        self.saved_at = time.monotonic()
        self.state["beat"] = time.time()  # tells a slow import from one whose worker died
        cache.set(_key(self.run_id), dict(self.state), PROGRESS_TTL)
