"""Issue 9, target 4: 8 clients post comments to one thread at once, on 4 gunicorn workers.

    .venv/bin/python bench/writes.py                     # SQLite, then PostgreSQL
    .venv/bin/python bench/writes.py --only sqlite --seconds 10
    .venv/bin/python bench/writes.py --postgres postgres://postgres@127.0.0.1:5432/other_name

For each database: builds a small site (the post with 200 threaded comments), starts 4 workers
with the flood and speed limits off and moderation off, and lets 8 clients post replies to the
discussion's comments for `--seconds`. Each client reads the post page once (CSRF cookie and
token, comment ids), then posts as fast as answers come, following each redirect to the page that
shows the new comment as a browser does: that page's form carries the next signed timestamp (each
is spent by one comment; a replay is refused). Reports errors (any
answer but the redirect after a stored comment), comments stored versus accepted, the tree check
(bench/make_data.py --check-only) and comments/s. Target: zero errors, all stored, valid trees.
"""

import argparse
import collections
import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

DATABASES = {
    "sqlite": f"sqlite:///{harness.OUT / 'writes.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/carnet_bench_writes",
}
TIMESTAMP_RE = re.compile(r'name="timestamp" value="([^"]+)"')
LIMITS_OFF = {
    "COMMENTS_FLOOD_SECONDS": 0,
    "COMMENTS_MIN_SUBMIT_SECONDS": 0,
    "COMMENTS_MODERATION": "none",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", choices=sorted(DATABASES))
    parser.add_argument(
        "--postgres", default=DATABASES["postgresql"], help="the PostgreSQL database to rebuild"
    )
    return parser.parse_args(argv)


class Client:
    """One commenter: reads the page once, then posts replies until the time is up."""

    def __init__(self, port, post_path, number):
        self.port, self.post_path, self.number = port, post_path, number
        self.cookies, self.form, self.parents, self.location = {}, {}, [], None
        self.statuses = collections.Counter()

    def request(self, method, path, body=None):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        self.location = response.headers.get("Location")
        return response.status, content

    def take_timestamp(self, html):
        """The form's signed timestamp: each is spent by one comment (replays are refused)."""
        found = TIMESTAMP_RE.search(html)
        if found:
            self.form["timestamp"] = found.group(1)

    def prepare(self):
        status, html = self.request("GET", self.post_path)
        assert status == 200, status
        form = html.split('id="commentform"', 1)[1].split("</form>", 1)[0]
        for tag in re.findall(r"<input[^>]*>", form):
            name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
            if name and 'type="checkbox"' not in tag:
                self.form[name.group(1)] = value.group(1) if value else ""
        self.parents = [int(pk) for pk in re.findall(r'id="comment-(\d+)"', html)]

    def run(self, action, until):
        rng = random.Random(self.number)
        sent = 0
        while time.monotonic() < until:
            sent += 1
            form = dict(self.form)
            form.update(
                author_name=f"Client {self.number}",
                author_email=f"client{self.number}@example.org",
                body=f"Réponse {sent} du client {self.number}, au hasard du fil.",
                parent=str(rng.choice(self.parents)),
                homepage="",
            )
            status, html = self.request("POST", action, urllib.parse.urlencode(form))
            self.statuses[status] += 1
            if status in (302, 303):  # as a browser: the comment shown, with a fresh form
                _status, html = self.request("GET", local_path(self.location))
            self.take_timestamp(html)


def local_path(url):
    """The path and query of `url`, without its scheme, host or fragment."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def hammer(port, post_path, post_pk, clients, seconds):
    """All clients at once for `seconds`; the answers' statuses, summed."""
    people = [Client(port, post_path, n) for n in range(clients)]
    for person in people:
        person.prepare()
    action = f"/comments/post/{post_pk}/"
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=p.run, args=(action, until)) for p in people]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    return sum((p.statuses for p in people), collections.Counter()), elapsed


def count_and_check(database_url):
    env = dict(os.environ, DATABASE_URL=database_url)
    result = subprocess.run(
        [harness.PYTHON, "bench/make_data.py", "--check-only"],
        cwd=harness.ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    count = int(re.search(r"comments=(\d+)", result.stdout).group(1))
    return count, result.returncode == 0


def post_pk(env):
    code = "from blog.models import Post; print(Post.objects.get(slug='discussion-200').pk)"
    out = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-c", code],
        cwd=harness.ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return out.stdout.split()[-1]


def run_one(name, database_url, args):
    harness.make_data(database_url, "--posts", "20", "--comments", "3")
    before, _valid = count_and_check(database_url)
    env = harness.bench_env(database_url, **LIMITS_OFF)
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    path, pk = harness.discussion_url(env), post_pk(env)
    with harness.gunicorn(env, workers=args.workers) as base:
        port = int(base.rsplit(":", 1)[1])
        statuses, elapsed = hammer(port, path, pk, args.clients, args.seconds)
    after, valid = count_and_check(database_url)
    accepted = sum(n for status, n in statuses.items() if status in (302, 303))
    errors = sum(statuses.values()) - accepted
    stored = after - before
    print(f"  {name}: {dict(statuses)}, stored {stored}, trees valid: {valid}", flush=True)
    return (
        name, accepted, errors, stored, "yes" if stored == accepted else "NO",
        "yes" if valid else "NO", f"{stored / elapsed:.1f}",
        ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())),
    )  # fmt: skip


def main(argv=None):
    args = parse_args(argv)
    names = [args.only] if args.only else list(DATABASES)
    urls = dict(DATABASES, postgresql=args.postgres)
    rows = [run_one(name, urls[name], args) for name in names]
    notes = [
        f"{args.clients} clients replying in the 200-comment discussion for {args.seconds} s, "
        f"{args.workers} gunicorn workers, flood/speed limits and moderation off.",
        "",
    ]
    header = (
        "database", "accepted", "errors", "stored", "all stored", "trees valid", "comments/s",
        "answers",
    )  # fmt: skip
    harness.record("bench/writes.py", notes + harness.table(header, rows))


if __name__ == "__main__":
    main()
