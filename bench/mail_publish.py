"""Publishing a post to N confirmed followers: wall time and peak memory, to bench/RESULTS.md.

    .venv/bin/python bench/mail_publish.py [--subscribers 10000] [--batch-size 100]

A fresh SQLite database in a temporary directory (or DATABASE_URL) gets N active blog
subscriptions. A real SMTP server (aiosmtpd, in this process, counting messages and connections)
listens on a free loopback port. The measured part runs in a child process under
`/usr/bin/time -v`:

1. the publication, as the admin request sees it: `post_announce_due()` and its commit, with the
   production task backend (django-tasks-db), so the request only queues the task;
2. the background tasks, run by django-tasks-db's own worker (`db_worker --batch`):
   `announce_post` writes the N deliveries, the `send_due` it queues sends them in batches, one
   SMTP connection per batch.
"""

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "RESULTS.md"
# Run as a script, bench/ comes first on the path, and bench/images.py would hide the images app.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CONNECTIONS = itertools.count(1)


def session_number(session):
    """A number per SMTP connection (ids of dead sessions are reused, so not id())."""
    if not hasattr(session, "carnet_number"):
        session.carnet_number = next(CONNECTIONS)
    return session.carnet_number


class CountingHandler:
    """Counts messages and SMTP connections; keeps nothing else."""

    def __init__(self):
        self.messages = 0
        self.sessions = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        with self.lock:
            self.messages += 1
            self.sessions.add(session_number(session))
        return "250 OK"


def child_env(args, workdir, port):
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'mail.sqlite3'}"
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_VAR_DIR=str(workdir / "var"),
        DATABASE_URL=database_url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        SUBSCRIBERS=str(args.subscribers),
        BATCH_SIZE=str(args.batch_size),
        PYTHONPATH=str(ROOT),
    )


def run_child(mode, env, timed=False):
    command = [PYTHON, __file__, mode]
    if timed:
        command = ["/usr/bin/time", "-v", *command]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode:
        sys.exit(f"{mode} failed:\n{done.stdout}\n{done.stderr}")
    return done


def django_setup(batch_size=None):
    import django
    from django.conf import settings

    django.setup()
    if batch_size:
        settings.SUBSCRIPTIONS_BATCH_SIZE = batch_size
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def child_setup():
    """Tables, one author, N active subscriptions, and a post ready to be published."""
    django_setup()
    from django.core.management import call_command

    from subscriptions.models import Subscription, SubscriptionKind, SubscriptionState
    from tests.factories import UserFactory

    call_command("migrate", run_syncdb=True, verbosity=0)
    UserFactory(username="auteur", email="")
    count = int(os.environ["SUBSCRIBERS"])
    Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"lecteur{n}@example.org",
                kind=SubscriptionKind.BLOG,
                state=SubscriptionState.ACTIVE,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def child_publish():
    import resource

    django_setup(int(os.environ["BATCH_SIZE"]))
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from blog.services import post_announce_due
    from tests.factories import PostFactory

    author = get_user_model().objects.get(username="auteur")
    PostFactory(title="Devenons des experts", author=author, announced_at=None)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with transaction.atomic():
        post_announce_due()
    request_seconds = time.perf_counter() - started
    assert DBTaskResult.objects.count() == 1  # the request queued one task, sent nothing

    from django.core.management import call_command

    from subscriptions.models import Delivery, DeliveryStatus

    started = time.perf_counter()
    # The real worker, until no task is left: announce_post, then the send_due it queues.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    task_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "request_seconds": request_seconds,
                "task_seconds": task_seconds,
                "rss_before_kb": rss_before,
                "rss_after_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "sent": Delivery.objects.filter(status=DeliveryStatus.SENT).count(),
                "not_sent": Delivery.objects.exclude(status=DeliveryStatus.SENT).count(),
                "errors": sorted(
                    set(
                        Delivery.objects.exclude(last_error="").values_list("last_error", flat=True)
                    )
                )[:3],
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    port = free_port()
    handler = CountingHandler()
    server = Controller(handler, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="carnet-mail-bench-") as tmp:
            env = child_env(args, Path(tmp), port)
            run_child("setup", env)
            done = run_child("publish", env, timed=True)
    finally:
        server.stop()
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["peak_rss_kb"] = int(
        re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)[1]
    )
    figures["cpu_seconds"] = sum(
        float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", done.stderr)[1])
        for kind in ("User", "System")
    )
    figures["wall"] = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", done.stderr)[1]
    figures |= {"received": handler.messages, "connections": len(handler.sessions)}
    report(args, figures)


def report(args, f):
    per_mail_ms = 1000 * f["task_seconds"] / max(f["received"], 1)
    text = f"""## bench/mail_publish.py: a new post to {args.subscribers:,} confirmed followers ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)

SQLite (temporary file), batches of {args.batch_size} mails per SMTP connection, aiosmtpd on loopback
(in the bench's parent process, so its work is not counted in the child's memory).
Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end (shared with other jobs).

| measure | value |
|---|---|
| publication (admin request: announce + queue the task) | {1000 * f["request_seconds"]:.0f} ms |
| background tasks (`db_worker --batch`): write the deliveries, render and send every mail | {f["task_seconds"]:.1f} s ({per_mail_ms:.2f} ms per mail) |
| mails received by the SMTP server | {f["received"]:,} (not sent: {f["not_sent"]}{"; " + "; ".join(f["errors"]) if f["errors"] else ""}) |
| SMTP connections | {f["connections"]} |
| peak memory of the process (`/usr/bin/time -v`, max RSS) | {f["peak_rss_kb"] / 1024:.0f} MiB |
| of which before publishing (Django loaded, post created) | {f["rss_before_kb"] / 1024:.0f} MiB |
| whole child process, wall clock (Django start included) | {f["wall"]} |
| whole child process, CPU time (user + system) | {f["cpu_seconds"]:.1f} s |

The sender waits on the SMTP server for most of the wall time (aiosmtpd answers in Python, on the
same machine); the CPU time is what the worker itself spends.
"""
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n" + text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "setup":
        child_setup()
    elif len(sys.argv) > 1 and sys.argv[1] == "publish":
        child_publish()
    else:
        main()
