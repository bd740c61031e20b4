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
from bleach.html5lib_shim import Filter
from bleach.linkifier import TLDS, LinkifyFilter
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from images import references as image_references

from .markdown_limits import LinearLinks, too_deep, too_dense
from .typography import typeset


class Markup(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


# Neither holds "<" or ">" (WordPress writes them \u003c and \u003e in block attributes): each
# search stops at the next tag, so a thousand unclosed "<!--more" cost no more than one.
MORE_RE = re.compile(r"<!--\s*more[^<>]*?-->", re.IGNORECASE)
BLOCK_EDITOR_COMMENT_RE = re.compile(r"<!--\s*/?wp:[^<>]*?-->")
FIRST_PARAGRAPH_RE = re.compile(r"<p\b[^>]*>.*?</p>", re.DOTALL)
PROTOCOLS = ["http", "https", "mailto"]


def build_url_re(tlds):
    """A bare-URL pattern for bleach's linkifier that runs in linear time on any text.

    bleach's own pattern starts with `\\(*` and `\\b`, so it is tried again from every "(" or "-" of
    a run: 5,000 "(" cost a second. Here a match starts only where a word, domain or address does
    not go on, so each run of domain characters is tried once. After a scheme or "www." any
    top-level domain is a link (.xyz, .shop...); a bare name needs one of `tlds`, so that a file
    name or a missing space after a full stop stays text.
    """
    return re.compile(
        r"""(?:
          (?<![\w+.-])(?:https?://(?:www\.)?|www\.)         # a scheme or "www.", then
          (?:[\w-]+\.)+(?:[^\W\d_]{{2,63}}|xn--[\w-]+)     # a name on any top-level domain
        | (?<![\w.@/:+-])(?:[\w-]+\.)+(?:{tlds})          # or a bare name on a known one
        )(?![\w@-])
        (?::[0-9]{{1,5}})?                                 # a port
        (?:[/?#][^\s{{}}|\\^`<>"]*)?                        # a path (bleach trims its end)
        """.format(tlds="|".join(tlds)),
        re.IGNORECASE | re.VERBOSE,
    )


URL_RE = build_url_re(TLDS)

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
# Prefix of the ids and names in a post's body, so none can be one of the page's (`respond`).
ID_PREFIX = "user-content-"
ANCHOR_ATTRIBUTES = {"id", "name"}
ANCHOR_TOKENS = {"StartTag", "EmptyTag"}
COMMENT_TAGS = {"a", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
COMMENT_ATTRIBUTES = {"a": ["href", "rel"]}


def _markdown(text, extensions, extension_configs=None):
    return markdown.markdown(
        text, extensions=extensions, extension_configs=extension_configs or {}, output_format="html"
    )


def _post_markdown(text):
    return _markdown(
        text,
        [
            "fenced_code",
            "codehilite",
            "tables",
            "footnotes",
            "toc",
            "sane_lists",
            "attr_list",
            LinearLinks(),
        ],
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


def _set_ugc_rel(attrs, new):  # bleach always says whether the link is new
    """Every link in what a visitor wrote: nofollow ugc, and only to http, https or mailto."""
    href_key = (None, "href")
    href = attrs.get(href_key, "")
    if not href.lower().startswith(("http:", "https:", "mailto:")):
        # Only a link already written can get here: the linkifier's own are all http(s).
        return _drop_href(attrs)
    attrs[(None, "rel")] = "nofollow ugc"
    return attrs


def _drop_href(attrs):
    attrs.pop((None, "href"), None)
    return attrs


class _NamespacedIds(Filter):
    """Every `id` and `name` of a body prefixed with ID_PREFIX, and the body's links to them too.

    An author's `id="respond"` (or a heading titled "Comments") would otherwise shadow the page's
    own anchors; footnotes, heading anchors and in-body links keep working. A link to an anchor the
    body does not define (`#comments`) is left for the page.
    """

    def __iter__(self):
        tokens = list(super().__iter__())
        anchors = {
            value
            for token in tokens
            if token["type"] in ANCHOR_TOKENS
            for (_namespace, name), value in (token["data"] or {}).items()
            if name in ANCHOR_ATTRIBUTES
        }
        for token in tokens:
            if token["type"] in ANCHOR_TOKENS and token["data"]:
                token["data"] = {
                    key: _namespaced(key[1], value, anchors) for key, value in token["data"].items()
                }
            yield token


def _namespaced(attribute, value, anchors):
    if attribute in ANCHOR_ATTRIBUTES:
        return ID_PREFIX + value
    if attribute == "href" and value.startswith("#") and value[1:] in anchors:
        return f"#{ID_PREFIX}{value[1:]}"
    return value


_post_cleaner = bleach.Cleaner(
    tags=POST_TAGS,
    attributes=POST_ATTRIBUTES,
    protocols=PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_NamespacedIds],
)
_comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    protocols=PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(LinkifyFilter, url_re=URL_RE, callbacks=[_set_ugc_rel], skip_tags=["pre", "code"])
    ],
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
    if too_deep(text) or too_dense(text):
        # A wall of markup from a guest (thousands of emphasis, code or tag characters make
        # Python-Markdown, then bleach, build thousands of elements) is shown as typed. Escaped by
        # linebreaks, it holds no tag of its own: nothing for bleach to clean. Authors' posts are
        # not held to this: their inline HTML is legitimately dense.
        return typeset(linebreaks(text, autoescape=True))
    html = _safely(_comment_markdown, text)
    return clean_comment_html(html)


def _comment_markdown(text):
    return markdown.markdown(text, extensions=[_NoRawHtml(), "sane_lists", LinearLinks()])


def _safely(render, text):
    """`render(text)`, or plain escaped paragraphs when the Markdown nests too deep.

    Hundreds of nested list or quote markers make Python-Markdown recurse for a long time, then
    past Python's stack; such a text is shown as typed rather than slowly, or refused with a 500.
    """
    if too_deep(text):
        return linebreaks(text, autoescape=True)
    try:
        return render(text)
    except RecursionError:
        return linebreaks(text, autoescape=True)


def clean_comment_html(html):
    """Comment HTML (rendered here, or imported) through the comments' strict allowlist."""
    return typeset(_comment_cleaner.clean(html).strip())
