"""`manage.py backup` then `manage.py restore`, as an owner runs them: on SQLite while comments
keep arriving (nothing committed before the snapshot is lost, nothing is torn), on PostgreSQL,
and the restored site serves the same pages."""

import hashlib
import json
import socket
import sqlite3
import tarfile
import threading
import time
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.comments.trees import assert_rows_valid
from tests.core.sites import WRITER_SCRIPT, Site, media_digests, scratch_postgresql_databases

WRITERS = 2
ROWS_SQL = (
    "SELECT id, parent_id, post_id, tree_id, lft, rght, level FROM comments_comment "
    "ORDER BY tree_id, lft"
)


class Writer:
    """A process posting comments through the comment service until told to stop; `committed`
    lists (comment id, wall-clock time just after its commit) as they are reported."""

    def __init__(self, site, number, stop_file):
        self.process = site.popen(WRITER_SCRIPT, WRITER=str(number), STOP_FILE=str(stop_file))
        self.committed = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            if line.startswith("COMMITTED "):
                _word, pk, at = line.split()
                self.committed.append((int(pk), float(at)))

    def wait_for(self, count, seconds=120):
        deadline = time.monotonic() + seconds
        while len(self.committed) < count:
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.monotonic() < deadline, "the writer is stuck"
            time.sleep(0.05)

    def finish(self):
        assert self.process.wait(timeout=120) == 0, self.process.stderr.read()
        self.reader.join(timeout=10)
        return [pk for pk, _at in self.committed]


def sqlite_rows(path, sql):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def archive_manifest(path):
    with tarfile.open(path) as tar:
        return json.load(tar.extractfile("manifest.json"))


@pytest.mark.slow
def test_sqlite_round_trip_under_write_load_loses_nothing(tmp_path):
    live = Site(tmp_path / "live", f"sqlite:///{tmp_path / 'live' / 'db.sqlite3'}")
    post_url = live.create_content()
    stop_file = tmp_path / "stop"
    writers = [Writer(live, n, stop_file) for n in range(WRITERS)]
    for writer in writers:
        writer.wait_for(10)
    loaded = tmp_path / "under-load.tar.gz"
    live.manage("backup", "--output", str(loaded))
    finished_at = time.time()
    for writer in writers:
        writer.wait_for(len(writer.committed) + 5)
    stop_file.touch()
    sequences = [writer.finish() for writer in writers]

    snapshot_at = datetime.fromisoformat(archive_manifest(loaded)["created_at"]).timestamp()
    during = [at for w in writers for _pk, at in w.committed if snapshot_at <= at <= finished_at]
    assert during, "no comment was committed while the backup ran"
    restored = Site(tmp_path / "restored", f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}")
    restored.manage("restore", str(loaded))
    db = restored.root / "db.sqlite3"
    assert sqlite_rows(db, "PRAGMA integrity_check") == [("ok",)]
    archived = {pk for (pk,) in sqlite_rows(db, "SELECT id FROM comments_comment")}
    for writer, sequence in zip(writers, sequences, strict=True):
        before = [pk for pk, at in writer.committed if at < snapshot_at]
        assert set(before) <= archived, "a comment committed before the snapshot is missing"
        kept = [pk for pk in sequence if pk in archived]
        assert kept == sequence[: len(kept)], "the archive holds a later comment, not an earlier"
        assert len(kept) < len(sequence), "comments committed after the backup are in it"
    assert_rows_valid(sqlite_rows(db, ROWS_SQL))
    assert media_digests(restored.media) == media_digests(live.media)

    # Once quiet, a second backup restored elsewhere serves exactly the live site's pages.
    pages = live.pages("/", post_url, "/feed/")
    quiet = tmp_path / "quiet.tar.gz"
    live.manage("backup", "--output", str(quiet))
    again = Site(tmp_path / "again", f"sqlite:///{tmp_path / 'again' / 'db.sqlite3'}")
    again.manage("restore", str(quiet))
    assert again.pages("/", post_url, "/feed/") == pages
    assert media_digests(again.media) == media_digests(live.media)
    assert "Message 0-1" in pages[post_url]


