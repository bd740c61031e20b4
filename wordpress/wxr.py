"""Reading a WordPress export (WXR 1.0 to 1.2) as a stream of plain records.

The file is read with defusedxml's `iterparse`, one top-level element at a time, and each element
is dropped once turned into a record: memory stays flat however large the export. Document types
(and with them entities, XML bombs and external references) are refused.
"""

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from .cdata import MendedStream

# WordPress has used http and https namespace URIs, versions 1.0 to 1.2, with and without `www.`.
PREFIXES = [
    (re.compile(r"^https?://(www\.)?wordpress\.org/export/1\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://(www\.)?wordpress\.org/export/1\.\d+/?$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/?$"), "dc"),
]
# Expat's codes for a document that stops early (no element found, unclosed token, CDATA, entity).
TRUNCATION_CODES = {3, 5, 20, 21}
PROLOG_BYTES = 65536
EXTERNAL_ENTITY_RE = re.compile(rb"<!ENTITY\s+%?\s*\S+\s+(SYSTEM|PUBLIC)\b", re.IGNORECASE)
HEADER_TAGS = {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}


class WXRError(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass
class Site:
    title: str = ""
    link: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: int | None = None


@dataclass
class Term:
    taxonomy: str  # "category", "post_tag", or another taxonomy (nav_menu…)
    slug: str
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    wp_id: int | None = None


@dataclass
class Comment:
    wp_id: int
    parent_wp_id: int | None = None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = "1"
    type: str = ""
    user_id: int | None = None


@dataclass
class Item:
    """A post, page, attachment or anything else WordPress stores as a post."""

    wp_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    slug: str = ""
    status: str = "publish"
    parent_wp_id: int | None = None
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    comment_status: str = "open"
    ping_status: str = "open"
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (domain, slug, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


def read(source):
    """Yield the export's records in file order: a `Site` first, then authors, terms and items.

    `source` is a path or a binary file. Raises `WXRError` for anything that is not a complete,
    harmless WordPress export, possibly after some records were yielded (truncated files).
    """
    reader = _Reader(source)
    try:
        yield from reader.records()
        return
    except DefusedXmlException:
        raise WXRError(_dtd_message(source)) from None
    except ParseError as error:
        if not reader.started or error.code in TRUNCATION_CODES or not _rewindable(source):
            raise WXRError(reader.parse_error_message(error)) from None
        damage = reader.parse_error_message(error)
    yield from _mended_read(source, reader.sent, damage)


def _mended_read(source, already_sent, damage):
    """The second, tolerant pass: the file again, its damaged CDATA fields mended on the way.

    The records the strict pass has yielded already are read again but not yielded twice.
    """
    raw = open(source, "rb") if not hasattr(source, "read") else source
    raw.seek(0)
    reader = _Reader(MendedStream(raw))
    try:
        for number, record in enumerate(reader.records()):
            if number >= already_sent:
                yield record
    except ParseError as error:
        if error.code in TRUNCATION_CODES:
            raise WXRError(reader.parse_error_message(error)) from None
        raise WXRError(damage) from None
    finally:
        if raw is not source:
            raw.close()


def _rewindable(source):
    return not hasattr(source, "read") or (hasattr(source, "seekable") and source.seekable())


class _Reader:
    def __init__(self, source):
        self.source = source
        self.started = False
        self.site = Site()
        self.site_sent = False
        self.sent = 0  # records yielded so far

    def records(self):
        for record in self._parse():
            self.sent += 1
            yield record

    def _parse(self):
        stack = []
        for event, elem in iterparse(
            self.source,
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start":
                self._check_start(stack, elem)
                stack.append(elem)
                continue
            stack.pop()
            if len(stack) == 2:
                yield from self._top_level(stack[1], elem)
        if not self.site.wxr_version:
            raise WXRError(_not_wxr_message())
        if not self.site_sent:
            yield self.site

    def _check_start(self, stack, elem):
        if not stack:
            self.started = True
            if _name(elem.tag) != "rss":
                raise WXRError(_not_wxr_message())
        elif len(stack) == 1 and _name(elem.tag) != "channel":
            raise WXRError(_not_wxr_message())

    def _top_level(self, channel, elem):
        name = _name(elem.tag)
        if name in HEADER_TAGS:
            if not self.site.wxr_version:
                raise WXRError(_not_wxr_message())
            if not self.site_sent:
                self.site_sent = True
                yield self.site
            yield _RECORD_BUILDERS[name](elem)
        else:
            self._header(name, elem)
        del channel[:]

    def _header(self, name, elem):
        text = (elem.text or "").strip()
        if name == "wp:wxr_version":
            if not text.startswith("1."):
                raise WXRError(
                    _("This WordPress export is in version %(version)s; Carnet reads 1.0 to 1.2.")
                    % {"version": text}
                )
            self.site.wxr_version = text
        elif name in ("title", "link"):
            setattr(self.site, name, text)
        elif name == "wp:base_blog_url":
            self.site.base_blog_url = text

    def parse_error_message(self, error):
        line, column = error.position
        if not self.started:
            return _(
                "This file is not XML (line %(line)s, column %(column)s), so not a WordPress "
                "export. In WordPress, use Tools › Export and import the .xml file it gives."
            ) % {"line": line, "column": column}
        if error.code in TRUNCATION_CODES:
            return _(
                "This WordPress export is truncated: it stops at line %(line)s before its end. "
                "Nothing was imported; export it again and check that the download finished."
            ) % {"line": line}
        return _(
            "This WordPress export is damaged: invalid XML at line %(line)s, column %(column)s. "
            "Nothing was imported; export it again from WordPress."
        ) % {"line": line, "column": column}


def _dtd_message(source):
    if _declares_external_entity(source):
        return _(
            "Refused: this file declares an external entity, which would make the importer read "
            "other files or addresses. WordPress exports never do. Nothing was imported."
        )
    return _(
        "Refused: this file declares a document type with entities (a possible XML bomb, which "
        "would fill the memory). WordPress exports never do. Nothing was imported."
    )


def _declares_external_entity(source):
    """Whether the prolog names an external entity; read as bytes only to word the error."""
    if hasattr(source, "seek"):
        source.seek(0)
        return bool(EXTERNAL_ENTITY_RE.search(source.read(PROLOG_BYTES)))
    with open(source, "rb") as file:
        return bool(EXTERNAL_ENTITY_RE.search(file.read(PROLOG_BYTES)))


def _not_wxr_message():
    return _(
        "This XML file is not a WordPress export (WXR): no <rss> with a wp:wxr_version. In "
        "WordPress, use Tools › Export and import the .xml file it gives."
    )


def _name(tag):
    """`{namespace}local` as `prefix:local`, whatever WXR version wrote the namespace.

    Namespaces are told apart by URI, whatever prefix the file binds them to; an element of a
    namespace WordPress does not use keeps its `{uri}local` name, so it never passes for one of
    WordPress's own (an `atom:link` is not the site's `link`).
    """
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    for pattern, prefix in PREFIXES:
        if pattern.match(uri):
            return f"{prefix}:{local}"
    return tag


def _fields(elem):
    """The element's children as {prefixed name: text}; repeated children keep the last one."""
    return {_name(child.tag): child.text or "" for child in elem}


def _int(text, default=None):
    text = (text or "").strip()
    return int(text) if text.isdigit() else default


def _author(elem):
    f = _fields(elem)
    return Author(
        login=f.get("wp:author_login", "").strip(),
        email=f.get("wp:author_email", "").strip(),
        display_name=f.get("wp:author_display_name", "").strip(),
        first_name=f.get("wp:author_first_name", "").strip(),
        last_name=f.get("wp:author_last_name", "").strip(),
        wp_id=_int(f.get("wp:author_id")),
    )


def _category(elem):
    f = _fields(elem)
    return Term(
        taxonomy="category",
        slug=f.get("wp:category_nicename", "").strip(),
        name=f.get("wp:cat_name", "").strip(),
        parent_slug=f.get("wp:category_parent", "").strip(),
        description=f.get("wp:category_description", ""),
        wp_id=_int(f.get("wp:term_id")),
    )


def _tag(elem):
    f = _fields(elem)
    return Term(
        taxonomy="post_tag",
        slug=f.get("wp:tag_slug", "").strip(),
        name=f.get("wp:tag_name", "").strip(),
        description=f.get("wp:tag_description", ""),
        wp_id=_int(f.get("wp:term_id")),
    )


def _term(elem):
    f = _fields(elem)
    return Term(
        taxonomy=f.get("wp:term_taxonomy", "").strip(),
        slug=f.get("wp:term_slug", "").strip(),
        name=f.get("wp:term_name", "").strip(),
        parent_slug=f.get("wp:term_parent", "").strip(),
        description=f.get("wp:term_description", ""),
        wp_id=_int(f.get("wp:term_id")),
    )


def _comment(elem):
    f = _fields(elem)
    return Comment(
        wp_id=_int(f.get("wp:comment_id"), 0),
        parent_wp_id=_int(f.get("wp:comment_parent")) or None,
        author=f.get("wp:comment_author", ""),
        email=f.get("wp:comment_author_email", "").strip(),
        url=f.get("wp:comment_author_url", "").strip(),
        ip=f.get("wp:comment_author_IP", "").strip(),
        date=f.get("wp:comment_date", "").strip(),
        date_gmt=f.get("wp:comment_date_gmt", "").strip(),
        content=f.get("wp:comment_content", ""),
        approved=f.get("wp:comment_approved", "1").strip(),
        type=f.get("wp:comment_type", "").strip(),
        user_id=_int(f.get("wp:comment_user_id")) or None,
    )


def _item(elem):
    f = _fields(elem)
    item = Item(
        wp_id=_int(f.get("wp:post_id"), 0),
        post_type=f.get("wp:post_type", "post").strip() or "post",
        title=f.get("title", ""),
        link=f.get("link", "").strip(),
        guid=f.get("guid", "").strip(),
        creator=f.get("dc:creator", "").strip(),
        content=f.get("content:encoded", ""),
        excerpt=f.get("excerpt:encoded", ""),
        date=f.get("wp:post_date", "").strip(),
        date_gmt=f.get("wp:post_date_gmt", "").strip(),
        slug=f.get("wp:post_name", "").strip(),
        status=f.get("wp:status", "publish").strip(),
        parent_wp_id=_int(f.get("wp:post_parent")) or None,
        menu_order=_int(f.get("wp:menu_order"), 0),
        password=f.get("wp:post_password", ""),
        sticky=f.get("wp:is_sticky", "0").strip() == "1",
        comment_status=f.get("wp:comment_status", "open").strip(),
        ping_status=f.get("wp:ping_status", "open").strip(),
        attachment_url=f.get("wp:attachment_url", "").strip(),
    )
    for child in elem:
        name = _name(child.tag)
        if name == "category":
            domain = child.get("domain", "category")
            item.terms.append((domain, child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:postmeta":
            meta = _fields(child)
            item.meta[meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


_RECORD_BUILDERS = {
    "wp:author": _author,
    "wp:category": _category,
    "wp:tag": _tag,
    "wp:term": _term,
    "item": _item,
}
