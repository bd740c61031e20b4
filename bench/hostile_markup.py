"""Rendering the worst comment and post bodies we know of: CPU time of each, slowest first.

    .venv/bin/python bench/hostile_markup.py

Each comment body is 5,000 characters (COMMENTS_MAX_LENGTH), each post body about as long, built to
hit one costly path: unclosed brackets and link destinations, escaped brackets, nested emphasis,
deep quotes and lists, runs of characters bleach turns into entities or that its URL pattern
retries. Prints CPU milliseconds (less disturbed by a busy machine than wall time); the tests only
keep a loose guard (tests/blog/test_markup.py), this is where the figures come from.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from blog.markup import render_body, render_comment  # noqa: E402

LENGTH = 5000
UNITS = {
    "escaped brackets \\[": "\\[",
    "escaped bracket, letter \\[a": "\\[a",
    "open brackets [": "[",
    "open images ![": "![",
    "unclosed links [a](": "[a](",
    "empty links [](": "[](",
    'quoted destinations [a]("x)': '[a]("x)',
    "nested links [[[[a](b)": "[[[[a](b)",
    "references [a][": "[a][",
    "footnotes [^": "[^",
    "parentheses (": "(",
    "dashes a-": "a-",
    "emphasis *a": "*a",
    "mixed emphasis *_": "*_",
    "strong **a": "**a",
    "backticks `a": "`a",
    "markup soup [*_`": "[*_`",
    "quotes >": ">",
    "quoted lists > - ": "> - ",
    "numbered lists 1. ": "1. ",
    "entities <&": "<&",
    "more tags <!--more": "<!--more",
    "bare domains a.io ": "a.io ",
}


def cpu_ms(render, text):
    started = time.process_time()
    render(text)
    return (time.process_time() - started) * 1000


def main():
    rows = []
    for name, unit in UNITS.items():
        text = (unit * (LENGTH // len(unit) + 1))[:LENGTH]
        rows.append((cpu_ms(render_comment, text), cpu_ms(render_body, text), name))
    print(f"{'comment ms':>10} {'post ms':>8}  body ({LENGTH} characters)")
    for comment, post, name in sorted(rows, reverse=True):
        print(f"{comment:10.1f} {post:8.1f}  {name}")


if __name__ == "__main__":
    main()
