"""Python-Markdown made linear in what a hostile writer can type.

Python-Markdown finds the `]` that closes a link's `[` by scanning forward character by character
from every `[` it meets (`LinkInlineProcessor.getText`). A `[` that is never closed scans to the end
of the text, and the six link and image patterns each do it again: 2,500 of them (or 2,500 `\\[`
turned into `\\\\[` by a careless escape) cost seconds. `LinearBrackets` pairs every bracket of a
text in one pass and answers each scan with a look-up. The destination that follows, `(...)`, is
read the same way (`getLink`), so it is bounded by the next link.

Python-Markdown also recurses once per level of nested quotes and lists: hundreds of levels cost
more than the rest of the text before Python's stack gives out. `too_deep` spots them in one pass.
"""

import re

import markdown
from markdown import inlinepatterns

BRACKET_RE = re.compile(r"[\[\]]")
# (name, class, pattern, priority) of the core patterns that scan for a closing bracket, as
# registered by markdown.inlinepatterns.build_inlinepatterns.
BRACKET_PATTERNS = [
    ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    (
        "image_reference",
        inlinepatterns.ImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        140,
    ),
    (
        "short_reference",
        inlinepatterns.ShortReferenceInlineProcessor,
        inlinepatterns.REFERENCE_RE,
        130,
    ),
    (
        "short_image_ref",
        inlinepatterns.ShortImageReferenceInlineProcessor,
        inlinepatterns.IMAGE_REFERENCE_RE,
        125,
    ),
]

FOOTNOTE_RE = r"\[\^([^\[\]]*)\]"
FOOTNOTE_PRIORITY = 175  # as registered by markdown.extensions.footnotes
# Quote and list markers one line may open before the text is shown as typed, not as Markdown:
# a real conversation nests a few levels, hundreds only come from someone testing the parser.
MAX_NESTING = 16
NESTED_LINE_RE = re.compile(
    rf"^(?>[ \t]*+(?:>|[*+-](?=[ \t])|\d{{1,9}}+[.)](?=[ \t]))){{{MAX_NESTING}}}", re.MULTILINE
)


# Markup characters (emphasis, code, parentheses, quotes, tags, entities) past which a
# text is a wall of markup, not prose: each one can open an element that Python-Markdown, then
# bleach's HTML parser, handle one by one, so thousands of them cost hundreds of milliseconds. Real
# comments stay far below both bounds (one full of code spans and links: 3 to 8 %).
# Brackets are left out: LinearLinks pairs them in one pass, and escaped ones must read as typed.
MARKUP_CHARACTERS_RE = re.compile(r"[*_`()<>&\"]")
MAX_MARKUP_CHARACTERS = 1000
MAX_MARKUP_SHARE = 0.2


# Something that linkify would turn into a link (a dot between a name and two letters): a thousand
# of them make a thousand elements for bleach and the typography to walk through.
LINK_LIKE_RE = re.compile(r"[\w-]\.[^\W\d_]{2}")
MAX_LINK_LIKE = 200


def too_dense(text):
    """Whether `text` is mostly markup characters (more than MAX_MARKUP_CHARACTERS of them, and more
    than MAX_MARKUP_SHARE of the text) or holds more than MAX_LINK_LIKE would-be links: the inputs
    that render slowly for no reader's benefit."""
    count = len(MARKUP_CHARACTERS_RE.findall(text))
    if count > MAX_MARKUP_CHARACTERS and count > MAX_MARKUP_SHARE * len(text):
        return True
    return len(LINK_LIKE_RE.findall(text)) > MAX_LINK_LIKE


def too_deep(text):
    """Whether a line of `text` opens more than MAX_NESTING quotes or lists."""
    return NESTED_LINE_RE.search(text) is not None


class BracketPairs:
    """Where each `[` of a text closes, found in one pass and kept while the text's tail is the same.

    Positions are counted from the end of the text: Python-Markdown replaces what it has matched by
    a placeholder and goes on to the right, so the tail it still reads keeps its pairs.
    """

    def __init__(self):
        self.text, self.closing = "", {}
        self.checked = (None, None)  # a text seen to share `self.text`'s tail from this index on

    def closing_bracket(self, data, index):
        """The index in `data` of the `]` closing the `[` at `index - 1`, or None if none does."""
        start = index - 1
        checked_text, checked_from = self.checked
        if not (data is checked_text and start >= checked_from):
            if not self.text.endswith(data[start:]):
                self._pair(data)
            self.checked = (data, start)
        distance = self.closing.get(len(data) - start)
        return None if distance is None else len(data) - distance

    def _pair(self, data):
        self.text, self.closing, opened = data, {}, []
        for match in BRACKET_RE.finditer(data):
            if match.group() == "[":
                opened.append(len(data) - match.start())
            elif opened:
                self.closing[opened.pop()] = len(data) - match.start()


class LinearBrackets:
    """Mixed into the link and image patterns: `getText` as a look-up, with the same answers."""

    pairs = None  # a BracketPairs shared by the patterns of one Markdown instance

    def getText(self, data, index):  # noqa: N802 (Python-Markdown's API)
        # Each of the six patterns ends with "[": `index` always follows the opening bracket.
        end = self.pairs.closing_bracket(data, index)
        if end is None:
            return data[index:], len(data), False
        return data[index:end], end + 1, True

    def getLink(self, data, index):  # noqa: N802 (Python-Markdown's API)
        # Python-Markdown reads a destination and title up to their closing ")", or to the end of
        # the text when there is none; read at most up to the next link's "](" instead, so every
        # character is read once however many "[a](" come before it.
        window_end = data.find("](", index)
        if window_end != -1:
            data = data[:window_end]
        return super().getLink(data, index)


LINEAR_PATTERNS = [
    (name, type(f"Linear{base.__name__}", (LinearBrackets, base), {}), pattern, priority)
    for name, base, pattern, priority in BRACKET_PATTERNS
]


class LinearLinks(markdown.Extension):
    """Registers the link and image patterns again, with `LinearBrackets`, and the footnote
    marker's pattern (when the footnotes extension comes first) with a label that stops at "[".
    """

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        pairs = BracketPairs()
        for name, linear, pattern, priority in LINEAR_PATTERNS:
            processor = linear(pattern, md)
            processor.pairs = pairs
            md.inlinePatterns.register(processor, name, priority)
        if "footnote" in md.inlinePatterns:
            # The footnotes extension's `\[\^([^\]]*)\]` reads on from every "[^" to the next "]";
            # a label holds no "[", so stopping there reads each character once.
            footnote = md.inlinePatterns["footnote"]
            md.inlinePatterns.register(
                type(footnote)(FOOTNOTE_RE, footnote.footnotes), "footnote", FOOTNOTE_PRIORITY
            )
