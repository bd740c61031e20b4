"""Issue 9, target 3: do pages stay as fast with 100,000 posts and 1,000,000 comments?

    .venv/bin/python bench/growth.py            # builds both PostgreSQL databases, then measures
    .venv/bin/python bench/growth.py --reuse    # measures the databases already built

Builds carnet_bench_small (100 posts) and carnet_bench_big (100,000 posts, 10 comments each;
`--prefix` names them otherwise) on the PostgreSQL of POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432), with the migrations (the stored search vectors are one).
Serves each with one gunicorn worker and the page cache on as shipped (a cache directory for
each), side by side, requests alternating between the two so the load of other jobs weighs on
both alike; every request carries a cookie that bypasses the cache (what a member gets: a page
rendered afresh, the sidebar widgets memoized per content generation). Times the home page, a
month archive, a category page, a search and a post page: median of sequential requests after a
warm-up. Target: big / small <= 1.5 for each.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from contextlib import ExitStack
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
        "--prefix", default="carnet_bench", help="database names: PREFIX_small and PREFIX_big"
    )
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


def time_pages(envs, paths, count):
    """Median milliseconds per page and database, each served by its own gunicorn worker.

    Both servers run side by side and requests alternate between them, so whatever else loads
    the machine weighs on both sides of each ratio alike.
    """
    timings = {size: {} for size in envs}
    with ExitStack() as stack:
        bases = {
            size: stack.enter_context(harness.gunicorn(env, workers=1))
            for size, env in envs.items()
        }
        for name in paths["small"]:
            urls = {size: bases[size] + paths[size][name] for size in envs}
            for url in [*urls.values()] * 2:
                status, _seconds, _body = harness.fetch(url, timeout=60, headers=MEMBER)
                if status != 200:
                    raise SystemExit(f"{url} answered {status}")
            samples = {size: [] for size in envs}
            for _ in range(count):
                for size, url in urls.items():
                    samples[size].append(harness.fetch(url, timeout=60, headers=MEMBER)[1])
            for size in envs:
                timings[size][name] = statistics.median(samples[size]) * 1000
            print(
                f"  {name}: {timings['small'][name]:.1f} / {timings['big'][name]:.1f} ms",
                flush=True,
            )
    return timings


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("BENCH_MIGRATIONS", "1")  # make_data builds the stored search vectors
    envs, paths = {}, {}
    for size, (posts, comments) in SIZES.items():
        url = f"{args.postgres}/{args.prefix}_{size}"
        if not args.reuse:
            harness.make_data(url, "--posts", posts, "--comments", comments)
        # A cache of its own for each site: memoized sidebars and counts never cross over.
        var = harness.OUT / f"var-growth-{size}"
        shutil.rmtree(var, ignore_errors=True)
        envs[size] = harness.bench_env(url, BENCH_PAGE_CACHE="1", BENCH_VAR_DIR=var)
        paths[size] = pages(envs[size])
    harness.manage(envs["small"], "collectstatic", "--noinput", "--verbosity", "0")
    print("small (100 posts) / big (100,000 posts) side by side:", flush=True)
    results = time_pages(envs, paths, args.requests)
    env = envs["big"]
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
        "sidebar, a cache of its own for each database), one gunicorn worker per database, both "
        f"serving side by side with requests alternating between them, median of {args.requests} "
        f"sequential requests each. Target: big / small <= {TARGET}.",
        "",
    ]
    header = ("page", "100 posts, ms", "100,000 posts + 1,000,000 comments, ms", "ratio", "target")
    where = ["", "Where the time goes with 100,000 posts (bench/query_breakdown.py):", "", "```"]
    harness.record(
        "bench/growth.py", notes + harness.table(header, rows) + where + [breakdown.rstrip(), "```"]
    )


if __name__ == "__main__":
    main()
