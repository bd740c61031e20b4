"""`backup_create`: the whole site in one archive, written atomically (temporary file, then
rename), so an archive at its final name is always complete."""

import io
import os
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import archive, databases
from .exceptions import BackupError


def default_output():
    """A new archive in BACKUP_DIR named after the current UTC time."""
    return Path(settings.BACKUP_DIR) / f"carnet-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def backup_create(*, output=None):
    """Write the database snapshot, every file of MEDIA_ROOT and the manifest to `output`
    (default: `default_output()`); return (the archive's path, its manifest).

    The database is one consistent instant, taken first, just after the manifest's
    `created_at`: everything committed before that date is in the archive. Media files are read
    after it, so a file uploaded meanwhile may be in the archive without its row, never a row
    without its file unless it was deleted meanwhile. Raises `BackupError` (no file left behind) on any failure.
    """
    output = Path(output) if output else default_output()
    if output.exists():
        raise BackupError(
            _("%(path)s already exists: choose another --output, a backup is never overwritten.")
            % {"path": output}
        )
    try:
        output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(prefix=".carnet-backup-", dir=output.parent) as staging:
            manifest = _write(output, Path(staging))
    except OSError as error:
        raise BackupError(
            _("Cannot write the backup %(path)s: %(error)s. No archive was written.")
            % {"path": output, "error": error.strerror or error}
        ) from None
    return output, manifest


def _write(output, staging):
    vendor = databases.engine()
    db_name = f"{archive.DATABASE_DIR}/{databases.FILE_NAMES[vendor]}"
    db_file = staging / databases.FILE_NAMES[vendor]
    snapshot_at = timezone.now()
    migrations = databases.snapshot(db_file)
    size, sha256 = archive.file_digest(db_file)
    manifest = {
        "format": archive.FORMAT,
        "carnet_version": archive.carnet_version(),
        "django_version": django.get_version(),
        "created_at": snapshot_at.isoformat(),
        "database": {"engine": vendor, "path": db_name, "size": size, "sha256": sha256},
        "migrations": migrations,
        "secret_key": archive.secret_key_source(),
        "media_storage": settings.STORAGES["default"]["BACKEND"],
        "files": _media_files(),
    }
    fd, part = tempfile.mkstemp(prefix=".carnet-backup-", suffix=".part", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                _add_bytes(tar, archive.MANIFEST, archive.manifest_bytes(manifest))
                _add_file(tar, db_file, manifest["database"])
                media_root = Path(settings.MEDIA_ROOT)
                for entry in manifest["files"]:
                    _add_file(tar, media_root / entry["path"].split("/", 1)[1], entry)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, output)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return manifest


def _media_files():
    """Every regular file under MEDIA_ROOT, as manifest entries, in a stable order."""
    root = Path(settings.MEDIA_ROOT)
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            try:
                size, sha256 = archive.file_digest(path)
            except FileNotFoundError:  # deleted since the listing: not part of the site any more
                continue
            relative = path.relative_to(root).as_posix()
            entries.append(
                {"path": f"{archive.MEDIA_DIR}/{relative}", "size": size, "sha256": sha256}
            )
    return entries


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _add_file(tar, path, entry):
    """Add the file as `entry` describes it, refusing it if it changed since it was listed."""
    info = tarfile.TarInfo(entry["path"])
    info.size, info.mode = entry["size"], 0o600
    try:
        with path.open("rb") as file:
            info.mtime = int(os.fstat(file.fileno()).st_mtime)
            reader = archive.HashingReader(file)
            tar.addfile(info, reader)
            changed = reader.sha256.hexdigest() != entry["sha256"] or file.read(1)
    except FileNotFoundError:
        changed = True
    except OSError as error:
        if error.errno is not None:  # the archive's disk, not the file: let the caller say so
            raise
        changed = True  # tarfile's "unexpected end of data": the file shrank
    if changed:
        raise BackupError(
            _("%(path)s changed while it was being saved: run the backup again.") % {"path": path}
        )