@pytest.mark.slow
def test_an_archive_older_than_the_code_is_migrated_after_restore(tmp_path):
    old = Site(tmp_path / "old", f"sqlite:///{tmp_path / 'old' / 'db.sqlite3'}")
    old.manage("migrate", "--noinput", "-v0")
    old.manage("migrate", "subscriptions", "0001_initial", "--noinput", "-v0")
    archive = tmp_path / "old.tar.gz"
    old.manage("backup", "--output", str(archive))
    assert ["subscriptions", "0002_delivery_subscription_ids_label"] not in (
        archive_manifest(archive)["migrations"]
    )
    new = Site(tmp_path / "new", f"sqlite:///{tmp_path / 'new' / 'db.sqlite3'}")
    output = new.manage("restore", str(archive)).stdout
    assert "ses migrations ont été appliquées" in output
    applied = sqlite_rows(new.root / "db.sqlite3", "SELECT app, name FROM django_migrations")
    assert ("subscriptions", "0002_delivery_subscription_ids_label") in applied


@pytest.mark.slow
def test_postgresql_round_trip_and_forced_restore_over_changes(tmp_path):
    with scratch_postgresql_databases(2) as (first_url, second_url):
        live = Site(tmp_path / "live", first_url)
        post_url = live.create_content()
        pages = live.pages("/", post_url)
        archive = tmp_path / "pg.tar.gz"
        live.manage("backup", "--output", str(archive))
        assert archive_manifest(archive)["database"]["engine"] == "postgresql"

        copy = Site(tmp_path / "copy", second_url)
        copy.manage("restore", str(archive))
        assert copy.pages("/", post_url) == pages
        assert media_digests(copy.media) == media_digests(live.media)

        live.manage("shell", "-c", "from blog.models import Post; Post.objects.update(title='X')")
        refused = live.manage("restore", str(archive), check=False)
        assert refused.returncode == 1
        assert "--force" in refused.stderr
        live.manage("restore", str(archive), "--force")
        assert live.pages("/", post_url) == pages


@pytest.mark.django_db(transaction=True)
def test_manifest_lists_database_media_and_where_the_key_is_not_the_key(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    photo = b"\xff\xd8 not really a photo"
    (settings.MEDIA_ROOT / "images" / "photo.jpg").write_bytes(photo)
    output = tmp_path / "out" / "site.tar.gz"
    stdout = StringIO()
    call_command("backup", output=str(output), stdout=stdout)

    manifest = archive_manifest(output)
    assert manifest["database"]["engine"] in ("sqlite", "postgresql")
    assert ["blog", "0001_initial"] in manifest["migrations"]
    assert manifest["carnet_version"] == "0.1.0"
    assert manifest["files"] == [
        {
            "path": "media/images/photo.jpg",
            "size": len(photo),
            "sha256": hashlib.sha256(photo).hexdigest(),
        }
    ]
    assert manifest["secret_key"] == {"kind": "settings", "where": "config.settings.test"}
    assert settings.SECRET_KEY not in output.read_bytes().decode("latin-1")
    assert "La clé secrète n’est pas dans l’archive" in stdout.getvalue()
    assert "Sauvegarde écrite" in stdout.getvalue()
    assert output.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in output.parent.iterdir()] == ["site.tar.gz"]


@pytest.mark.django_db
def test_backup_never_overwrites_an_archive(tmp_path):
    output = tmp_path / "site.tar.gz"
    output.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", output=str(output), stdout=StringIO())
    assert output.read_bytes() == b"an older backup"


def test_default_name_is_dated_in_backup_dir(tmp_path, settings):
    from core.backup import default_output

    settings.BACKUP_DIR = tmp_path
    path = default_output()
    assert path.parent == tmp_path
    assert path.name.startswith("carnet-") and path.name.endswith(".tar.gz")


@pytest.mark.slow
def test_a_failed_backup_says_why_in_french_and_leaves_nothing(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    site = Site(tmp_path / "site", f"postgres://postgres@127.0.0.1:{closed_port}/nowhere")
    out = tmp_path / "out"
    result = site.manage("backup", "--output", str(out / "b.tar.gz"), check=False)
    assert result.returncode == 1
    assert "Impossible de lire la base de données" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []

    result = site.manage("backup", "--output", str(out / "b.tar.gz"), check=False, PATH="/nowhere")
    assert result.returncode == 1
    assert "pg_dump n’est pas installé" in result.stderr
    assert list(out.iterdir()) == []
