"""Search vectors stored beside each post (PostgreSQL only), so a search reads no text.

Two generated columns that the model does not declare (SQLite has no tsvector, and searches
substrings there): `search_title`, the title's French vector after `unaccent`, and
`search_document`, title (weight A) and body (weight B) together. Each has its GIN index. They
replace the expression index `post_search` of migration 0006: matching a stored vector costs
about a microsecond a row where computing it cost 80, which lets a search for a common word walk
the newest posts instead of reading every match (blog.search_pages).

PostgreSQL recomputes both columns on every write. Before changing the type of `title` or `body`
on PostgreSQL, drop the columns and add them again after (it refuses to alter a column a
generated column reads).
"""

from django.db import migrations

CONFIG = "'french_unaccent'::regconfig"
TITLE = f"to_tsvector({CONFIG}, coalesce(title, ''))"
BODY = f"to_tsvector({CONFIG}, coalesce(body, ''))"

FORWARDS = [
    "ALTER TABLE blog_post"
    f" ADD COLUMN search_title tsvector GENERATED ALWAYS AS ({TITLE}) STORED,"
    " ADD COLUMN search_document tsvector GENERATED ALWAYS AS"
    f" (setweight({TITLE}, 'A') || setweight({BODY}, 'B')) STORED",
    "DROP INDEX IF EXISTS post_search",
    "CREATE INDEX post_search ON blog_post USING gin (search_document)",
    "CREATE INDEX post_search_title ON blog_post USING gin (search_title)",
]
BACKWARDS = [
    "ALTER TABLE blog_post DROP COLUMN search_title, DROP COLUMN search_document",
    "CREATE INDEX post_search ON blog_post USING gin"
    f" ((setweight({TITLE}, 'A') || setweight({BODY}, 'B')))",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_page_comments_open")]

    operations = [migrations.RunPython(forwards, backwards)]
