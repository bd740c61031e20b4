"""Issue 21, target 1: a logged-in member's post page against a guest's, in one run.

    .venv/bin/python bench/members.py                  # SQLite, 4 workers, as `make run`
    .venv/bin/python bench/members.py --reuse --rounds 5 --seconds 3   # options of bench/run.py

Builds the data (unless --reuse: 100 posts, one with 200 threaded comments), collects static
files, makes a member (not staff) with a session, starts gunicorn with 4 workers on a free
loopback port, checks that the member really gets their own page (the form names them), then
runs wrk with 8 connections in interleaved slices on `/robots.txt` (the ceiling of this stack:
the machine is shared, so only ratios within the run mean something), the 200-comment post as a
guest (served by the page cache) and the same post as the member (rendered for them, the
discussion from its cache), and `/robots.txt` with the member's cookie (what the middleware stack
alone costs a member's request). Appends req/s, p99 and the ratios to bench/RESULTS.md.
Target: member >= half the guest's rate (and >= 10 times WordPress's, not measured here).
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness, run  # noqa: E402

MEMBER = "bench-member"
# Makes (or finds) the member and prints a session key that logs them in.
SESSION_CODE = f"""
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
user, _ = get_user_model().objects.get_or_create(
    username="{MEMBER}", defaults={{"email": "membre@example.org", "first_name": "Maëlle"}}
)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.set_expiry(86400)
store.create()
print(settings.SESSION_COOKIE_NAME, store.session_key)
"""


def member_cookie(env):
    """The `Cookie` header of a logged-in member (made by the site's own session engine)."""
    out = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-c", SESSION_CODE],
        cwd=harness.ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split()  # fmt: skip
    return f"{out[-2]}={out[-1]}"


def check_member_page(url, cookie):
    """Fail unless the member gets a page rendered for them, with the whole discussion."""
    status, _seconds, body = harness.fetch(url, headers={"Cookie": cookie})
    if status != 200 or b"comment-logged-in" not in body or body.count(b'class="comment ') < 50:
        raise SystemExit(f"{url} did not answer the member's own page ({status}): fix it first.")


def main(argv=None):
    os.environ.setdefault("WEB_CONCURRENCY", "4")
    args = run.parse_args(argv)  # the same options as bench/run.py
    database_url = os.environ.get("DATABASE_URL", harness.SQLITE_DEFAULT)
    if not args.reuse:
        harness.make_data(database_url, "--posts", args.posts, "--comments", args.comments)
    env = harness.bench_env(database_url, BENCH_PAGE_CACHE="1")
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    cookie = member_cookie(env)
    post = harness.discussion_url(env)
    paths = {
        "ceiling: /robots.txt": "/robots.txt",
        "member's /robots.txt": "/robots.txt",
        "guest": post,
        "member": post,
    }
    member = {"Cookie": cookie}
    headers = {"member's /robots.txt": member, "member": member}
    with harness.gunicorn(env, workers=args.workers) as base:
        check_member_page(base + post, cookie)
        results = run.measure(base, paths, args.seconds, args.connections, args.rounds, headers)
    report(results, args, database_url)


def report(results, args, database_url):
    ceiling, guest = results["ceiling: /robots.txt"]["rps"], results["guest"]["rps"]
    rows = [_row(name, result, ceiling, guest) for name, result in results.items()]
    engine = "PostgreSQL" if "postgres" in database_url.split(":")[0] else "SQLite"
    member = results["member"]["rps"] / guest
    verdict = "met" if member >= 0.5 else f"missed: {member:.0%} of the guest's rate"
    notes = [
        *([args.label, ""] if args.label else []),
        f"The post with 200 threaded comments, as a guest (page cache) and as a logged-in member "
        f"(not staff); `/robots.txt` is the ceiling of the stack in the same run. wrk: "
        f"{args.rounds} interleaved slices of {args.seconds} s per URL (req/s: their mean; "
        f"p99: the worst slice). WordPress was not measured in this run (see the text below).",
        "",
        *harness.table(("URL", "req/s", "p99 ms", "of ceiling", "of guest", "errors"), rows),
        "",
        f"Target (member >= 50 % of the guest's rate): **{verdict}**.",
    ]
    heading = f"bench/members.py: {engine}, {args.workers} workers, {args.connections} connections"
    harness.record(heading, notes)


def _row(name, result, ceiling, guest):
    """One line of the table: req/s and p99, then the shares of the ceiling and of the guest."""
    rps = result["rps"]
    shares = (f"{rps / ceiling:.0%}", f"{rps / guest:.0%}")
    return (name, f"{rps:.0f}", f"{result['p99_ms']:.1f}", *shares, result["errors"])


if __name__ == "__main__":
    main()
