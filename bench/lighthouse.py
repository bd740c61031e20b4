"""Lighthouse scores (performance, accessibility, best practices, SEO) of the home page and posts.

    bench/lighthouse.sh            # records into bench/RESULTS.md

The site runs as `make run` ships it (gunicorn, hashed and compressed static files, page cache) on a
small bench database; Lighthouse drives Debian's Chromium, for a phone (its default: slow 4G and a
slowed CPU, simulated) and for a desktop. The target is 95 or more everywhere.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

ROOT = harness.ROOT
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
RESULTS = ROOT / "bench" / "RESULTS.md"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95


def lighthouse(url, preset):
    """Run Lighthouse once on `url`; return {category: score out of 100}."""
    report = harness.OUT / f"lighthouse-{preset}-{abs(hash(url))}.json"
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--max-wait-for-load=30000",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    subprocess.run(command, env=env, check=True, timeout=180)
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def post_url(env):
    code = (
        "from blog.models import Post; "
        "print(Post.objects.published().exclude(slug='discussion-200')"
        ".order_by('-published_at')[0].get_absolute_url())"
    )
    result = subprocess.run(
        [harness.PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]


def main():
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make node_modules/.installed` (npm ci).")
    database_url = os.environ.get("DATABASE_URL", f"sqlite:///{harness.OUT / 'lighthouse.sqlite3'}")
    harness.make_data(database_url, "--posts", "30", "--comments", "6")
    env = harness.bench_env(database_url)
    harness.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    pages = {
        "home": "/",
        "post": post_url(env),
        "post with 200 comments": harness.discussion_url(env),
    }
    rows = []
    with harness.gunicorn(env, workers=2) as base:
        for name, path in pages.items():
            for preset in ["mobile", "desktop"]:
                scores = lighthouse(base + path, preset)
                verdict = "ok" if min(scores.values()) >= TARGET else f"below {TARGET}"
                rows.append([name, preset, *(scores[c] for c in CATEGORIES), verdict])
                print(rows[-1], flush=True)
    record(rows)


def record(rows):
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"\n## Lighthouse ({stamp})",
        "",
        f"Machine: {harness.machine()}. Lighthouse {lighthouse_version()}, Debian Chromium, "
        "gunicorn with the bench settings (hashed static files, page cache), SQLite, 30 posts.",
        "Mobile is Lighthouse's default (simulated slow 4G, 4× CPU slowdown); desktop its preset.",
        "",
        *harness.table(["page", "form factor", *CATEGORIES, f"all ≥ {TARGET}"], rows),
        "",
    ]
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Lighthouse results\n\nEach section is one run of bench/lighthouse.sh.\n"
        )
    with RESULTS.open("a") as results:
        results.write("\n".join(lines))
    print("\n".join(lines))


def lighthouse_version():
    return json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())[
        "version"
    ]


if __name__ == "__main__":
    main()
