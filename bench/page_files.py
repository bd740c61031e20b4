"""Page files (issue 21, target 2): the anonymous post page from nginx alone, against gunicorn's
ceiling, in one run.

    .venv/bin/python bench/page_files.py [--seconds 3 --rounds 3 --workers 4] [--reuse]

One gunicorn (`--workers`, the bench settings with PAGE_CACHE_FILES_DIR) behind nginx configured
with deploy/nginx's page-file snippets (carnet-pagecache-maps.conf, carnet-pagecache.conf). wrk
(8 connections) measures, in interleaved slices: `/robots.txt` straight from gunicorn (the
ceiling of Python on this machine), the post with 200 threaded comments through nginx (the page
file after the first request), the same post from gunicorn's own page cache, and a 95 KB static
file from nginx (the ceiling of nginx). Results go to bench/RESULTS.md as ratios to the
gunicorn ceiling; the median slice of each case counts.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

DEPLOY = harness.ROOT / "deploy" / "nginx"
STATIC_BYTES = 95 * 1024
TEMPORARY = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
# nginx as this user, its files in {tmp}, no access log (it would weigh on the figures).
NGINX_CONF = (
    "worker_processes {workers}; daemon off; {user} pid {tmp}/nginx.pid;\n"
    "error_log {tmp}/error.log warn; events {{ worker_connections 512; }}\n"
    "http {{ access_log off;\n"
    + "".join(f"    {name}_temp_path {{tmp}}/{name};\n" for name in TEMPORARY)
    + """\
    include {maps};
    upstream carnet_app {{ server {upstream}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location /bench-static/ {{ alias {static}/; }}
        location / {{
            root {pages_root};
            include {snippet};
        }}
        location @carnet_app {{
            proxy_pass http://carnet_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.slice_arguments(parser, workers=4, seconds=3, workers_help="gunicorn workers")
    parser.add_argument("--nginx-workers", type=int, default=2)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if shutil.which("nginx") is None or shutil.which("wrk") is None:
        sys.exit("This bench needs nginx and wrk: apt-get install nginx-light wrk")
    database_url = os.environ.get("DATABASE_URL", harness.SQLITE_DEFAULT)
    if not args.reuse:
        harness.make_data(database_url, "--posts", "100", "--comments", "5")
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="carnet-pagefiles-")))
        env = harness.bench_env(database_url, PAGE_CACHE_FILES_DIR=tmp / "pagefiles")
        harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        path = harness.discussion_url(env)
        app = stack.enter_context(harness.gunicorn(env, workers=args.workers))
        front = stack.enter_context(nginx(tmp, app, args.nginx_workers))
        page_bytes = warm(front, path)
        cases = {
            "gunicorn /robots.txt (ceiling)": app + "/robots.txt",
            "post, 200 comments, nginx page file": front + path,
            "post, 200 comments, gunicorn page cache": app + path,
            "95 KB static file, nginx": front + "/bench-static/95k.html",
        }
        results = measure(cases, args)
    report(results, args, database_url, page_bytes)


@contextmanager
def nginx(tmp, upstream, workers):
    """nginx with deploy/nginx's page-file snippets in front of `upstream`; yields its URL."""
    for sub in (*TEMPORARY, "static"):
        (tmp / sub).mkdir(exist_ok=True)
    (tmp / "static" / "95k.html").write_bytes(b"<p>" + b"x" * (STATIC_BYTES - 7) + b"</p>\n")
    port = harness.free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workers=workers,
            user="user root root;" if os.geteuid() == 0 else "",
            tmp=tmp,
            maps=DEPLOY / "carnet-pagecache-maps.conf",
            snippet=DEPLOY / "carnet-pagecache.conf",
            upstream=upstream.removeprefix("http://"),
            port=port,
            static=tmp / "static",
            pages_root=tmp / "pagefiles",
        )  # fmt: skip
    )
    command = [shutil.which("nginx"), "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")]
    process = subprocess.Popen(command, start_new_session=True)
    try:
        deadline = time.monotonic() + harness.READY_SECONDS
        base = f"http://127.0.0.1:{port}"
        while not answers(base + "/bench-static/95k.html"):
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((tmp / "error.log").read_text()[-2000:])
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def answers(url):
    try:
        return harness.fetch(url, timeout=2)[0] == 200
    except (harness.urllib.error.URLError, ConnectionError):
        return False


def warm(front, path):
    """Ask for the post until nginx serves its file; the file's size in bytes."""
    for _ in range(3):
        status, _seconds, body = harness.fetch(front + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} through nginx")
    request = harness.urllib.request.Request(front + path)
    with harness.urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        if response.headers.get("X-Page-Cache") != "file":
            raise RuntimeError("nginx does not serve the post from its page file: see deploy/")
    return len(body)


def measure(cases, args):
    runs = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, url in cases.items():
            runs[name].append(harness.wrk(url, args.seconds, args.connections))
    return {name: median_slice(slices) for name, slices in runs.items()}


def median_slice(slices):
    """The slice whose rate is the median one (the machine is shared: outliers are its load)."""
    middle = statistics.median(s["rps"] for s in slices)
    return min(slices, key=lambda s: abs(s["rps"] - middle))


def report(results, args, database_url, page_bytes):
    ceiling = results["gunicorn /robots.txt (ceiling)"]["rps"]
    rows = [
        (name, f"{r['rps']:.0f}", f"{r['p99_ms']:.1f}", f"{r['rps'] / ceiling:.1f}x", r["errors"])
        for name, r in results.items()
    ]
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    lines = [
        f"{args.label + '. ' if args.label else ''}{engine}, gunicorn {args.workers} workers, "
        f"nginx {args.nginx_workers} workers, wrk {args.connections} connections, "
        f"{args.rounds} interleaved slices of {args.seconds} s per case (median slice shown); "
        f"the post page is {page_bytes / 1024:.0f} KB. Target: the post through nginx at 10x the "
        "gunicorn ceiling or more.",
        "",
        *harness.table(("case", "req/s", "p99 ms", "of gunicorn ceiling", "errors"), rows),
    ]
    harness.record("bench/page_files.py: anonymous post page from nginx page files", lines)


if __name__ == "__main__":
    main()
