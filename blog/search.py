"""Search that forgives accents and case: "marees", "MARÉES" and "Marées" find the same posts.

PostgreSQL matches the French vectors it stores beside each post, built after `unaccent`
(migrations 0006 and 0009), through their GIN indexes; SQLite compares `carnet_fold(column)`, a
function registered on every connection that drops accents and case the same way `fold` does
here. `conditions` says which posts match and which match in their title: results show title
matches first (blog.search_pages), and the words found are marked in the excerpt (`highlight`).
"""

import html
import re
import unicodedata

from django.db import connections, models

from .typography import TAG_RE

MAX_WORDS = 10
# French stemming after `unaccent` (migration 0006): "marees" and "Marées" are the same word.
SEARCH_CONFIG = "french_unaccent"
# A word excluded in `websearch` syntax: "pain -marché".
EXCLUSION_RE = re.compile(r"(?:^|\s)-\S")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def fold(text):
    """`text` without accents, ligatures or case: "Marées" and "MAREES" both give "marees"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created: give SQLite `carnet_fold(text)` (PostgreSQL has `unaccent`)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("carnet_fold", 1, fold, deterministic=True)


class Fold(models.Func):
    function = "carnet_fold"
    output_field = models.TextField()


class StoredVector(models.Expression):
    """A tsvector column PostgreSQL generates (migration 0009), which the model does not declare."""

    def __init__(self, column):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column = column

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def search_words(query):
    """The words of a search, folded, at most MAX_WORDS (quotes and signs dropped)."""
    return [word for word in re.findall(r"\w+", fold(query))][:MAX_WORDS]


def conditions(queryset, query):
    """`(queryset, matches, in_title)`: `queryset` aliased so the two conditions can filter it.

    `matches` holds the posts whose title or body has every word of `query`; `in_title`, those
    whose title does (and that `matches` also holds). Both are None when `query` has no word.
    PostgreSQL reads its stored vectors (migration 0009) with `websearch` syntax ("quoted
    phrases", -excluded, or); SQLite compares folded substrings.
    """
    if not search_words(query):
        return queryset, None, None
    if connections[queryset.db].vendor == "postgresql":
        return _postgresql_conditions(queryset, query)
    return _sqlite_conditions(queryset, query)


def _postgresql_conditions(queryset, query):
    from django.contrib.postgres.search import SearchQuery

    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    queryset = queryset.alias(
        search_document=StoredVector("search_document"), search_title=StoredVector("search_title")
    )
    matches, in_title = models.Q(search_document=search), models.Q(search_title=search)
    if EXCLUSION_RE.search(query):
        # "pain -marché": a title with "pain" matches only if the body has no "marché". Only then,
        # since PostgreSQL estimates two conditions on vectors as rarer than either alone.
        in_title &= matches
    return queryset, matches, in_title


def _sqlite_conditions(queryset, query):
    words = search_words(query)
    queryset = queryset.alias(folded_title=Fold("title"), folded_body=Fold("body"))
    matches, in_title = models.Q(), models.Q()
    for word in words:
        matches &= models.Q(folded_title__contains=word) | models.Q(folded_body__contains=word)
        in_title &= models.Q(folded_title__contains=word)
    return queryset, matches, in_title


def highlight(html_text, query):
    """`html_text` with each word of `query` found in its text wrapped in `<mark>`.

    Matching forgives accents and case; tags and attributes are never touched.
    """
    words = sorted(set(search_words(query)), key=len, reverse=True)
    if not words or not html_text:
        return html_text
    pattern = re.compile("|".join(re.escape(word) for word in words))
    parts = TAG_RE.split(html_text)
    for index in range(0, len(parts), 2):
        parts[index] = _mark(html.unescape(parts[index]), pattern)
    return "".join(parts)


def _mark(text, pattern):
    """Escaped `text` with the matches of `pattern` in its folded form marked."""
    folded, origin = [], []
    for position, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            origin.append(position)
    out, done = [], 0
    for match in pattern.finditer("".join(folded)):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        if start < done:
            continue
        out += [html.escape(text[done:start], quote=False), "<mark>"]
        out += [html.escape(text[start:end], quote=False), "</mark>"]
        done = end
    out.append(html.escape(text[done:], quote=False))
    return "".join(out)
