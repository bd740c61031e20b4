"""The limits that keep Python-Markdown linear: density and depth checks, bracket pairing."""

import re
import time

import markdown
import pytest

from blog.markdown_limits import (
    MAX_LINK_LIKE,
    MAX_MARKUP_CHARACTERS,
    BracketPairs,
    LinearLinks,
    too_deep,
    too_dense,
)
from blog.markup import render_body


def test_markup_characters_count_past_both_bounds_only():
    assert MAX_MARKUP_CHARACTERS == 1000
    at_share = "*" * 1001 + "a" * 4004  # 1,001 of 5,005: exactly a fifth
    assert not too_dense(at_share)
    assert too_dense(at_share[:-1])
    assert not too_dense("*" * 1000)
    assert too_dense("*" * 1001)
    assert not too_dense("*" * 1001 + "a" * 100_000)


def test_would_be_links_count_past_two_hundred():
    assert MAX_LINK_LIKE == 200
    assert not too_dense("a.io " * 200)
    assert too_dense("a.io " * 201)


def test_depth_is_counted_on_one_line():
    assert too_deep("> " * 16 + "x")
    assert not too_deep("> " * 15 + "x")
    assert not too_deep("> x\n" * 40)


def closing_by_scan(data, index):
    """What Python-Markdown's own scan finds: the `]` closing the `[` at `index - 1`."""
    depth = 0
    for position in range(index, len(data)):
        if data[position] == "[":
            depth += 1
        elif data[position] == "]":
            if depth == 0:
                return position
            depth -= 1
    return None


@pytest.mark.parametrize("text", ["[a] [b [c]] [d", "]][[a]][", "x[[[]]]y[", "[]" * 5 + "["])
def test_bracket_pairs_answer_as_a_scan_would(text):
    pairs = BracketPairs()
    openings = [m.start() + 1 for m in re.finditer(r"\[", text)]
    assert [pairs.closing_bracket(text, i) for i in openings] == [
        closing_by_scan(text, i) for i in openings
    ]


def test_bracket_pairs_follow_a_text_replaced_ahead_and_a_new_text():
    """Python-Markdown replaces what it matched by a placeholder, then reads on to the right."""
    pairs = BracketPairs()
    first = "[a] [b] [c"
    assert pairs.closing_bracket(first, 1) == 2
    replaced = "\x02klzzwxh:0000\x03 [b] [c"
    start = replaced.index("[b") + 1
    assert pairs.closing_bracket(replaced, start) == replaced.index("]")
    assert pairs.closing_bracket(replaced, replaced.index("[c") + 1) is None
    other = "[x [y]] z"
    assert pairs.closing_bracket(other, 1) == 6
    assert pairs.closing_bracket(other, 4) == 5
    again = "[q] " + other[0:]
    assert pairs.closing_bracket(again, 1) == 2


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[a](https://a.example) [b](https://b.example)", '<a href="https://a.example">a</a> '),
        ('[a](https://a.example "t") [b](x)', '<a href="https://a.example" title="t">a</a>'),
        ("[a] ou [b](https://b.example)", '[a] ou <a href="https://b.example">b</a>'),
        ("[[a]](u) fin", '<a href="u">[a]</a> fin'),
        ("[a](u", "[a](u"),
        ("Voir [ref\n\n[ref]: https://a.example", "<p>Voir [ref</p>"),
    ],
)
def test_links_read_with_the_linear_patterns_as_python_markdown_reads_them(source, html):
    assert html in markdown.markdown(source, extensions=[LinearLinks()])
    assert markdown.markdown(source, extensions=[LinearLinks()]) == markdown.markdown(source)


def test_footnote_markers_stop_at_a_bracket():
    source = "Texte[^1] et [^[x]\n\n[^1]: Note."
    linear = markdown.markdown(source, extensions=["footnotes", LinearLinks()])
    assert linear == markdown.markdown(source, extensions=["footnotes"])
    assert 'href="#fn:1"' in linear


def test_a_footnote_label_holding_a_bracket_is_text_after_the_footnotes_extension_only():
    source = "Texte[^a[b] fin\n\n[^a[b]: Note."
    assert "<p>Texte[^a[b] fin</p>" in markdown.markdown(
        source, extensions=["footnotes", LinearLinks()]
    )
    assert 'class="footnote-ref"' in markdown.markdown(
        source, extensions=[LinearLinks(), "footnotes"]
    )


def test_each_link_destination_is_read_only_up_to_the_next_link():
    """Read to the end of the text instead, 4,000 unclosed "[a](" took over 4 s of CPU."""
    started = time.process_time()
    html = render_body("[a](" * 4000)
    assert time.process_time() - started < 1
    assert html.startswith("<p>[a](")
