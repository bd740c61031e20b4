"""Where the time goes on the post page with 200 comments, rendered without the page cache.

    .venv/bin/python bench/profile_post.py [--repeat 20] [--path /feed/] [--no-memo]

Uses the bench database (bench/make_data.py; DATABASE_URL for PostgreSQL), renders the page
through Django's test client (whole middleware stack) as a logged-in member gets it: the page
cache is on as shipped but bypassed by a cookie, so the page is rendered every time while the
memoized sidebar widgets are reused (`--no-memo`: page cache and memoization off altogether).
Prints the query count, the mean time per render (timed without the profiler), then
pyinstrument's profile of as many renders.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
if "--no-memo" in sys.argv:
    os.environ["BENCH_PAGE_CACHE"] = "0"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--path", help="another page to profile instead of the long discussion")
    parser.add_argument("--no-memo", action="store_true", help="page cache and memoization off")
    args = parser.parse_args(argv)

    from bench import harness

    harness.ready_for_test_client()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    from blog.models import Post

    path = args.path or Post.objects.get(slug="discussion-200").get_absolute_url()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["messages"] = "bench"  # a cookie the page cache never serves from cache
    assert client.get(path).status_code == 200, path  # warm: templates compiled, connection open
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(path)
    started = time.perf_counter()
    for _ in range(args.repeat):
        client.get(path)
    mean_ms = (time.perf_counter() - started) / args.repeat * 1000
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.repeat):
            client.get(path)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(profiler.output_text(unicode=True, color=False, flat=True)[:3000])
    print(
        f"{path}: {len(queries)} queries, {mean_ms:.1f} ms per render "
        f"(mean of {args.repeat}, timed without the profiler)"
    )


if __name__ == "__main__":
    main()
