"""Reading other sites' pages for pings: their title, their links, the text around a link and
the endpoints they advertise. Parsed with the standard library's tolerant HTML parser."""

import codecs
import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

# Text inside these never reaches the excerpt; `title` is read on its own.
HIDDEN = {"script", "style", "template", "noscript", "title", "svg"}
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
DEFAULT_PORTS = {"http": 80, "https": 443}
# The stdlib parser is quadratic on some malformed input (unclosed tags, comments): it is fed in
# chunks, never closed, and stops after this many seconds, so a hostile page costs bounded time.
PARSE_SECONDS = 2
CHUNK = 8192


class PageReader(HTMLParser):
    """One pass over a page: `title`, `text`, `anchors` [(href, start, end) in `text`] and
    `rels` [(tag, {rel values}, href)], every href made absolute against the page (or its base)."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.base = url
        self.title = None
        self.anchors, self.rels = [], []
        self._parts, self._length, self._hidden, self._open = [], 0, [], []
        self._title_parts = None

    @property
    def text(self):
        return "".join(self._parts)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        href = attrs.get("href", "").strip()
        if tag == "base" and href:
            self.base = urljoin(self.base, href)
        if tag in ("a", "link") and href and "rel" in attrs:
            self.rels.append((tag, set(attrs["rel"].lower().split()), urljoin(self.base, href)))
        if tag == "a":
            self._open.append((urljoin(self.base, href) if href else None, self._length))
        if tag == "title" and self.title is None:
            self._title_parts = []
        if tag in HIDDEN:
            self._hidden.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, start = self._open.pop()
            if href:
                self.anchors.append((href, start, self._length))
        if tag == "title" and self._title_parts is not None:
            self.title = " ".join("".join(self._title_parts).split())
            self._title_parts = None
        if tag in self._hidden:
            while self._hidden.pop() != tag:
                pass
        if tag in ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
            self._add(" ")

    def handle_data(self, data):
        if self._title_parts is not None:
            self._title_parts.append(data)
        elif not self._hidden:
            self._add(data)

    def _add(self, data):
        self._parts.append(data)
        self._length += len(data)


class UnreadablePage(ValueError):  # noqa: N818 (a refusal, named as pings.py names them)
    """The page names a charset that is not a text encoding (rot13, base64, zlib...), or its
    bytes cannot be decoded with the one it names: a page no real browser could show."""


def read_page(body, *, url, charset=None):
    """Parse `body` (bytes) fetched from `url`; return the `PageReader` holding what it found.

    Whatever follows an unclosed construct at the end, or the PARSE_SECONDS limit, is ignored.
    Raises `UnreadablePage` when the page's charset is not a text encoding.
    """
    reader = PageReader(url)
    text = decode(body, charset)
    stop = time.monotonic() + PARSE_SECONDS
    for start in range(0, len(text), CHUNK):
        reader.feed(text[start : start + CHUNK])
        if time.monotonic() > stop:
            break
    return reader


def decode(body, charset=None):
    """The page's text: the charset the server named, else the page's <meta>, else UTF-8.

    An unknown name falls back to UTF-8; a codec that is not a text encoding (rot13, hex,
    base64, zlib, bz2, uu, quopri...) raises `UnreadablePage`.
    """
    if not charset:
        found = META_CHARSET_RE.search(body[:4096])
        charset = found.group(1).decode("ascii") if found else None
    try:
        codec = codecs.lookup(charset or "utf-8")
    except (LookupError, ValueError):  # unknown, or not even a name (NUL, surrogates)
        codec = codecs.lookup("utf-8")
    if not codec._is_text_encoding:
        raise UnreadablePage(f"{codec.name} is not a text encoding")
    try:
        return body.decode(codec.name, errors="replace")
    except (UnicodeError, LookupError) as error:  # codecs without "replace" (idna, undefined)
        raise UnreadablePage(f"not readable as {codec.name}") from error


def normalize(url):
    """`url` compared as peers mean it: scheme and host lowercased, default port and #part gone."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    netloc = host if port in (None, DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def find_link(reader, target):
    """The first anchor of the page pointing to `target` (start, end in `reader.text`), or None."""
    wanted = normalize(target)
    for href, start, end in reader.anchors:
        if normalize(href) == wanted:
            return start, end
    return None


def excerpt(text, start, end, width=100):
    """About `width` characters each side of text[start:end], whole words, as one plain line.

    The link's own text is cut to `width` characters too (as WordPress does), so the excerpt
    stays near 3 x `width` characters whatever the page.
    """
    left, right = max(0, start - width), end + width
    before, after = text[left:start], text[end:right]
    if left > 0:
        before = "[…] " + (before.split(None, 1)[-1] if before[:1].strip() else before)
    if right < len(text):
        after = (after.rsplit(None, 1)[0] if after[-1:].strip() else after) + " […]"
    link = _shortened(text[start:end], width)
    return " ".join((before + link + after).split())


def _shortened(link, width):
    """`link` cut to `width` characters and "…", its outer spaces kept (they separate words)."""
    if len(link) <= width:
        return link
    words = " ".join(link.split())
    cut = words if len(words) <= width else words[:width].rstrip() + "…"
    return link[: len(link) - len(link.lstrip())] + cut + link[len(link.rstrip()) :]


def endpoint_in(reader, rel, tags=("link", "a")):
    """The href of the first element among `tags` whose rel values include `rel`, or None."""
    for tag, rels, href in reader.rels:
        if tag in tags and rel in rels:
            return href
    return None
