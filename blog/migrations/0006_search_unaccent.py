"""Search that forgives accents on PostgreSQL: the `unaccent` extension, a `french_unaccent`
text search configuration (French stems after unaccent) and the GIN index `post_search` rebuilt
on it. The expression must stay exactly the one `blog.models.search_vector()` builds.

SQLite needs nothing stored: blog.search registers `carnet_fold()` on each connection.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CREATE_CONFIG = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END
$$;
"""


def search_index(config):
    vector = SearchVector("title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )
    return GinIndex(vector, name="post_search")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    post = apps.get_model("blog", "Post")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(CREATE_CONFIG)
    schema_editor.remove_index(post, search_index("french"))
    schema_editor.add_index(post, search_index("french_unaccent"))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    post = apps.get_model("blog", "Post")
    schema_editor.remove_index(post, search_index("french_unaccent"))
    schema_editor.add_index(post, search_index("french"))
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent")


class Migration(migrations.Migration):
    dependencies = [("blog", "0005_old_addresses")]

    operations = [migrations.RunPython(forwards, backwards)]
