"""The GIN index of search (PostgreSQL only): the weighted French vector of every post.

Written by hand because SQLite has no such index (it searches substrings: nothing to do there).
The expression must stay exactly the one `blog.models.search_vector()` builds, or PostgreSQL
cannot use the index for `vector @@ query`; tests/blog/test_models.py checks it does.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def search_index():
    vector = SearchVector("title", weight="A", config="french") + SearchVector(
        "body", weight="B", config="french"
    )
    return GinIndex(vector, name="post_search")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("blog", "Post"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("blog", "Post"), search_index())


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
