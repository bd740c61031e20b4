"""Import time and peak memory of `import_wordpress` on a large generated WordPress export.

    .venv/bin/python bench/import_wordpress.py [--posts 10000] [--comments 100000] [--write]

Generates a WXR 1.2 file (posts with HTML bodies, categories, tags, threaded comments whose
parents are earlier comments of the same post, some pingbacks and pending ones), then imports it
twice in a fresh Python process on a new SQLite file under a temporary folder (tables from the
models, as the tests make them): the first run imports everything, the second must import nothing.
Peak memory is the child process's maximum resident set size. `--write` appends the figures to
bench/RESULTS.md.
"""

import argparse
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
PARAGRAPH = (
    "<p>Lorem ipsum dolor sit amet, <strong>consectetur</strong> adipiscing elit, sed do "
    'eiusmod tempor <a href="https://example.org/">incididunt</a> ut labore et dolore.</p>\n'
)


def generate(path, posts, comments, seed=8):
    """Write the export; return its size in bytes."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    per_post = comments // posts
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:author><wp:author_login>auteur</wp:author_login></wp:author>\n"
        )
        for n in range(50):
            parent = f"cat-{n // 10}" if n >= 10 else ""
            out.write(
                f"<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>cat-{n}"
                f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>Catégorie {n}</wp:cat_name></wp:category>\n"
            )
        for n in range(200):
            out.write(
                f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
                f"<wp:tag_name>Étiquette {n}</wp:tag_name></wp:tag>\n"
            )
        for n in range(posts):
            date = start + timedelta(hours=7 * n)
            out.write(_item(n, date, rng))
            ids = []
            for k in range(per_post):
                comment_id += 1
                parent = rng.choice(ids) if ids and rng.random() < 0.6 else 0
                ids.append(comment_id)
                out.write(_comment(comment_id, parent, date + timedelta(minutes=k + 1), rng))
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return path.stat().st_size


def _item(n, date, rng):
    wp = date.strftime("%Y-%m-%d %H:%M:%S")
    body = PARAGRAPH * rng.randint(2, 6)
    return (
        f"<item><title>Billet {n} &amp; suite</title><dc:creator>auteur</dc:creator>"
        f"<content:encoded><![CDATA[{body}<!--more-->{PARAGRAPH}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{n + 1}</wp:post_id>"
        f"<wp:post_date>{wp}</wp:post_date><wp:post_date_gmt>{wp}</wp:post_date_gmt>"
        f"<wp:post_name>billet-{n}</wp:post_name><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type><wp:is_sticky>0</wp:is_sticky>"
        f'<category domain="category" nicename="cat-{n % 50}"><![CDATA[Catégorie]]></category>'
        f'<category domain="post_tag" nicename="tag-{n % 200}"><![CDATA[Étiquette]]></category>\n'
    )


def _comment(wp_id, parent, date, rng):
    wp = date.strftime("%Y-%m-%d %H:%M:%S")
    kind = "pingback" if rng.random() < 0.02 else ""
    approved = "0" if rng.random() < 0.05 else "1"
    return (
        f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Lecteur {wp_id} &amp; Cie]]></wp:comment_author>"
        f"<wp:comment_author_email>l{wp_id}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_url>https://example.org/{wp_id}</wp:comment_author_url>"
        f"<wp:comment_author_IP>192.0.2.{wp_id % 250}</wp:comment_author_IP>"
        f"<wp:comment_date>{wp}</wp:comment_date><wp:comment_date_gmt>{wp}</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[Merci pour ce billet.\n\nUne seconde idée, "
        f"https://example.org/lien]]></wp:comment_content>"
        f"<wp:comment_approved>{approved}</wp:comment_approved>"
        f"<wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
    )


def child(export):
    """In a fresh process: make the tables, import twice, print the figures."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from comments.models import Comment
    from wordpress.services import wordpress_import

    call_command("migrate", run_syncdb=True, verbosity=0)
    base_rss = _rss_mib()
    started, cpu = time.perf_counter(), time.process_time()
    first = wordpress_import(source=export)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _rss_mib()
    started = time.perf_counter()
    second = wordpress_import(source=export)
    again = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT tree_id FROM comments_comment GROUP BY tree_id "
            "HAVING MIN(lft) != 1 OR MAX(rght) != 2 * COUNT(*))"
        )
        bad_trees = cursor.fetchone()[0]
    print(
        f"RESULT {seconds:.1f} {cpu:.1f} {base_rss:.0f} {peak:.0f} {again:.1f} "
        f"{first.created['post']} {sum(first.created[k] for k in ('comment', 'pingback'))} "
        f"{sum(second.created.values())} {Comment.objects.count()} {bad_trees} "
        f"{Comment.objects.filter(parent__isnull=False).count()} "
        f"{max(Comment.objects.values_list('level', flat=True))}"
    )


def _rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    with tempfile.TemporaryDirectory(prefix="carnet-bench-import-") as folder:
        export = Path(folder) / "export.xml"
        started = time.perf_counter()
        size = generate(export, args.posts, args.comments)
        print(f"export: {size / 2**20:.0f} MiB in {time.perf_counter() - started:.1f} s")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_VAR_DIR": folder,
            "PYTHONPATH": str(ROOT),
        }
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, "-m", "bench.import_wordpress", "--child", str(export)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode:
        sys.exit(done.stderr)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    report(args, size, line.split()[1:])


def report(args, size, figures):
    seconds, cpu, base, peak, again, posts, comments, second, total, bad, replies, depth = figures
    text = (
        f"\n## bench/import_wordpress.py: SQLite ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)\n\n"
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end.\n\n"
        f"Generated WXR 1.2 export of {args.posts:,} posts and {args.comments:,} threaded comments "
        f"({size / 2**20:.0f} MiB; {int(replies):,} replies, deepest level {depth}).\n\n"
        "| Measure | Value |\n|---|---|\n"
        f"| first import (one transaction) | {seconds} s wall, {cpu} s CPU of the importer |\n"
        f"| imported | {posts} posts, {comments} comments and pingbacks |\n"
        f"| peak RSS of the importing process | {peak} MiB (before the import: {base} MiB) |\n"
        f"| second import (nothing new) | {again} s, {second} rows created |\n"
        f"| comment trees failing the nested-set check | {bad} (of all {total} comments) |\n"
    )
    print(text)
    if args.write:
        with open(RESULTS, "a", encoding="utf-8") as out:
            if out.tell() == 0:
                out.write("# WordPress import benchmark\n")
            out.write(text)


if __name__ == "__main__":
    main()
