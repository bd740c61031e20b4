"""Many readers reply to one thread at the same moment, through a real gunicorn with several
workers, on SQLite (a file, WAL) and on PostgreSQL (when DATABASE_URL points at it).

Every reply must be stored and every tree must stay a valid nested set; a writer that cannot get
the lock in time gets the French 503 page with its text, never a 500.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.comments.trees import assert_rows_valid

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
WORKERS = 4
REPLIES = 24
ROWS_SQL = (
    "SELECT id, parent_id, post_id, tree_id, lft, rght, level FROM comments_comment "
    "ORDER BY tree_id, lft"
)
NO_MIGRATIONS_SETTINGS = """
from config.settings.dev import *  # noqa: F403


class _NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


MIGRATION_MODULES = _NoMigrations()
"""
SETUP_SCRIPT = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from blog.models import Post, Status
from comments.models import Comment
author = get_user_model().objects.create(username="auteur")
post = Post.objects.create(title="Fil", slug="fil", author=author, status=Status.PUBLISHED,
                           published_at=timezone.now() - timedelta(days=1))
root = Comment.objects.create(post=post, author_name="Racine", body="r", status="approved")
child = Comment.objects.create(post=post, parent=root, author_name="Fils", body="f",
                               status="approved")
print("IDS", post.pk, post.get_absolute_url(), root.pk, child.pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A fresh database for the server: a SQLite file, or a scratch PostgreSQL database."""
    if request.param == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    import psycopg

    name = f"carnet_concurrency_{uuid.uuid4().hex[:8]}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield {"DATABASE_URL": url.rsplit("/", 1)[0] + f"/{name}"}
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def environment(request, database, tmp_path):
    """The server's environment, and its schema and data created (migrations as pytest's)."""
    env = {
        **os.environ,
        **database,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "CARNET_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "concurrency-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "1",
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_MIN_SUBMIT_SECONDS": "0",
        "COMMENTS_MODERATION": "none",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    env.pop("TEST_DB_NAME", None)
    if request.config.getoption("nomigrations", False):
        (tmp_path / "no_migrations.py").write_text(NO_MIGRATIONS_SETTINGS)
        migrate = ["migrate", "--run-syncdb", "--settings=no_migrations"]
    else:
        migrate = ["migrate"]
    manage(env, *migrate, "--noinput", "-v0")
    output = manage(env, "shell", "-v0", "-c", SETUP_SCRIPT)
    post_pk, url, root_pk, child_pk = re.search(r"^IDS (.+)$", output, re.M).group(1).split()
    env["TEST_POST"] = post_pk
    env["TEST_POST_URL"] = url
    env["TEST_PARENTS"] = f"{root_pk},{child_pk}"
    return env


def manage(env, *args):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class Server:
    def __init__(self, env, tmp_path, **extra_env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp_path / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env={**env, **extra_env}, stdout=self.log, stderr=self.log
        )
        self._wait_until_up()

    def command(self):
        return [
            GUNICORN,
            "config.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
        ]

    def _wait_until_up(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn stopped: see its log"
            try:
                requests.get(f"{self.base}/robots.txt", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer within 30 s")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


@pytest.fixture
def start_server(environment, tmp_path):
    servers = []

    def start(**extra_env):
        servers.append(Server(environment, tmp_path, **extra_env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def open_form(server, env):
    """A reader's session with the post page open: (session, csrf token (none for a guest), form
    timestamp)."""
    session = requests.Session()
    page = session.get(server.base + env["TEST_POST_URL"], timeout=30).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', page).group(1)
    stamp = re.search(r'name="timestamp" value="([^"]+)"', page).group(1)
    return session, csrf, stamp


def send_reply(server, env, form, n, parent):
    session, csrf, stamp = form
    data = {
        "csrfmiddlewaretoken": csrf,
        "timestamp": stamp,
        "parent": parent,
        "author_name": f"Lecteur {n}",
        "author_email": f"lecteur{n}@example.org",
        "body": f"Réponse numéro {n}",
    }
    url = f"{server.base}/comments/post/{env['TEST_POST']}/"
    return session.post(url, data=data, allow_redirects=False, timeout=60)


def read_rows(env):
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(ROWS_SQL).fetchall()
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(ROWS_SQL).fetchall()


def test_simultaneous_replies_are_all_stored_in_a_valid_tree(start_server, environment):
    server = start_server()
    parents = environment["TEST_PARENTS"].split(",")
    forms = [open_form(server, environment) for _ in range(REPLIES)]
    barrier = threading.Barrier(REPLIES)
    statuses = [None] * REPLIES

    def reply(n):
        barrier.wait()
        statuses[n] = send_reply(server, environment, forms[n], n, parents[n % 2]).status_code

    threads = [threading.Thread(target=reply, args=(n,)) for n in range(REPLIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * REPLIES
    rows = read_rows(environment)
    assert len(rows) == REPLIES + 2
    assert_rows_valid(rows)
    assert "Tous les arbres de commentaires sont valides." in manage(
        environment, "check_comment_trees"
    )


def test_flood_limit_holds_across_workers(start_server, environment):
    """Simultaneous comments from one address: one is stored, the others get a 429."""
    server = start_server(COMMENTS_FLOOD_SECONDS="60")
    senders = 8
    forms = [open_form(server, environment) for _ in range(senders)]
    barrier = threading.Barrier(senders)
    statuses = [None] * senders

    def comment(n):
        barrier.wait()
        statuses[n] = send_reply(server, environment, forms[n], n, "").status_code

    threads = [threading.Thread(target=comment, args=(n,)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [302] + [429] * (senders - 1)
    assert len(read_rows(environment)) == 3


def test_a_writer_kept_waiting_gets_a_french_503_with_its_text(start_server, environment):
    server = start_server(SQLITE_BUSY_TIMEOUT="1", COMMENTS_LOCK_TIMEOUT_SECONDS="1")
    form = open_form(server, environment)
    with hold_write_lock(environment):
        response = send_reply(server, environment, form, 1, environment["TEST_PARENTS"][0])
    assert response.status_code == 503
    assert "Le site est très sollicité" in response.text
    assert "Réponse numéro 1" in response.text
    assert len(read_rows(environment)) == 2
    form = open_form(server, environment)
    assert send_reply(server, environment, form, 1, "").status_code == 302


class hold_write_lock:  # noqa: N801 (used as a context manager)
    """Hold what a comment writer needs: SQLite's write lock, or the post's row lock."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        url = self.env["DATABASE_URL"]
        if url.startswith("sqlite"):
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")
            return self
        import psycopg

        self.connection = psycopg.connect(url)
        self.connection.execute(
            "SELECT id FROM blog_post WHERE id = %s FOR UPDATE", [int(self.env["TEST_POST"])]
        )
        return self

    def __exit__(self, *exc_info):
        self.connection.rollback()
        self.connection.close()
