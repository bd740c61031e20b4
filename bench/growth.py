"""Issue 9, target 3: do pages stay as fast with 100,000 posts and 1,000,000 comments?

    .venv/bin/python bench/growth.py            # builds both PostgreSQL databases, then measures
    .venv/bin/python bench/growth.py --reuse    # measures the databases already built

Builds carnet_bench_small (100 posts) and carnet_bench_big (100,000 posts, 10 comments each) on
the PostgreSQL of POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), with the migrations
(the search index is one), serves each with one gunicorn worker and the page cache on as shipped,
every request carrying a cookie that bypasses it (what a member gets: a page rendered afresh, the
sidebar widgets memoized per content generation), and times the home page, a month archive, a
category page, a search and a post page: median of sequential requests after a warm-up.
Target: big / small <= 1.5 for each.
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

TARGET = 1.5
# A cookie that makes pages personal (registered in pagecache.bypass): rendered every time.
MEMBER = {"Cookie": "messages=bench"}
SIZES = {"small": ("100", "10"), "big": ("100000", "10")}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the databases already built")
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--postgres", default=os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    )
    return parser.parse_args(argv)


def pages(env):
    """The five pages, as paths valid in both databases (the newest post's month, an old post)."""
    code = (
        "from blog.models import Post; from django.utils import timezone; "
        "p = Post.objects.get(slug='billet-5'); d = timezone.localtime(p.published_at); "
        "print(f'/{d.year:04d}/{d.month:02d}/', p.get_absolute_url())"
    )
    out = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-c", code],
        cwd=harness.ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    ).stdout.split()  # fmt: skip
    return {
        "home": "/",
        "month archive": out[-2],
        "category": "/category/rubrique-1/",
        "search": "/?s=phare",
        "post (10 comments)": out[-1],
    }


def time_pages(env, paths, count):
    """Median milliseconds per page, served by one gunicorn worker."""
    timings = {}
    with harness.gunicorn(env, workers=1) as base:
        for name, path in paths.items():
            for _ in range(2):
                status, _seconds, _body = harness.fetch(base + path, timeout=60, headers=MEMBER)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
            samples = [
                harness.fetch(base + path, timeout=60, headers=MEMBER)[1] for _ in range(count)
            ]
            timings[name] = statistics.median(samples) * 1000
            print(f"  {name}: {timings[name]:.1f} ms", flush=True)
    return timings


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("BENCH_MIGRATIONS", "1")  # make_data builds with the search index
    results, paths = {}, {}
    for size, (posts, comments) in SIZES.items():
        url = f"{args.postgres}/carnet_bench_{size}"
        if not args.reuse:
            harness.make_data(url, "--posts", posts, "--comments", comments)
        print(f"{size}: {posts} posts", flush=True)
        env = harness.bench_env(url, BENCH_PAGE_CACHE="1")
        harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        paths[size] = pages(env)
        results[size] = time_pages(env, paths[size], args.requests)
    breakdown = subprocess.run(
        [harness.PYTHON, "bench/query_breakdown.py", *paths["big"].values()],
        cwd=harness.ROOT, env=env, capture_output=True, text=True, timeout=600,
    ).stdout  # fmt: skip
    rows = []
    for name, small in results["small"].items():
        ratio = results["big"][name] / small
        verdict = "met" if ratio <= TARGET else f"missed by {ratio / TARGET:.1f}x"
        rows.append((name, f"{small:.1f}", f"{results['big'][name]:.1f}", f"{ratio:.2f}", verdict))
    notes = [
        "PostgreSQL, pages rendered for a member (page cache on, bypassed by a cookie: memoized "
        "sidebar), one gunicorn worker, median of "
        f"{args.requests} sequential requests. Target: big / small <= {TARGET}.",
        "",
    ]
    header = ("page", "100 posts, ms", "100,000 posts + 1,000,000 comments, ms", "ratio", "target")
    where = ["", "Where the time goes with 100,000 posts (bench/query_breakdown.py):", "", "```"]
    harness.record(
        "bench/growth.py", notes + harness.table(header, rows) + where + [breakdown.rstrip(), "```"]
    )


if __name__ == "__main__":
    main()
