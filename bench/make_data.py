"""Build a benchmark database: N posts, M comments per post, one post with a long threaded discussion.

    .venv/bin/python bench/make_data.py --posts 100 --comments 5            # SQLite, bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/carnet_bench_big \\
        .venv/bin/python bench/make_data.py --posts 100000 --comments 10     # 1,000,000 comments

The database is dropped and recreated, its tables made from the models (no migrations, as the
tests do). Rows go in by PostgreSQL COPY (or large executemany batches on SQLite); the comment trees'
tree_id/lft/rght/level are computed here, then checked by SQL before the script says it is done.
Markup is rendered once per body variant and reused, as the site would have stored it.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

DISCUSSION_SLUG = "discussion-200"
WORDS = (
    "mer vent pain levain route sentier phare marée lande granit crêpe cidre roman poème carnet "
    "livre jardin pluie automne hiver printemps été brume falaise port voile bateau marché "
    "fromage vigne colline forêt rivière pont village église chapelle lavoir moulin four"
).split()
BODIES = [
    "Le vent a tourné dans la nuit ; au matin, la {w} était partout.\n\n<!--more-->\n\n"
    "## Ce que nous avons vu\n\n- une {w} au loin ;\n- des barques ;\n- un chemin de {w}.\n\n"
    "```python\nprint('bonjour')\n```\n\nUne note[^n].\n\n[^n]: Prise sur le vif.",
    "Il faut du temps pour qu’un {w} prenne.\n\n| Ingrédient | Quantité |\n|---|---|\n"
    "| Farine | 500 g |\n| Eau | 350 g |\n\nLe reste est affaire de patience.",
    "Lu cette semaine un livre sur la {w}, plein de *détours* et de **surprises**.\n\n"
    "> Une citation qui reste.\n\nEt [un lien](https://example.org/) pour finir.",
]
COMMENT_BODY = (
    "Merci pour ce billet ! J’ai suivi le même *chemin* l’an dernier : https://example.org/"
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100, help="published posts (default 100)")
    parser.add_argument("--comments", type=int, default=5, help="comments on every post")
    parser.add_argument("--discussion", type=int, default=200, help="comments on the long thread")
    parser.add_argument("--name", default="bench", help="SQLite file name under bench/out/")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--check-only", action="store_true", help="only check the comment trees and count them"
    )
    return parser.parse_args(argv)


def configure_database(name):
    """Point DATABASE_URL at bench/out/<name>.sqlite3 unless it already names a database."""
    if "DATABASE_URL" not in os.environ:
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{out / name}.sqlite3"
    return os.environ["DATABASE_URL"]


def recreate_database(url):
    """An empty database at `url`: the SQLite file removed, or the PostgreSQL database recreated."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(config["NAME"] + suffix).unlink(missing_ok=True)
        return
    admin = {k: v for k, v in (("host", config["HOST"]), ("port", config["PORT"])) if v}
    with psycopg.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"] or None,
        autocommit=True, **admin,
    ) as conn:  # fmt: skip
        name = config["NAME"]
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class RowWriter:
    """Insert rows of one model fast: a template row holds every default, callers set the rest."""

    def __init__(self, model, **defaults):
        from django.db import connection

        self.connection = connection
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        template = model(**defaults)
        self.template = [self._prep(f, f.pre_save(template, True)) for f in self.fields]

    def _prep(self, field, value):
        return field.get_db_prep_save(value, self.connection)

    def row(self, **values):
        row = list(self.template)
        for name, value in values.items():
            row[self.index[name]] = value
        return row

    def prep_datetime(self, name, value):
        return self._prep(self.fields[self.index[name]], value)

    def write(self, rows):
        table = self.model._meta.db_table
        columns = [f.column for f in self.fields]
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(  # noqa: S608 (our own table names)
                table, ", ".join(f'"{c}"' for c in columns), ", ".join(["%s"] * len(columns))
            )
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) >= 20000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def make_taxonomy(author):
    """Ten categories with two sub-categories each (through the ORM: MPTT keeps them valid)."""
    from blog.models import Category, Tag

    categories = []
    for i in range(10):
        root = Category.objects.create(name=f"Rubrique {i}", slug=f"rubrique-{i}")
        categories.append(root)
        for j in range(2):
            categories.append(
                Category.objects.create(
                    name=f"Sous-rubrique {i}-{j}", slug=f"rub-{i}-{j}", parent=root
                )
            )
    tags = Tag.objects.bulk_create(
        Tag(name=f"Étiquette {i}", slug=f"etiquette-{i}") for i in range(50)
    )
    return categories, tags


