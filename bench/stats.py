"""Statistics (issue 20): the anonymous page rate with counting on against counting off.

    .venv/bin/python bench/stats.py [--seconds 2 --rounds 3 --workers 2] [--reuse]

Two gunicorns run side by side on the same data and the same cache (Redis, REDIS_URL or
redis://127.0.0.1:6379/0 under a key prefix of its own): one with STATS_ENABLED=0, one with 1.
wrk measures, in interleaved slices: the constant view (the ceiling), a post page alone on each
(the cached page is the same whether counting is on or off), and on the counting server readers
who open the page and send its beacon (bench/stats_reader.lua, a new visitor per beacon):
page views per second = requests per second / 2. Results go to bench/RESULTS.md as ratios.
"""

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

LUA = str(Path(__file__).resolve().parent / "stats_reader.lua")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.slice_arguments(
        parser, workers=2, seconds=2, workers_help="workers of each of the 2 servers"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", harness.SQLITE_DEFAULT)
    if not args.reuse:
        harness.make_data(database_url, "--posts", "100", "--comments", "5")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    common = {"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": "carnet_bench_stats"}
    off = harness.bench_env(database_url, BENCH_STATS="0", **common)
    on = harness.bench_env(database_url, BENCH_STATS="1", **common)
    harness.manage(on, "collectstatic", "--noinput", "--verbosity", "0")
    path = post_path(on)
    with ExitStack() as stack:
        base_off = stack.enter_context(harness.gunicorn(off, workers=args.workers))
        base_on = stack.enter_context(harness.gunicorn(on, workers=args.workers))
        for base in (base_off, base_on):
            harness.fetch(base + path)
        cases = {
            "constant (counting off)": (base_off + "/bench/constant/", None),
            "post page, counting off": (base_off + path, None),
            "post page, counting on": (base_on + path, None),
            "post page + beacon, counting on": (base_on + path, LUA),
        }
        results = measure(cases, args, path)
    report(results, args, database_url)


def post_path(env):
    """A post without a long discussion: the page a crowd of anonymous readers opens."""
    code = (
        "from blog.models import Post; "
        "print(Post.objects.published().exclude(slug='discussion-200')"
        ".order_by('-published_at').first().get_absolute_url())"
    )
    import subprocess

    result = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-c", code],
        cwd=harness.ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]


def measure(cases, args, path):
    os.environ["BENCH_PATH"] = path
    slices = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, (url, script) in cases.items():
            slices[name].append(
                harness.wrk(url, seconds=args.seconds, connections=args.connections, script=script)
            )
    results = {}
    for name, runs in slices.items():
        rps = sum(r["rps"] for r in runs) / len(runs)
        views = rps / 2 if cases[name][1] else rps
        results[name] = {"rps": rps, "views": views, "p99_ms": max(r["p99_ms"] for r in runs),
                         "errors": sum(r["errors"] for r in runs)}  # fmt: skip
        print(f"  {name}: {rps:.0f} req/s, {views:.0f} page views/s", flush=True)
    return results


def report(results, args, database_url):
    reference = results["post page, counting off"]["views"]
    rows = [
        (name, f"{r['rps']:.0f}", f"{r['views']:.0f}", f"{r['views'] / reference:.0%}",
         f"{r['p99_ms']:.1f}", r["errors"])
        for name, r in results.items()
    ]  # fmt: skip
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    heading = (
        f"bench/stats.py: {engine}, 2 servers of {args.workers} workers, "
        f"{args.connections} connections, page cache on, Redis cache"
    )
    notes = [
        f"wrk: {args.rounds} interleaved slices of {args.seconds} s per case. `page views/s` is "
        "req/s, or req/s / 2 when each view is the page plus its beacon. `of counting off`: page "
        "views per second against the same page on the server with counting off.",
        "",
    ]
    if args.label:
        notes.insert(0, args.label + "\n")
    header = ("case", "req/s", "page views/s", "of counting off", "p99 ms", "errors")
    harness.record(heading, notes + harness.table(header, rows))


if __name__ == "__main__":
    main()
