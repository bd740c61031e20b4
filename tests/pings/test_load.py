"""Slow pingback sources against a real gunicorn started as bin/serve and the systemd unit start
it (config/gunicorn.py): however many pings wait on their sources, readers are served at once."""

import sqlite3
import threading
import time
import xmlrpc.client
from contextlib import contextmanager

import pytest
import requests

from tests.comments.test_concurrency import (  # noqa: F401 (fixtures used by name)
    GUNICORN,
    Server,
    database,
    environment,
)
from tests.core.peers import drip, http_server

pytestmark = pytest.mark.slow
PINGS = 10
WORKERS = 2


class ConfiguredServer(Server):
    """gunicorn started with the project's own configuration, as bin/serve and the unit do."""

    def command(self):
        return [
            GUNICORN, "config.wsgi:application", "-c", "python:config.gunicorn",
            "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}", "--timeout", "60",
        ]  # fmt: skip


@contextmanager
def gunicorn(env, tmp_path, **extra_env):
    server = ConfiguredServer(env, tmp_path, **extra_env)
    try:
        yield server.base
    finally:
        server.stop()


def queued_pingback_checks(env):
    sql = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'pings.tasks.verify_pingback'"
    )
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def test_ten_slow_pingbacks_never_keep_a_reader_waiting(environment, tmp_path):  # noqa: F811
    """Ten sources dripping one byte a second: every reader's page still answers within a
    second, every ping gets an honest answer within the inline deadline, none is lost."""
    routes = {f"/lent/{n}": drip for n in range(PINGS)}
    with http_server(routes) as slow:
        allowed = {
            "OUTBOUND_ALLOW_PRIVATE_URLS": "1",
            "OUTBOUND_ALLOWED_PORTS": str(slow.server_address[1]),
        }
        with gunicorn(environment, tmp_path, **allowed) as base:
            target = base + environment["TEST_POST_URL"]
            # Warm up: a worker's first page (templates, connection) is not a reader kept waiting.
            for _ in range(4):
                requests.get(target, timeout=30)
            answers = [None] * PINGS

            def ping(n):
                rpc = xmlrpc.client.ServerProxy(f"{base}/xmlrpc.php")
                try:
                    answers[n] = rpc.pingback.ping(slow.url(f"/lent/{n}"), target)
                except xmlrpc.client.Error as error:
                    answers[n] = error

            threads = [threading.Thread(target=ping, args=(n,)) for n in range(PINGS)]
            for thread in threads:
                thread.start()
            time.sleep(1)  # every ping has arrived; those verified at once are dripping
            waits = []
            for _ in range(3):
                started = time.monotonic()
                page = requests.get(target, timeout=30)
                waits.append(time.monotonic() - started)
                assert page.status_code == 200
                time.sleep(0.3)
            for thread in threads:
                thread.join(timeout=30)
    assert max(waits) < 1, waits
    assert all(isinstance(answer, str) and "sera vérifié" in answer for answer in answers), answers
    assert queued_pingback_checks(environment) == PINGS
