"""ASCII slugs as WordPress makes them: `L'été à Noël` gives `l-ete-a-noel`.

static/js/admin/editor.js applies the same rules while the title is typed; the server applies them
to any post or page saved without a slug. Slugs already saved (imported ones with accents included) are
kept as they are, so no published address changes.
"""

import re
import unicodedata

# Letters NFKD does not split into a base letter and an accent.
LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ß": "ss",
        "ø": "o",
        "đ": "d",
        "ł": "l",
    }
)
NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def ascii_slug(text, *, max_length=200):
    """`text` lowercased, accents dropped, every run of other characters turned into one hyphen."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(LIGATURES))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_ALNUM_RE.sub("-", plain).strip("-")[:max_length].rstrip("-")


def unique_slug(queryset, text, *, max_length=200, exclude_pk=None, fallback="billet"):
    """An ASCII slug of `text` no row of `queryset` has yet (`-2`, `-3`… added as WordPress does)."""
    base = ascii_slug(text, max_length=max_length) or fallback
    taken = queryset.exclude(pk=exclude_pk).filter(slug__startswith=base)
    taken = set(taken.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug
