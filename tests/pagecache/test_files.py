"""Page files for nginx: written as pages are cached, gone when anything they show changes."""

import os
import time

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from blog.identity import SiteIdentity
from comments.cookies import PENDING_COOKIE
from comments.forms import FORM_SALT
from pagecache import files, generation
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages_dir(settings, tmp_path):
    settings.PAGE_CACHE_FILES_DIR = str(tmp_path)
    return tmp_path / "pages"


def page_file(pages_dir, post, language="fr"):
    return pages_dir / language / post.get_absolute_url().strip("/") / "index.html"


def test_an_anonymous_page_is_written_with_nothing_of_its_reader(pages_dir):
    post = PostFactory(title="Un billet en fichier")
    served = Client().get(post.get_absolute_url()).content.decode()
    html = page_file(pages_dir, post).read_text()
    assert "Un billet en fichier" in html
    assert '<html lang="fr">' in html
    assert "--carnet-" not in html
    assert 'name="csrfmiddlewaretoken" value=""' in html  # guests' forms need none (core/csrf.py)
    assert 'name="csrfmiddlewaretoken" value=""' not in served  # Django gives readers theirs
    timestamp = html.split('name="timestamp" value="', 1)[1].split('"', 1)[0]
    assert signing.loads(timestamp, salt=FORM_SALT) == {"post": post.pk, "shared": True}


def test_an_english_reader_gets_a_file_of_their_own(pages_dir):
    post = PostFactory()
    Client().get(post.get_absolute_url())
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.get(post.get_absolute_url())
    assert '<html lang="en">' in page_file(pages_dir, post, "en").read_text()
    assert '<html lang="fr">' in page_file(pages_dir, post, "fr").read_text()


def test_the_home_page_and_a_hit_from_the_shared_cache_write_their_file(pages_dir):
    post = PostFactory()
    Client().get("/")
    assert (pages_dir / "fr" / "index.html").exists()
    Client().get(post.get_absolute_url())
    page_file(pages_dir, post).unlink()
    Client().get(post.get_absolute_url())  # served from the cache: the file comes back
    assert page_file(pages_dir, post).exists()


def test_any_public_change_removes_every_file(pages_dir, django_capture_on_commit_callbacks):
    post = PostFactory()
    Client().get(post.get_absolute_url())
    Client().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        SiteIdentity.objects.update_or_create(pk=1, defaults={"title": "Nouveau nom"})
    assert not pages_dir.exists()
    assert "Nouveau nom" in Client().get("/").content.decode()
    assert "Nouveau nom" in (pages_dir / "fr" / "index.html").read_text()


def test_personal_requests_write_no_file(pages_dir, client):
    post = PostFactory()
    client.cookies[PENDING_COOKIE] = "anything"
    client.get(post.get_absolute_url())
    Client().get(post.get_absolute_url(), {"replytocom": "1"})
    member = Client()
    member.force_login(UserFactory())
    member.get(post.get_absolute_url())
    Client().get("/feed/")
    assert not pages_dir.exists()


def test_no_files_without_the_setting(settings, tmp_path):
    settings.PAGE_CACHE_FILES_DIR = ""
    post = PostFactory()
    assert Client().get(post.get_absolute_url()).status_code == 200
    assert files.root() is None
    assert files.path_for(post.get_absolute_url(), "fr") is None


def test_a_file_rendered_under_an_older_generation_is_removed_by_its_writer(pages_dir):
    target = files.path_for("/2026/01/02/billet/", "fr")
    assert not files.write(target, b"ancienne page", "older", generation.KEY)
    assert not target.exists()
    assert files.write(target, b"page du jour", generation.current(), generation.KEY)
    assert target.read_bytes() == b"page du jour"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]


@pytest.mark.parametrize("path", ["/robots.txt", "/a/../b/", "/.hidden/", "//x/", "relative/"])
def test_paths_no_file_can_stand_for(pages_dir, path):
    assert files.path_for(path, "fr") is None


def test_sweep_removes_files_older_than_a_pages_lifetime(pages_dir, settings):
    settings.PAGE_CACHE_SECONDS = 600
    old = files.path_for("/ancienne/", "fr")
    new = files.path_for("/recente/", "fr")
    for target in (old, new):
        files.write(target, b"page", generation.current(), generation.KEY)
    os.utime(old, (time.time() - 700, time.time() - 700))
    files.sweep()
    assert not old.exists()
    assert new.exists()
