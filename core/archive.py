"""The backup archive's layout: a gzipped tar whose first member is `manifest.json`, then the
database (`database/…`) and the media files (`media/…`), each listed in the manifest with its size
and SHA-256, so a restore can prove the archive whole before it changes anything."""

import hashlib
import json
import os
import tomllib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1024 * 1024


def carnet_version():
    """The version in pyproject.toml, the one place it is written."""
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def secret_key_source():
    """Where this process's SECRET_KEY comes from, never the key itself."""
    if os.environ.get("SECRET_KEY"):
        return {"kind": "environment", "where": "SECRET_KEY"}
    path = Path(settings.VAR_DIR) / "secret_key"
    if path.is_file() and path.read_text().strip() == settings.SECRET_KEY:
        return {"kind": "file", "where": str(path)}
    return {"kind": "settings", "where": os.environ.get("DJANGO_SETTINGS_MODULE", "?")}


def secret_key_note(source, *, restored=False):
    """One sentence for the owner: where the key lives and why it is not in the archive."""
    where = {
        "environment": _("the environment variable %(where)s"),
        "file": _("the file %(where)s"),
        "settings": _("the settings module %(where)s"),
    }.get(source.get("kind"), "%(where)s") % {"where": source.get("where", "?")}
    if restored:
        return _(
            "The secret key was not in the archive: the backed-up site read it from %(where)s. "
            "Give this site the same key, or everyone is logged out and the links already mailed "
            "(confirmations, unsubscriptions) stop working."
        ) % {"where": where}
    return _(
        "The secret key is not in the archive (it would open every session): it comes from "
        "%(where)s. Keep a copy of it apart; a site restored with another key logs everyone out "
        "and the links already mailed (confirmations, unsubscriptions) stop working."
    ) % {"where": where}


class HashingReader:
    """Reads a file for tarfile while computing its SHA-256 and counting its bytes."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def file_digest(path):
    """(size, sha256 hex) of the file at `path`."""
    with open(path, "rb") as file:
        reader = HashingReader(file)
        while reader.read(CHUNK):
            pass
    return reader.size, reader.sha256.hexdigest()


def manifest_bytes(manifest):
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()


def safe_member_name(member):
    """The member's path inside the archive, refused unless it is a plain file or folder under
    `database/` or `media/` (or the manifest) with no absolute, `..` or empty part."""
    name = member.name
    path = PurePosixPath(name)
    dangerous = (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.rstrip("/").split("/"))
        or not (member.isfile() or member.isdir())
        or (name != MANIFEST and path.parts[0] not in (DATABASE_DIR, MEDIA_DIR))
    )
    if dangerous:
        raise BackupError(
            _(
                "The archive holds a dangerous or unexpected entry (%(name)s): it was altered or is "
                "not a Carnet backup. Nothing was restored."
            )
            % {"name": name[:200]}
        )
    return path


def read_manifest(data):
    """The manifest, checked for the keys a restore needs; refuses anything else."""
    try:
        manifest = json.loads(data)
        ok = (
            manifest["format"] == FORMAT
            and isinstance(manifest["database"]["engine"], str)
            and isinstance(manifest["migrations"], list)
            and all(isinstance(f["path"], str) for f in manifest["files"])
        )
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        raise BackupError(
            _(
                "The archive's manifest is unreadable or of an unknown format: this is not a "
                "Carnet backup, or one from another version. Nothing was restored."
            )
        )
    return manifest
