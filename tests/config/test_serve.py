"""`make run`'s last step: gunicorn and the workers start together and stop together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, deadline=30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {deadline} s")


def test_serve_starts_everything_and_ctrl_c_stops_it(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "SITE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        CARNET_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PORT=str(free_port()),
        WEB_CONCURRENCY="2",
    )
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["demo_content"]):
        subprocess.run(
            manage + step, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )

    server = subprocess.Popen(
        ["bin/serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, html = wait_for(f"http://127.0.0.1:{env['PORT']}/")
        assert status == 200
        assert "Confiture de coings" in html
        # SITE_URL unset: the public address follows the port (make run PORT=8123).
        feed = wait_for(f"http://127.0.0.1:{env['PORT']}/feed/")[1]
        assert f"<link>http://127.0.0.1:{env['PORT']}/</link>" in feed
        children = subprocess.run(
            ["pgrep", "-s", str(server.pid), "-f", "carnet_worker|periodic|gunicorn"],
            capture_output=True,
            text=True,
        ).stdout.split()
        assert len(children) >= 3
    finally:
        os.killpg(server.pid, signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert "http://127.0.0.1:" in output
    assert subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True).stdout == b""
