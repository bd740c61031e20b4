"""`backup_restore`: an archive of `backup_create` put back, only once it is proven whole.

Order: the manifest first (cheap refusals: format, engine, newer code, a site that is not empty),
then every member extracted into a staging folder beside MEDIA_ROOT and checked against the
manifest, and only then the database replaced (all or nothing), the media folder swapped by a
rename, and the migrations the archive lacks applied.
"""

import gzip
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from . import archive, databases
from .exceptions import BackupError
from .signals import site_restored

MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CORRUPT = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile)


def backup_restore(*, path, force=False):
    """Replace the site's database and media by the archive at `path`; return
    (its manifest, whether migrations were applied). Refuses, with `BackupError` and nothing
    changed, a damaged or altered archive, another engine, an archive from newer code, and a
    site that holds content unless `force`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(
            _("No archive at %(path)s: give the path of a file written by manage.py backup.")
            % {"path": path}
        )
    _prepare_database_folder()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".carnet-restore-", dir=media_root.parent))
    try:
        manifest = _extract(path, staging, force=force)
        databases.restore(staging / manifest["database"]["path"])
        _swap_media(staging / archive.MEDIA_DIR, media_root, staging / "previous-media")
        migrated = _migrate_if_behind()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    site_restored.send(sender=backup_restore, manifest=manifest)
    return manifest, migrated


def _extract(path, staging, *, force):
    try:
        with tarfile.open(path, mode="r|gz") as tar:
            manifest = _first_manifest(tar)
            _refuse_early(manifest, force=force)
            expected = {f["path"]: f for f in [manifest["database"], *manifest["files"]]}
            while (member := tar.next()) is not None:
                _extract_member(tar, member, staging, expected)
    except CORRUPT as error:
        raise BackupError(
            _(
                "%(path)s is truncated or damaged (%(error)s). Nothing was restored: copy the "
                "archive again from where you keep it, or use another backup."
            )
            % {"path": path, "error": error}
        ) from None
    if expected:
        raise BackupError(
            _(
                "The archive is incomplete, these files are missing: %(missing)s. Nothing was restored."
            )
            % {"missing": ", ".join(sorted(expected)[:5])}
        )
    return manifest


def _first_manifest(tar):
    member = tar.next()
    if member is None or member.name != archive.MANIFEST or not member.isfile():
        raise BackupError(
            _("The archive does not start with a manifest: it is not a Carnet backup.")
        )
    if member.size > MAX_MANIFEST_BYTES:
        raise BackupError(_("The archive's manifest is too large to be a Carnet manifest."))
    return archive.read_manifest(tar.extractfile(member).read())


def _refuse_early(manifest, *, force):
    vendor = databases.engine()
    if manifest["database"]["engine"] != vendor:
        raise BackupError(
            _(
                "This archive holds a %(archived)s database but the site uses %(current)s: "
                "restore it on a site configured with the same database engine (DATABASE_URL)."
            )
            % {"archived": manifest["database"]["engine"], "current": vendor}
        )
    _refuse_newer(manifest)
    if not force and not (databases.is_empty() and not _has_files(Path(settings.MEDIA_ROOT))):
        raise BackupError(
            _(
                "This site already holds content, which the restore would replace. Make a backup "
                "of it first (manage.py backup), then run the restore again with --force."
            )
        )


def _refuse_newer(manifest):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations) | {
        key for replaced in loader.replacements.values() for key in replaced.replaces
    }
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            _(
                "This archive comes from a newer Carnet (unknown migrations: %(names)s). Update "
                "Carnet to version %(version)s or later, then restore it."
            )
            % {"names": ", ".join(unknown[:5]), "version": manifest.get("carnet_version", "?")}
        )


def _extract_member(tar, member, staging, expected):
    name = archive.safe_member_name(member)
    if member.isdir():
        return
    entry = expected.pop(name.as_posix(), None)
    if entry is None:
        raise BackupError(
            _(
                "The archive holds %(name)s, which its manifest does not list (or lists once): it "
                "was altered. Nothing was restored."
            )
            % {"name": member.name[:200]}
        )
    target = staging.joinpath(*name.parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        reader = archive.HashingReader(tar.extractfile(member))
        while chunk := reader.read(archive.CHUNK):
            out.write(chunk)
    if reader.size != entry["size"] or reader.sha256.hexdigest() != entry["sha256"]:
        raise BackupError(
            _(
                "%(name)s does not match its checksum in the manifest: the archive is damaged. "
                "Nothing was restored."
            )
            % {"name": member.name[:200]}
        )


def _prepare_database_folder():
    connection = connections["default"]
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and not name.startswith("file:") and name != ":memory:":
        Path(name).parent.mkdir(parents=True, exist_ok=True)


def _has_files(folder):
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def _swap_media(new, media_root, previous):
    new.mkdir(exist_ok=True)
    if media_root.exists():
        media_root.rename(previous)
    new.rename(media_root)


def _migrate_if_behind():
    executor = MigrationExecutor(connections["default"])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True
