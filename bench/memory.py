"""Issue 9, target 5: a gunicorn worker's resident memory after 20,000 mixed requests.

    .venv/bin/python bench/memory.py [--requests 20000] [--workers 3] [--no-page-cache]

Builds the bench site (SQLite, as `make run`), starts gunicorn, and sends mixed requests through
wrk (home and archive pages, the long discussion and a reply link, feeds, searches, 404s),
half of them uncacheable (query strings, 404s, robots.txt), so workers render too. Reads each
worker's RSS from /proc after a warm-up of 2,000 requests and at the end. Target: under 150 MB,
and no growth after warm-up.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

TARGET_MB = 150
WARM_UP = 2000
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-page-cache", action="store_true")
    return parser.parse_args(argv)


def mixed_paths(post_path):
    """20 URLs: 10 the page cache keeps, 10 rendered every time (searches, a reply link, 404s)."""
    paths = ["/", "/page/2/", "/feed/", "/feed/atom/", "/comments/feed/", post_path]
    paths += ["/category/rubrique-1/", "/tag/etiquette-3/", "/sitemap.xml", "/2026/"]
    paths += [f"/?s=mer+{n}" for n in range(4)] + ["/?page=2", "/feed/?x=1"]
    paths += [f"{post_path}?replytocom=1", "/robots.txt"]
    paths += ["/2000/01/01/absent/", "/nulle-part/"]
    return paths


def worker_pids(base):
    """The workers of the gunicorn serving `base`: the children of its master."""
    master = str(harness.MASTERS[base])
    out = subprocess.run(["ps", "-eo", "pid,ppid"], capture_output=True, text=True).stdout
    return [int(line.split()[0]) for line in out.splitlines()[1:] if line.split()[1] == master]


def rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def send(base, script, count, rps_guess=300):
    """Run wrk in bounded slices until about `count` requests were sent; returns the count."""
    sent = 0
    while sent < count:
        seconds = max(2, min(20, int((count - sent) / rps_guess) + 1))
        result = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
            capture_output=True, text=True, timeout=seconds + 30,
        )  # fmt: skip
        done = int(re.search(r"(\d+) requests in", result.stdout).group(1))
        rps_guess = max(done / seconds, 1)
        sent += done
    return sent


def main(argv=None):
    args = parse_args(argv)
    database_url = harness.SQLITE_DEFAULT
    harness.make_data(database_url, "--posts", "100", "--comments", "5")
    env = harness.bench_env(database_url, BENCH_PAGE_CACHE="0" if args.no_page_cache else "1")
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    post_path = harness.discussion_url(env)
    script = harness.OUT / "mixed.lua"
    quoted = ", ".join(f'"{p}"' for p in mixed_paths(post_path))
    script.write_text(LUA % quoted)
    with harness.gunicorn(env, workers=args.workers) as base:
        pids = worker_pids(base)
        sent = send(base, script, WARM_UP)
        warm = {pid: rss_mb(pid) for pid in pids}
        sent += send(base, script, args.requests - sent)
        time.sleep(1)
        final = {pid: rss_mb(pid) for pid in pids}
    rows = [
        (pid, f"{warm[pid]:.1f}", f"{final[pid]:.1f}", f"{final[pid] - warm[pid]:+.1f}")
        for pid in pids
    ]
    worst = max(final.values())
    verdict = "met" if worst < TARGET_MB else f"missed: {worst:.0f} MB"
    cache = "page cache off" if args.no_page_cache else "page cache on"
    notes = [
        f"{sent} mixed requests ({len(mixed_paths(post_path))} URLs, half uncacheable), "
        f"{args.workers} workers, SQLite, {cache}. Target < {TARGET_MB} MB: {verdict}.",
        "",
    ]
    header = ("worker pid", f"RSS after {WARM_UP} requests, MB", "RSS at the end, MB", "growth")
    harness.record("bench/memory.py", notes + harness.table(header, rows))


if __name__ == "__main__":
    main()
