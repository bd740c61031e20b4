"""Typography as an editor would set it, applied to HTML once, when it is rendered and stored.

French (the default): a narrow no-break space (U+202F) before `; ! ?`, a no-break space (U+00A0)
before `:`, inside « guillemets », before `%` and between a number and its unit; `"…"` becomes
« … »; English keeps its own spacing and gets “curly” quotes. Both: typographic apostrophes (’),
`...` as `…`, and dashes as WordPress's wptexturize sets them (`---` and a spaced `--` as —,
`--` as –, a spaced `-` as –).

Only text is touched: never a tag or an attribute, nothing inside `<code>`, `<pre>`, `<kbd>`,
`<samp>`, `<script>` or `<style>`, and no URL written in the text. An element's `lang` attribute
switches the rules inside it. Running it twice changes nothing, so stored HTML can be run through
it again (`manage.py typeset_stored_html`).
"""

import html
import re
from functools import lru_cache

from django.conf import settings

NBSP = "\u00a0"
NNBSP = "\u202f"
SPACE = "[ \t\u00a0\u202f]"  # spaces that may stand before punctuation (typed or already set)

TAG_RE = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.DOTALL)
TAG_NAME_RE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
LANG_RE = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]*)""")
URL_RE = re.compile(r"((?:https?://|mailto:|www\.)[^\s<>«»\"]+)", re.IGNORECASE)
RAW_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "tt", "var"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
             "track", "wbr"}  # fmt: skip
UNITS = (
    "km|cm|mm|m|kg|mg|g|cl|ml|dl|l|L|ha|h|min|s|ms|°C|°|€|\\$|£|Ko|Mo|Go|To|ko|kB|MB|GB|TB|"
    "W|kW|kWh|V|Hz|kHz|MHz|GHz|px|pt|t"
)

COMMON = [
    (re.compile(r"\.\.\."), "…"),
    (re.compile(r"---"), "—"),
    (re.compile(rf"(?:^|(?<={SPACE}))--(?={SPACE}|$)"), "—"),
    (re.compile(r"(?<!xn)--"), "–"),
    (re.compile(rf"(?<={SPACE})-(?={SPACE})"), "–"),
    # An apostrophe after a letter or digit (l'été, aujourd'hui, it's, 90's).
    (re.compile(r"(?<=\w)'"), "’"),
    (re.compile(r"(?:^|(?<=[\s(\[{—–]))'"), "‘"),
    (re.compile(r"'"), "’"),
]
FRENCH = [
    (re.compile(rf'(?:^|(?<=[\s(\[{{—–’]))"{SPACE}*'), "«" + NBSP),
    (re.compile(rf'{SPACE}*"'), NBSP + "»"),
    (re.compile(rf"«{SPACE}*"), "«" + NBSP),
    (re.compile(rf"{SPACE}*»"), NBSP + "»"),
    # : ; ! ? after a word, a closing sign or a digit, when what follows is a space or the end:
    # never the colon of a time (12:30) or of a URL (scheme:), never the ? of a query string.
    (re.compile(rf"(?<=[^\s\u00a0\u202f;:!?]){SPACE}*:(?=\s|$|[»)\].,])"), NBSP + ":"),
    (
        re.compile(rf"(?<=[^\s\u00a0\u202f;:!?]){SPACE}*([;!?])(?=\s|$|[»)\].,;:!?…’])"),
        NNBSP + r"\1",
    ),
    (re.compile(rf"(?<=\d){SPACE}?%"), NBSP + "%"),
    (re.compile(rf"(?<=\d){SPACE}({UNITS})(?![\w])"), NBSP + r"\1"),
]
ENGLISH = [
    (re.compile(r'(?:^|(?<=[\s(\[{—–‘]))"'), "“"),
    (re.compile(r'"'), "”"),
]


def language_rules(language):
    """The list of (pattern, replacement) for `language` (a code such as `fr` or `en-gb`)."""
    rules = FRENCH if (language or "").lower().startswith("fr") else ENGLISH
    return COMMON + rules


def typeset(html_text, language=None):
    """`html_text` with the typography of `language` (default: the site's) in its text."""
    if not html_text:
        return html_text
    language = language or settings.LANGUAGE_CODE
    out = []
    stack = []  # (tag name, language) of the open elements
    raw_depth = 0
    previous = ""  # the last character of text, so a rule sees across inline tags
    for index, part in enumerate(TAG_RE.split(html_text)):
        if index % 2:  # a tag or a comment
            out.append(part)
            match = TAG_NAME_RE.match(part)
            if match is None:
                continue
            closing, name = match.group(1), match.group(2).lower()
            if closing:
                raw_depth, language = _close(stack, name, raw_depth, language)
            elif name not in VOID_TAGS and not part.rstrip().endswith("/>"):
                lang = LANG_RE.search(part)
                stack.append((name, language))
                language = lang.group(1) if lang and lang.group(1) else language
                raw_depth += name in RAW_TAGS
                if name in ("p", "li", "td", "th", "div", "blockquote", "h1", "h2", "h3"):
                    previous = ""
            continue
        if raw_depth or not part:
            out.append(part)
            previous = html.unescape(part)[-1:] or previous  # "du `code` ;" sees the code
            continue
        text = typeset_text(html.unescape(part), language, previous)
        previous = text[-1:] if text else previous
        out.append(html.escape(text, quote=False))
    return "".join(out)


def _close(stack, name, raw_depth, language):
    """Pop the open elements down to `name`; the depth in raw text and the language outside."""
    if not any(open_name == name for open_name, _ in stack):
        return raw_depth, language
    while stack:
        open_name, outer_language = stack.pop()
        raw_depth -= open_name in RAW_TAGS
        language = outer_language
        if open_name == name:
            break
    return raw_depth, language


def typeset_text(text, language, previous=""):
    """Plain `text` set in `language`; `previous` is the character just before it, if any."""
    pieces = URL_RE.split(text)
    for index in range(0, len(pieces), 2):
        pieces[index] = _typeset_words(pieces[index], language, previous if index == 0 else "x")
    return "".join(pieces)


def _typeset_words(text, language, previous):
    # A one-character prefix stands for the text before, so look-behinds see across tags.
    prefix = previous[-1:] if previous else ""
    text = prefix + text
    for pattern, replacement in language_rules(language):
        text = pattern.sub(replacement, text)
    return text[1:] if prefix else text


@lru_cache(maxsize=4096)
def typeset_plain(text, language=None):
    """A title or a line of plain text (not HTML) typeset: for titles, feeds, `<title>`."""
    return typeset_text(text or "", language or settings.LANGUAGE_CODE)