def rendered_bodies():
    """Each body variant rendered once through the site's own pipeline."""
    from blog.markup import render_body, render_excerpt

    variants = []
    for template in BODIES:
        body = template.format(w="lande")
        excerpt_html, has_more = render_excerpt("", body)
        variants.append((body, render_body(body), excerpt_html, has_more))
    return variants


def post_rows(writer, count, author, now, rng):
    """Published posts one hour apart, newest first; the newest is the long discussion."""
    variants = rendered_bodies()
    for i in range(count):
        published = now - timedelta(hours=i + 1)
        body, body_html, excerpt_html, has_more = variants[i % len(variants)]
        slug = DISCUSSION_SLUG if i == 0 else f"billet-{i}"
        title = f"Billet {i} : {rng.choice(WORDS)} et {rng.choice(WORDS)}"
        stamp = writer.prep_datetime("published_at", published)
        yield writer.row(
            id=i + 1, title=title, slug=slug, author_id=author.pk, body=body,
            body_html=body_html, excerpt_html=excerpt_html, has_more=has_more,
            status="published", published_at=stamp, announced_at=stamp,
            created_at=stamp, updated_at=stamp,
        )  # fmt: skip


def thread_shape(count, rng, max_depth=4):
    """Parents (index or None) for `count` comments: about a third start threads, the rest reply."""
    parents, depth = [], []
    for k in range(count):
        if k == 0 or rng.random() < 0.35:
            parents.append(None)
            depth.append(0)
            continue
        parent = rng.randrange(k)
        while depth[parent] >= max_depth:
            parent = parents[parent]
        parents.append(parent)
        depth.append(depth[parent] + 1)
    return parents


def nested_sets(parents):
    """(root index, lft, rght, level) per node; children in creation order, as MPTT orders them."""
    children = {i: [] for i in range(len(parents))}
    for i, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(i)
    result = [None] * len(parents)
    for root in (i for i, p in enumerate(parents) if p is None):
        counter = 1
        stack = [(root, 0, False)]
        lft = {}
        while stack:
            node, level, done = stack.pop()
            if done:
                result[node] = (root, lft[node], counter, level)
                counter += 1
                continue
            lft[node] = counter
            counter += 1
            stack.append((node, level, True))
            stack.extend((child, level + 1, False) for child in reversed(children[node]))
    return result


def comment_rows(writer, posts, per_post, discussion, now, rng):
    """Every post's comments with valid trees; yields rows, numbering ids and tree_ids globally."""
    from blog.markup import render_comment

    body_html = render_comment(COMMENT_BODY)
    next_id, next_tree = 1, 1
    for post_id in range(1, posts + 1):
        count = discussion if post_id == 1 else per_post
        parents = thread_shape(count, rng)
        shape = nested_sets(parents)
        tree_ids, ids = {}, [next_id + k for k in range(count)]
        start = now - timedelta(hours=post_id)
        for k, (root, lft, rght, level) in enumerate(shape):
            if root not in tree_ids:
                tree_ids[root] = next_tree
                next_tree += 1
            parent = parents[k]
            yield writer.row(
                id=ids[k], post_id=post_id, parent_id=None if parent is None else ids[parent],
                author_name=f"Lectrice {k}", author_email=f"lectrice{k % 50}@example.org",
                body=COMMENT_BODY, body_html=body_html, status="approved",
                created_at=writer.prep_datetime("created_at", start + timedelta(seconds=k + 1)),
                tree_id=tree_ids[root], lft=lft, rght=rght, level=level,
            )  # fmt: skip
        next_id += count


