"""Library images in a post's source: `[[image:42]]` or `![alternative text](image:42)`.

`blog.markup.render_body` calls `extract` on the source before Markdown, which swaps each reference
for a plain-word placeholder Markdown leaves alone, then `expand` on the HTML, which puts the
markup of templates/images/figure.html in its place (a figure when the reference is a paragraph of
its own, a bare picture inside a sentence). The result still goes through bleach afterwards.

Bodies are rendered at save time: a post shows the renditions its images had when it was saved, and
an image deleted from the library disappears from posts saved afterwards.
"""

import re

from django.template.loader import render_to_string

REFERENCE_RE = re.compile(
    r"!\[(?P<alt>[^\[\]\n]*)\]\(image:(?P<id>[0-9]{1,12})\)|\[\[image:(?P<bare_id>[0-9]{1,12})\]\]"
)
PLACEHOLDER = "CARNETIMAGE{}REF"
BLOCK_RE = re.compile(r"<p>\s*CARNETIMAGE([0-9]+)REF\s*</p>")
INLINE_RE = re.compile(r"CARNETIMAGE([0-9]+)REF")


def extract(text):
    """`text` with its references replaced by placeholders, and [(image id, alt or None)]."""
    found = []

    def placeholder(match):
        alt = match.group("alt")
        found.append((int(match.group("id") or match.group("bare_id")), alt))
        return PLACEHOLDER.format(len(found) - 1)

    return REFERENCE_RE.sub(placeholder, text), found


def expand(html, found):
    """`html` with each placeholder replaced by its image's markup (nothing if it is gone)."""
    if not found:
        return html
    from .models import Image

    images = Image.objects.by_ids({pk for pk, _alt in found})

    def render(match, *, block):
        index = int(match.group(1))
        if index >= len(found) or found[index][0] not in images:
            return ""
        pk, alt = found[index]
        context = {"image": images[pk], "alt": alt, "block": block}
        return render_to_string("images/figure.html", context).strip()

    html = BLOCK_RE.sub(lambda match: render(match, block=True), html)
    return INLINE_RE.sub(lambda match: render(match, block=False), html)
