"""The main bench: the constant view, the home page, the post with 200 comments and /feed/.

    .venv/bin/python bench/run.py                       # SQLite, 3 workers, as `make run`
    WEB_CONCURRENCY=4 .venv/bin/python bench/run.py --rounds 5 --seconds 3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carnet_bench .venv/bin/python bench/run.py

Builds the data (unless --reuse), collects static files, starts gunicorn with WEB_CONCURRENCY
workers (default 3) on a free loopback port, warms each URL, runs wrk with 8 connections in
interleaved slices (3 x 2 s per URL by default), and appends requests/s, p99 latency and the ratio to the constant view to
bench/RESULTS.md.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

# About the size of the 200-comment post page: how much of its cost is only moving bytes.
SAME_SIZE_BYTES = 180_000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--seconds", type=int, default=2, help="wrk duration of each slice")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved slices per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--posts", default="100")
    parser.add_argument("--comments", default="5")
    parser.add_argument("--reuse", action="store_true", help="keep the database already built")
    parser.add_argument("--no-page-cache", action="store_true", help="render every page")
    parser.add_argument("--label", default="", help="a note for the results heading")
    return parser.parse_args(argv)


def measure(base, paths, seconds, connections, rounds, headers=None):
    """wrk on each path, in `rounds` interleaved slices so that whatever else loads the machine
    weighs on every URL alike; the first request's time alone (uncached) is kept too.
    `headers`: {name: request headers} for the paths that send some (a member's cookie)."""
    headers = headers or {}
    firsts = {}
    for name, path in paths.items():
        status, first, _body = harness.fetch(base + path, headers=headers.get(name))
        if status != 200:
            raise SystemExit(f"{path} answered {status}: fix it before measuring.")
        firsts[name] = first * 1000
        harness.fetch(base + path, headers=headers.get(name))
    slices = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            slices[name].append(
                harness.wrk(
                    base + path, seconds=seconds, connections=connections,
                    headers=headers.get(name),
                )
            )  # fmt: skip
    results = {}
    for name, runs in slices.items():
        results[name] = {
            "rps": sum(r["rps"] for r in runs) / len(runs),
            "p99_ms": max(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "first_ms": firsts[name],
        }
        print(f"  {name}: {results[name]['rps']:.0f} req/s", flush=True)
    return results


def report(results, args, database_url):
    ceiling = results["constant"]["rps"]
    rows = [
        (
            name, f"{r['rps']:.0f}", f"{r['p99_ms']:.1f}", f"{r['rps'] / ceiling:.0%}",
            f"{r['first_ms']:.0f}", r["errors"],
        )
        for name, r in results.items()
    ]  # fmt: skip
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    cache = "no page cache" if args.no_page_cache else "page cache on"
    heading = (
        f"bench/run.py: {engine}, {args.workers} workers, {args.connections} connections, {cache}"
    )
    notes = [
        f"wrk: {args.rounds} interleaved slices of {args.seconds} s per URL (req/s: their mean; "
        f"p99: the worst slice); {args.posts} posts, {args.comments} comments each, one post "
        f"with 200 threaded comments. `first` is the first (uncached) request alone, in ms.",
        "",
    ]
    if args.label:
        notes.insert(0, args.label + "\n")
    header = ("URL", "req/s", "p99 ms", "of constant", "first ms", "errors")
    harness.record(heading, notes + harness.table(header, rows))


def main(argv=None):
    args = parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", harness.SQLITE_DEFAULT)
    if not args.reuse:
        harness.make_data(database_url, "--posts", args.posts, "--comments", args.comments)
    env = harness.bench_env(database_url, BENCH_PAGE_CACHE="0" if args.no_page_cache else "1")
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    same_size = harness.OUT / "static" / "bench-same-size.html"
    same_size.write_bytes(b"<p>Carnet</p>\n" * (SAME_SIZE_BYTES // 14))
    paths = {
        "constant": "/bench/constant/",
        "static file, 180 KB": "/static/bench-same-size.html",
        "home": "/",
        "post, 200 comments": harness.discussion_url(env),
        "feed": "/feed/",
    }
    with harness.gunicorn(env, workers=args.workers) as base:
        results = measure(base, paths, args.seconds, args.connections, args.rounds)
    report(results, args, database_url)


if __name__ == "__main__":
    main()