def link_rows(through, posts, categories, tags, rng):
    """(category, tag) links: every post in one sub-category and its parent, and three tags."""
    subs = [c for c in categories if c.parent_id]
    cat_rows, tag_rows = [], []
    for post_id in range(1, posts + 1):
        sub = subs[post_id % len(subs)]
        cat_rows += [(post_id, sub.pk), (post_id, sub.parent_id)]
        tag_rows += [(post_id, t.pk) for t in rng.sample(tags, 3)]
    return cat_rows, tag_rows


def write_links(table, columns, rows):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES (%s, %s)'  # noqa: S608
            cursor.executemany(sql, rows)


def check_trees():
    """Nested-set invariants for every comment tree, checked in SQL; returns the problems found."""
    from django.db import connection

    from comments.models import Comment

    assert Comment._meta.db_table == "comments_comment"
    checks = {
        "root not at lft=1, level 0": "SELECT count(*) FROM comments_comment WHERE parent_id IS NULL AND (lft <> 1 OR level <> 0)",
        "child outside its parent": "SELECT count(*) FROM comments_comment c JOIN comments_comment p ON c.parent_id = p.id WHERE c.tree_id <> p.tree_id OR c.lft <= p.lft OR c.rght >= p.rght OR c.level <> p.level + 1 OR c.post_id <> p.post_id",
        "rght - lft not odd": "SELECT count(*) FROM comments_comment WHERE (rght - lft) % 2 <> 1",
        "tree size mismatch": "SELECT count(*) FROM (SELECT tree_id FROM comments_comment GROUP BY tree_id HAVING max(rght) <> 2 * count(*) OR count(DISTINCT lft) <> count(*) OR sum(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END) <> 1) AS bad",
    }  # fmt: skip
    problems = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            bad = cursor.fetchone()[0]
            if bad:
                problems[name] = bad
    return problems


def reset_sequences():
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = list(apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def build(args):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from blog.models import Post
    from comments.models import Comment

    rng = random.Random(args.seed)
    call_command("migrate", run_syncdb=True, verbosity=0)
    now = timezone.now().replace(microsecond=0)
    author = get_user_model().objects.create_user("bench", "bench@example.org", "bench-password")
    categories, tags = make_taxonomy(author)
    with transaction.atomic():
        posts = RowWriter(Post)
        step("posts", lambda: posts.write(post_rows(posts, args.posts, author, now, rng)))
        cat_rows, tag_rows = link_rows(None, args.posts, categories, tags, rng)
        step(
            "categories",
            lambda: write_links(
                Post.categories.through._meta.db_table, ["post_id", "category_id"], cat_rows
            ),
        )
        step(
            "tags",
            lambda: write_links(Post.tags.through._meta.db_table, ["post_id", "tag_id"], tag_rows),
        )
        writer = RowWriter(Comment, post_id=1, author_name="x", body="x")
        step(
            "comments",
            lambda: writer.write(
                comment_rows(writer, args.posts, args.comments, args.discussion, now, rng)
            ),
        )
        reset_sequences()
    if connection.vendor == "postgresql":
        step("analyze", lambda: connection.cursor().execute("ANALYZE"))
    problems = step("tree check", check_trees)
    print(
        f"posts={Post.objects.count()} comments={Comment.objects.count()} trees valid={not problems}"
    )
    if problems:
        raise SystemExit(f"Invalid comment trees: {problems}")  # fmt: skip


def check_only():
    """Print the comment count and whether every tree is valid; exit 1 when one is not."""
    import django

    django.setup()
    from comments.models import Comment

    problems = check_trees()
    print(f"comments={Comment.objects.count()} trees valid={not problems} {problems or ''}")
    if problems:
        raise SystemExit(1)


def step(name, func):
    started = time.perf_counter()
    result = func()
    print(f"  {name}: {time.perf_counter() - started:.1f} s", flush=True)
    return result


def main(argv=None):
    args = parse_args(argv)
    url = configure_database(args.name)
    if args.check_only:
        return check_only()
    recreate_database(url)
    import django

    django.setup()
    print(f"Building {args.posts} posts, {args.comments} comments each, on {url}")
    build(args)


if __name__ == "__main__":
    main()
