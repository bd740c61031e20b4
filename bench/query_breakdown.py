"""Where a page's time goes in the database: each page's total, its queries' total, the slowest.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carnet_bench_big \\
        .venv/bin/python bench/query_breakdown.py / /2026/11/ "/?s=phare"

Renders each path twice through Django's test client, timing the second, as a member gets it:
the page cache on but bypassed by a cookie (the sidebar widgets memoized per content generation).
Without DATABASE_URL, the SQLite database of bench/run.py.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ["BENCH_PAGE_CACHE"] = "1"


def breakdown(client, connection, path, shown=4):
    client.get(path)
    log = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        status = client.get(path).status_code
        total = time.perf_counter() - started
    lines = [
        f"{path} ({status}): {total * 1000:.0f} ms, {len(log)} queries taking "
        f"{sum(d for d, _ in log) * 1000:.0f} ms; slowest:"
    ]
    for seconds, sql in sorted(log, reverse=True)[:shown]:
        lines.append(f"  {seconds * 1000:7.1f} ms  {' '.join(sql.split())[:110]}")
    return lines


def main(paths):
    from bench import harness

    harness.ready_for_test_client()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["messages"] = "bench"  # bypasses the page cache: every page rendered
    for path in paths:
        print("\n".join(breakdown(client, connection, path)))


if __name__ == "__main__":
    main(sys.argv[1:])
