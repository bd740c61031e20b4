"""Mending unescaped nested CDATA, as WordPress's own importer tolerates it, while streaming.

Old WordPress versions wrote `<![CDATA[ … <![CDATA[ … ]]> … ]]>` unescaped inside a field, which
is not well-formed XML. WordPress's importer then falls back to a regular-expression parser that
takes a field's text from its first `<![CDATA[` to its last `]]>`. `MendedStream` reads a file the
same way, one field at a time, and rewrites only the fields that are not well-formed this way,
escaping their inner `]]>` as WordPress does since (`]]]]><![CDATA[>`). Every other byte goes
through unchanged, so a file cut short stays cut short and is still refused as truncated.
"""

import re
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring

OPEN, CLOSE = b"<![CDATA[", b"]]>"
ESCAPED_CLOSE = b"]]]]><![CDATA[>"
CHUNK = 65536
# A field bigger than this is passed through as it is (memory stays flat; the strict parser decides).
MAX_FIELD = 64 * 1024 * 1024
# How much already-sent text is kept to find the start tag that a CDATA section belongs to.
TAIL = 2048
START_TAG_RE = re.compile(rb"<([^\s/<>!?]+)(?:\s[^<>]*)?>\s*$")


class MendedStream:
    """A binary file-like reader over `raw` whose damaged CDATA fields come out well-formed."""

    def __init__(self, raw):
        self.raw = raw
        self.pending = b""  # read, not yet looked at
        self.ready = bytearray()  # looked at, ready to hand out
        self.tail = b""
        self.eof = False

    def read(self, size=-1):
        while not self.eof and (size < 0 or len(self.ready) < size):
            self._advance()
        if self.eof and self.pending:
            self._send(self.pending)
            self.pending = b""
        if size < 0 or size >= len(self.ready):
            data, self.ready = bytes(self.ready), bytearray()
        else:
            data, self.ready = bytes(self.ready[:size]), self.ready[size:]
        return data

    def _fill(self):
        data = self.raw.read(CHUNK)
        if not data:
            self.eof = True
        self.pending += data
        return bool(data)

    def _send(self, data):
        self.ready += data
        self.tail = (self.tail + data)[-TAIL:]

    def _advance(self):
        start = self.pending.find(OPEN)
        if start < 0:
            keep = len(OPEN) - 1  # a marker may be split between two reads
            cut = max(len(self.pending) - keep, 0)
            self._send(self.pending[:cut])
            self.pending = self.pending[cut:]
            self._fill()
            return
        tag = START_TAG_RE.search((self.tail + self.pending[:start])[-TAIL:])
        end = self._field_end(start, tag.group(1) if tag else None)
        if end is None:
            self._send(self.pending[: start + len(OPEN)])
            self.pending = self.pending[start + len(OPEN) :]
            return
        self._send(self.pending[:start] + _mended(self.pending[start:end]))
        self.pending = self.pending[end:]

    def _field_end(self, start, name):
        """Where the field holding the CDATA at `start` closes, reading more if needed."""
        if name is None:
            return None
        closing = b"</" + name + b">"
        while True:
            end = self.pending.find(closing, start)
            if end >= 0:
                return end
            if len(self.pending) - start > MAX_FIELD or not self._fill():
                return None


def _mended(field):
    """`field` (from its first `<![CDATA[`) as one well-formed CDATA section, if it needs it."""
    last = field.rfind(CLOSE)
    # Most fields hold one section with no `]]>` inside: well-formed, no parse needed.
    if last < 0 or CLOSE not in field[len(OPEN) : last] or _well_formed(field):
        return field
    text = field[len(OPEN) : last].replace(ESCAPED_CLOSE, CLOSE)
    return OPEN + text.replace(CLOSE, ESCAPED_CLOSE) + CLOSE + field[last + len(CLOSE) :]


def _well_formed(field):
    try:
        fromstring(b"<f>" + field + b"</f>", forbid_dtd=True)
    except ParseError:
        return False
    return True
