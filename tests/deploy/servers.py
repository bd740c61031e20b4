"""The pieces of the multi-server test: a PostgreSQL database, gunicorns, nginx, an HTTP client.

Everything is started on free loopback ports, in its own process group, and stopped (and the
database dropped) whatever happens; every wait has a deadline.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
HOST = "carnet.test"
READY_SECONDS = 30

UPLOADS_SNIPPET = ROOT / "deploy" / "nginx" / "carnet-uploads.conf"
PAGECACHE_MAPS = ROOT / "deploy" / "nginx" / "carnet-pagecache-maps.conf"
PAGECACHE_SNIPPET = ROOT / "deploy" / "nginx" / "carnet-pagecache.conf"
# Everything but the `http` block's sites: nginx running as an unprivileged test, files in {tmp}.
NGINX_HEAD = """\
worker_processes 1;
daemon off;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
"""
NGINX_CONF = (
    NGINX_HEAD
    + """\
    include {maps};
    upstream carnet_app {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name {host};
        include {snippet};
        # As deploy/nginx/carnet.conf: page files first, then the app servers.
        location / {{
            root {pages_root};
            include {pagecache};
        }}
        location @carnet_app {{
            proxy_pass http://carnet_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host {host};
            # Stands for TLS ending here, as in deploy/nginx/carnet.conf.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_database(base_url):
    """A new, empty database on the server of `base_url`; yields its URL, drops it afterwards."""
    parts = urllib.parse.urlsplit(base_url)
    name = f"carnet_deploy_{os.getpid()}_{int(time.time())}"
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, settings=None):
    env = dict(env, DJANGO_SETTINGS_MODULE=settings or env["DJANGO_SETTINGS_MODULE"])
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=120,
        capture_output=True, text=True,
    )  # fmt: skip


@contextmanager
def process_group(command, log_path, env=None):
    """Run `command` in its own process group; stop the whole group on exit."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_for(port, process, log_path):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited early:\n{Path(log_path).read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {READY_SECONDS} s")


@contextmanager
def gunicorn(env, tmp, name):
    port = free_port()
    log = tmp / f"gunicorn-{name}.log"
    command = [
        GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", "1", "--graceful-timeout", "3", "--timeout", "30",
    ]  # fmt: skip
    with process_group(command, log, env=env) as process:
        wait_for(port, process, log)
        yield port


@contextmanager
def nginx(tmp, upstream_ports, pages_root):
    """nginx in front of `upstream_ports`, serving the page files of `pages_root` (the app
    servers' PAGE_CACHE_FILES_DIR) with deploy/nginx's snippets, configured in `tmp`."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports)
    values = {"maps": PAGECACHE_MAPS, "pagecache": PAGECACHE_SNIPPET, "pages_root": pages_root}
    with nginx_running(tmp, NGINX_CONF, servers=servers, host=HOST, **values) as port:
        yield port


@contextmanager
def nginx_running(tmp, template, **values):
    """nginx from `template` (NGINX_HEAD and sites) written in `tmp`, on a free port it yields."""
    port = free_port()
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / sub).mkdir(exist_ok=True)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        template.format(user=user, tmp=tmp, port=port, snippet=UPLOADS_SNIPPET, **values)
    )
    command = [shutil.which("nginx"), "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")]
    with process_group(command, tmp / "nginx.out", env=None) as process:
        wait_for(port, process, tmp / "error.log")
        yield port


class Browser:
    """A minimal HTTP client: its own cookies (secure ones too: TLS is simulated), no redirects."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, form=None, headers=None, forwarded_https=True):
        headers = {"Host": HOST, **(headers or {})}
        if forwarded_https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response, content.decode("utf-8", "replace")

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)


def form_fields(html, form_id):
    """The hidden and pre-filled inputs of the form `form_id` in `html`."""
    form = html.split(f'id="{form_id}"', 1)[1].split("</form>", 1)[0]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields
