"""Valid HTML: the Nu Html Checker (vnu-jar, run with Java) finds no error on the reader's pages."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from tests.theme.sample import build_blog

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def login_url():
    try:
        return reverse("account_login")
    except NoReverseMatch:
        return reverse("admin:login")


def comment_url(post):
    try:
        return reverse("comments:post", kwargs={"post_pk": post.pk})
    except NoReverseMatch:
        return post.get_absolute_url()


def vnu_errors(paths):
    """Check every file in one Java run (the JVM's start is the slow part); return error lines."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    return [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']} [{m.get('extract', '')}]"
        for m in messages
    ]


@pytest.mark.django_db
def test_reader_pages_are_valid_html(client, tmp_path):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("vnu.jar or java is missing: run `make install` (npm ci installs vnu-jar).")
    post, _ = build_blog()
    month = post.published_at
    pages = {
        "home": "/",
        "post": post.get_absolute_url(),
        "archive": reverse("blog:month", kwargs={"year": month.year, "month": f"{month:%m}"}),
        "search": "/?s=carnet",
        "login": login_url(),
        "not-found": "/rien-ici/",
    }
    responses = {name: client.get(url) for name, url in pages.items()}
    assert {name: r.status_code for name, r in responses.items()} == {
        **dict.fromkeys(pages, 200),
        "not-found": 404,
    }
    # The comment form sent empty: the page that shows the errors must be valid too.
    responses["comment-errors"] = client.post(comment_url(post), {"body": ""})
    paths = []
    for name, response in responses.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    errors = vnu_errors(paths)
    assert not errors, "\n".join(errors)
