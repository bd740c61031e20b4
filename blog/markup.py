"""Turning what people write into safe HTML: rendered once, at save time, stored beside the source.

Two policies share one pipeline (Markdown or HTML in, bleach out):

- `render_body` for posts and pages, written by trusted authors or imported from WordPress: rich
  Markdown (fenced code highlighted by Pygments, tables, footnotes, heading anchors), still sanitised
  so that an imported or pasted script never reaches a reader.
- `render_comment` for comments: a small Markdown subset, bare URLs linked, a strict allowlist,
  http/https/mailto links only, every link `rel="nofollow ugc"`.
"""

import re
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images import references as image_references

from .typography import typeset


class Markup(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


MORE_RE = re.compile(r"<!--\s*more\s*(?:[^>]*?)-->", re.IGNORECASE)
BLOCK_EDITOR_COMMENT_RE = re.compile(r"<!--\s*/?wp:[^>]*?-->")
FIRST_PARAGRAPH_RE = re.compile(r"<p\b[^>]*>.*?</p>", re.DOTALL)
PROTOCOLS = ["http", "https", "mailto"]
# Python-Markdown's link pattern backtracks quadratically on runs of "[" (5,000 of them cost
# seconds): past this many in a comment, brackets are literal text (bare URLs are still linked).
MAX_COMMENT_BRACKETS = 100

POST_TAGS = {
    "a",
    "abbr",
    "acronym",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
}
POST_ATTRIBUTES = {
    "*": ["id", "title", "class", "lang", "dir"],
    "a": ["href", "rel", "name"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"],
    "source": ["srcset", "sizes", "type", "media", "width", "height"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align", "scope"],
    "ol": ["start", "reversed", "type"],
    "time": ["datetime"],
    "blockquote": ["cite"],
    "q": ["cite"],
}
COMMENT_TAGS = {"a", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
COMMENT_ATTRIBUTES = {"a": ["href", "rel"]}


def _markdown(text, extensions, extension_configs=None):
    return markdown.markdown(
        text, extensions=extensions, extension_configs=extension_configs or {}, output_format="html"
    )


def _post_markdown(text):
    return _markdown(
        text,
        ["fenced_code", "codehilite", "tables", "footnotes", "toc", "sane_lists", "attr_list"],
        {
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "toc": {"permalink": False, "slugify": _slugify_heading},
            "footnotes": {"BACKLINK_TITLE": _backlink_title()},
        },
    )


def _backlink_title():
    """The title of a footnote's way back, in the site's language (stored HTML has one)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Back to footnote %d in the text")


def _slugify_heading(value, separator):
    from django.utils.text import slugify

    return slugify(value, allow_unicode=True) or "section"


def _set_ugc_rel(attrs, new=False):
    """Every link in what a visitor wrote: nofollow ugc, and only to http, https or mailto."""
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.lower().startswith(("http:", "https:", "mailto:")):
        return None if new else _drop_href(attrs)
    attrs[(None, "rel")] = "nofollow ugc"
    return attrs


def _drop_href(attrs):
    attrs.pop((None, "href"), None)
    return attrs


_post_cleaner = bleach.Cleaner(
    tags=POST_TAGS, attributes=POST_ATTRIBUTES, protocols=PROTOCOLS, strip=True, strip_comments=True
)
_comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    protocols=PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_ugc_rel], skip_tags=["pre", "code"])],
)


class _NoRawHtml(markdown.Extension):
    """Markdown without raw HTML: what a commenter types as `<b>` is shown as text."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def clean_source(text):
    """Normalise what was typed: no NUL bytes, Unix line ends."""
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def render_body(text, markup=Markup.MARKDOWN):
    """Sanitised HTML for the body of a post or page, from Markdown or (imported) HTML."""
    text = BLOCK_EDITOR_COMMENT_RE.sub("", clean_source(text or ""))
    text, image_refs = image_references.extract(text)
    html = _safely(_post_markdown, text) if markup == Markup.MARKDOWN else text
    html = image_references.expand(html, image_refs)
    return typeset(_post_cleaner.clean(html).strip())


def render_excerpt(excerpt, body, markup=Markup.MARKDOWN):
    """The excerpt's HTML and whether the body goes on past it.

    A hand-written excerpt wins; else the part of the body before `<!--more-->`; else the first
    paragraph of the body.
    """
    if excerpt and excerpt.strip():
        return render_body(excerpt, markup), True
    parts = MORE_RE.split(body or "", maxsplit=1)
    if len(parts) == 2:
        return render_body(parts[0], markup), True
    html = render_body(body, markup)
    match = FIRST_PARAGRAPH_RE.search(html)
    first = match.group(0) if match else html
    return first, first.strip() != html.strip()


def render_comment(text):
    """Sanitised HTML for a comment: a small Markdown subset, links nofollow ugc."""
    text = clean_source(text or "")
    if text.count("[") > MAX_COMMENT_BRACKETS:
        text = text.replace("[", "\\[")
    html = _safely(_comment_markdown, text)
    return clean_comment_html(html)


def _comment_markdown(text):
    return markdown.markdown(text, extensions=[_NoRawHtml(), "sane_lists"])


def _safely(render, text):
    """`render(text)`, or plain escaped paragraphs when the Markdown is nested past Python's stack.

    Hundreds of nested list or quote markers make Python-Markdown recurse too deep; such a text
    is shown as typed rather than refused with a 500.
    """
    try:
        return render(text)
    except RecursionError:
        return linebreaks(text, autoescape=True)


def clean_comment_html(html):
    """Comment HTML (rendered here, or imported) through the comments' strict allowlist."""
    return typeset(_comment_cleaner.clean(html).strip())
