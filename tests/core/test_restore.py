"""`manage.py restore` refuses, in French and with nothing changed, every archive it cannot prove
whole and safe: truncated, damaged, altered, another engine, newer code, a site with content."""

import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from blog.models import Post
from core import signals
from tests.factories import PostFactory

# A snapshot is read outside any transaction, as the command runs on a live site.
pytestmark = pytest.mark.django_db(transaction=True)

NOTHING_RESTORED = "Rien n’a été restauré"


@pytest.fixture
def archive(tmp_path, settings):
    """A real backup of the test site with one media file; MEDIA_ROOT then points at an empty
    folder, the site a restore would fill."""
    settings.MEDIA_ROOT = tmp_path / "source-media"
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "photo.png").write_bytes(b"\x89PNG pixels" * 100)
    path = tmp_path / "site.tar.gz"
    call_command("backup", output=str(path), stdout=StringIO())
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    return path


def repack(source, target, *, manifest=None, drop=(), replace=None, extra=()):
    """A copy of the archive `source` with its manifest edited, members dropped or replaced, and
    `extra` TarInfo/bytes pairs appended."""
    replace = replace or {}
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                loaded = json.loads(data)
                manifest(loaded)
                data = json.dumps(loaded).encode()
            data = replace.get(member.name, data)
            if member.name in drop:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        for info, data in extra:
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def restore_refused(path, *args):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args, stdout=StringIO())
    return str(refused.value)


def test_a_truncated_archive_is_refused(archive, tmp_path, settings):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = restore_refused(truncated)
    assert "tronquée ou endommagée" in message
    assert NOTHING_RESTORED in message
    assert not settings.MEDIA_ROOT.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "site",
        "site.tar.gz",
        "source-media",
        "truncated.tar.gz",
    ]


def test_a_damaged_archive_is_refused(archive, tmp_path, settings):
    data = bytearray(archive.read_bytes())
    for offset in range(len(data) // 3, len(data) // 3 + 64):
        data[offset] ^= 0x5A
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    assert NOTHING_RESTORED in restore_refused(damaged)
    assert not settings.MEDIA_ROOT.exists()


def test_a_file_that_does_not_match_its_checksum_is_refused(archive, tmp_path, settings):
    altered = repack(
        archive, tmp_path / "altered.tar.gz", replace={"media/images/photo.png": b"other pixels"}
    )
    message = restore_refused(altered)
    assert "media/images/photo.png ne correspond pas à sa somme de contrôle" in message
    assert not settings.MEDIA_ROOT.exists()


def test_a_missing_file_is_refused(archive, tmp_path):
    incomplete = repack(archive, tmp_path / "incomplete.tar.gz", drop={"media/images/photo.png"})
    assert "L’archive est incomplète, il y manque : media/images/photo.png." in restore_refused(
        incomplete
    )


def _link(name, target):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(
    "member",
    [
        tarfile.TarInfo("media/../../evil.txt"),
        tarfile.TarInfo("../evil.txt"),
        tarfile.TarInfo("/tmp/evil.txt"),
        tarfile.TarInfo("elsewhere/evil.txt"),
        _link("media/images/evil.txt", "/etc/passwd"),
    ],
    ids=["dot-dot-inside", "dot-dot", "absolute", "outside-known-folders", "symlink"],
)
def test_a_member_outside_the_archive_folders_is_refused(archive, tmp_path, settings, member):
    hostile = repack(archive, tmp_path / "hostile.tar.gz", extra=[(member, b"pwned")])
    message = restore_refused(hostile)
    assert "dangereuse ou inattendue" in message
    assert NOTHING_RESTORED in message
    assert not list(tmp_path.parent.glob("**/evil.txt"))
    assert not settings.MEDIA_ROOT.exists()


def test_an_unlisted_member_is_refused(archive, tmp_path):
    extra = repack(
        archive,
        tmp_path / "extra.tar.gz",
        extra=[(tarfile.TarInfo("media/unlisted.txt"), b"smuggled")],
    )
    assert "que son manifeste ne liste pas" in restore_refused(extra)


def test_another_engine_is_refused(archive, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def switch(manifest):
        manifest["database"]["engine"] = other

    switched = repack(archive, tmp_path / "other.tar.gz", manifest=switch)
    message = restore_refused(switched, "--force")
    assert f"contient une base {other}" in message
    assert "même moteur de base de données" in message


def test_an_archive_from_newer_code_is_refused(archive, tmp_path):
    def newer(manifest):
        manifest["migrations"].append(["blog", "9999_from_the_future"])

    future = repack(archive, tmp_path / "future.tar.gz", manifest=newer)
    assert "blog.9999_from_the_future" in restore_refused(future, "--force")


def test_an_unreadable_manifest_is_refused(archive, tmp_path):
    broken = repack(archive, tmp_path / "broken.tar.gz", replace={"manifest.json": b"{not json"})
    assert "manifeste de l’archive est illisible" in restore_refused(broken)
    no_manifest = repack(archive, tmp_path / "bare.tar.gz", drop={"manifest.json"})
    assert "ne commence pas par un manifeste" in restore_refused(no_manifest)


def test_a_site_with_content_is_kept_without_force(archive, tmp_path, settings):
    post = PostFactory(title="Mon billet")
    message = restore_refused(archive)
    assert "--force" in message
    assert "manage.py backup" in message
    assert list(Post.objects.values_list("title", flat=True)) == [post.title]
    Post.objects.all().delete()
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "mine.png").write_bytes(b"mine")
    assert "--force" in restore_refused(archive)
    assert (settings.MEDIA_ROOT / "images" / "mine.png").read_bytes() == b"mine"


def test_a_missing_archive_is_named(tmp_path):
    assert "Aucune archive" in restore_refused(tmp_path / "nowhere.tar.gz")


def test_restoring_invalidates_every_cached_page():
    from pagecache import generation

    before = generation.current()
    signals.site_restored.send(sender=None, manifest={})
    assert generation.current() != before
