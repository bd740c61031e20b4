"""Search that forgives accents and case: "marees", "MARÉES" and "Marées" find the same posts.

PostgreSQL matches through its French full-text index built on `unaccent` (migration 0003); SQLite
compares `carnet_fold(column)`, a function registered on every connection that drops accents
and case the same way `fold` does here. Results are ranked with title matches first, and the
words found are marked in the excerpt shown (`highlight`).
"""

import html
import re
import unicodedata

from django.db import models

from .typography import TAG_RE

MAX_WORDS = 10
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


def search_words(query):
    """The words of a search, folded, at most MAX_WORDS (quotes and signs dropped)."""
    return [word for word in re.findall(r"\w+", fold(query))][:MAX_WORDS]


def sqlite_search(queryset, query):
    """Posts whose title or body holds every word of `query`, title matches first."""
    words = search_words(query)
    if not words:
        return queryset.none()
    queryset = queryset.alias(folded_title=Fold("title"), folded_body=Fold("body"))
    in_title = models.Q()
    for word in words:
        queryset = queryset.filter(
            models.Q(folded_title__contains=word) | models.Q(folded_body__contains=word)
        )
        in_title &= models.Q(folded_title__contains=word)
    rank = models.Case(models.When(in_title, then=1), default=0)
    return queryset.alias(title_rank=rank).order_by("-title_rank", "-published_at", "-id")


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
