"""What every bench script shares: a gunicorn on a free loopback port, wrk, and RESULTS.md.

Runs are bounded: the server must answer within `READY_SECONDS`, wrk runs for a fixed number of
seconds with a per-request timeout, and the server is stopped (process group) whatever happens.
"""

import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
READY_SECONDS = 30
SQLITE_DEFAULT = f"sqlite:///{OUT / 'bench.sqlite3'}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(database_url, **extra):
    """The environment of every process a bench starts: bench settings, the chosen database."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings", DATABASE_URL=database_url)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300)


def make_data(database_url, *args):
    env = dict(os.environ, DATABASE_URL=database_url)
    subprocess.run(
        [PYTHON, "bench/make_data.py", *args], cwd=ROOT, env=env, check=True, timeout=1800
    )


def wait_ready(url, process):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {READY_SECONDS} s")


@contextmanager
def gunicorn(env, workers=3, log=None):
    """A gunicorn serving the bench settings on a free port; yields its base URL."""
    port = free_port()
    command = [
        GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--graceful-timeout", "5",
    ]  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    log_file = open(log or OUT / "gunicorn.log", "a")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/bench/constant/", process)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log_file.close()


def fetch(url, timeout=30, headers=None):
    """One GET: (status, seconds, body)."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback)
            body = response.read()
            return response.status, time.perf_counter() - started, body
    except urllib.error.HTTPError as error:
        return error.code, time.perf_counter() - started, error.read()


def wrk(url, seconds=5, connections=8, threads=2, script=None):
    """Run wrk against `url` (with a Lua `script` if given): requests/s, p99 latency in ms, and
    the count of failed requests."""
    command = [
        shutil.which("wrk") or "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
        "--timeout", "10s", "--latency", *(["-s", script] if script else []), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30)
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses:\s+(\d+)", out))
    socket_errors = re.search(r"Socket errors:.*", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(0)))
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1)
    return {"rps": rps, "p99_ms": _to_ms(p99), "errors": errors}


def _to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def machine():
    """One line naming the machine: cores, CPU model, memory, Python."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else model
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (
        f"{os.cpu_count()} cores, {model}{memory}, Python {platform.python_version()}; "
        f"load average {load} when the run ended (other jobs share the machine above 0)"
    )


def record(title, lines):
    """Append a dated section to RESULTS.md and print it."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join([f"\n## {title} ({stamp})", "", f"Machine: {machine()}.", "", *lines, ""])
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Benchmark results\n\nEach section is one run; compare within a run.\n"
        )
    with RESULTS.open("a") as results:
        results.write(text)
    sys.stdout.write(text)


def slice_arguments(parser, *, workers, seconds, workers_help):
    """The options every bench of interleaved wrk slices takes, added to `parser`."""
    parser.add_argument("--workers", type=int, default=workers, help=workers_help)
    parser.add_argument("--seconds", type=int, default=seconds, help="wrk duration of each slice")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved slices per case")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--reuse", action="store_true", help="keep the database already built")
    parser.add_argument("--label", default="", help="a note for the results heading")
    return parser


def table(header, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def discussion_url(env):
    """The path of the post with the long discussion (made by make_data.py)."""
    code = (
        "from blog.models import Post; "
        "print(Post.objects.get(slug='discussion-200').get_absolute_url())"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]
