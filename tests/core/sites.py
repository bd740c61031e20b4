"""Whole Carnet sites for the backup tests: each one its own database (a SQLite file or a scratch
PostgreSQL database) and media folder, driven through `manage.py` in subprocesses, as an owner
would."""

import json
import os
import re
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"

SETUP_SCRIPT = """
from datetime import timedelta
from io import BytesIO
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PILImage
from blog.models import Post, Status
from comments.models import CommentKind
from comments.services import comment_create
from images.services import image_create, image_prepare

buffer = BytesIO()
PILImage.radial_gradient("L").convert("RGB").resize((900, 600)).save(buffer, "PNG")
buffer.seek(0)
image = image_create(title="Dégradé", alt_text="Un dégradé", prepared=image_prepare(fileobj=buffer))
author = get_user_model().objects.create(username="autrice", first_name="Ada")
post = Post.objects.create(
    title="Le fil", slug="fil", author=author, status=Status.PUBLISHED,
    body="Un billet **sauvegardé**, avec une image :\\n\\n![Un dégradé](" + image.file.url + ")",
    published_at=timezone.now() - timedelta(days=1),
)
for n in range(3):
    root = comment_create(post=post, author_name=f"Lectrice {n}", author_email=f"l{n}@example.org",
                          body=f"Premier avis {n}", ip_address=f"192.0.2.{n + 1}")
    comment_create(post=post, parent=root, author_name="Ada", author_email="ada@example.org",
                   body=f"Réponse {n}", ip_address="192.0.2.99")
print("URL", post.get_absolute_url())
"""

WRITER_SCRIPT = """
import os, pathlib, time
from blog.models import Post
from comments.exceptions import CommentRejected
from comments.models import Comment
from comments.services import comment_create

post = Post.objects.get(slug="fil")
roots = list(Comment.objects.filter(post=post, parent=None).order_by("pk"))
writer, stop = os.environ["WRITER"], pathlib.Path(os.environ["STOP_FILE"])
n = 0
while not stop.exists():
    n += 1
    try:
        comment = comment_create(
            post=post, parent=roots[n % len(roots)] if n % 3 else None,
            author_name=f"Écrivain {writer}", author_email=f"w{writer}@example.org",
            body=f"Message {writer}-{n}", ip_address=f"198.51.100.{n % 250 + 1}",
        )
    except CommentRejected as refused:  # a busy lock: nothing stored, try the next one
        print("REFUSED", type(refused).__name__, flush=True)
        continue
    print("COMMITTED", comment.pk, time.time(), flush=True)
"""

PAGES_SCRIPT = """
import json, os
from django.test import Client
client = Client()
pages = {}
for path in os.environ["PAGES"].split(" "):
    response = client.get(path)
    pages[path] = [response.status_code, response.content.decode()]
print("PAGES", json.dumps(pages))
"""

HIDDEN_INPUT = re.compile(r'<input type="hidden"[^>]*>')
HIDDEN_VALUE = re.compile(r'value="[^"]*"')


class Site:
    """One site's environment: `database_url`, media and var folders under `root`."""

    def __init__(self, root, database_url):
        root.mkdir(parents=True, exist_ok=True)
        self.root, self.database_url = root, database_url
        self.media = root / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url,
            "CARNET_VAR_DIR": str(root),
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(root / "backups"),
            "COMMENTS_FLOOD_SECONDS": "0",
            "COMMENTS_MODERATION": "none",
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("TEST_DB_NAME", None)

    def manage(self, *args, check=True, **extra_env):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def popen(self, script, **extra_env):
        return subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-v0", "-c", script],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def create_content(self):
        """Migrate, then a post with an image and two-level threads; return the post's path."""
        self.manage("migrate", "--noinput", "-v0")
        output = self.manage("shell", "-v0", "-c", SETUP_SCRIPT).stdout
        return re.search(r"^URL (.+)$", output, re.M).group(1)

    def pages(self, *paths):
        """{path: HTML} as the site serves them, hidden form values (CSRF, timestamps) blanked."""
        output = self.manage("shell", "-v0", "-c", PAGES_SCRIPT, PAGES=" ".join(paths)).stdout
        pages = json.loads(re.search(r"^PAGES (.+)$", output, re.M).group(1))
        assert all(status == 200 for status, _html in pages.values()), pages.keys()
        return {path: _blank_hidden_values(html) for path, (_status, html) in pages.items()}


def _blank_hidden_values(html):
    return HIDDEN_INPUT.sub(lambda m: HIDDEN_VALUE.sub('value=""', m.group(0)), html)


def media_digests(folder):
    """{relative path: bytes} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@contextmanager
def scratch_postgresql_databases(count):
    """`count` new empty PostgreSQL databases (their URLs), dropped afterwards."""
    server = os.environ.get("DATABASE_URL", "")
    server = server.rsplit("/", 1)[0] if server.startswith("postgres") else PG_SERVER
    names = [f"carnet_backup_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for name in names:
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [f"{server}/{name}" for name in names]
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            for name in names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
