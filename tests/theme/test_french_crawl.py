"""No English left: the demo site, crawled in French, shows none of the project's source strings."""

import re
from html import unescape
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
ENTRY_RE = re.compile(r'^msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', re.MULTILINE)
SKIPPED = ("/admin/", "/compte/", "/i18n/", "/static/", "/media/", "/subscriptions/")


def english_source_strings():
    """The project's msgids of two words or more that French says otherwise, or not yet (no
    placeholder)."""
    strings = set()
    for msgid, msgstr in ENTRY_RE.findall(PO.read_text(encoding="utf-8")):
        source = "".join(re.findall(r'"(.*)"', msgid))
        french = "".join(re.findall(r'"(.*)"', msgstr))
        if not source or source == french or re.search(r"[%{<\\]", source):
            continue
        if len(source.split()) >= 2:
            strings.add(source.strip())
    return strings


def visible_text(html):
    """What a reader sees or hears: text, titles, labels, alt texts, placeholders."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    attributes = re.findall(r'\s(?:title|aria-label|alt|placeholder|value)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(text + " " + " ".join(attributes)))


def test_the_demo_site_in_french_has_no_english_string(client):
    call_command("demo_content", stdout=StringIO())
    english = english_source_strings()
    assert len(english) > 100  # the list is the catalogue's, not a handful
    seen, queue, found = set(), ["/"], {}
    while queue and len(seen) < 120:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        text = visible_text(html)
        found.update({source: url for source in english if source in text})
        for href in re.findall(r'href="([^"#]+)', html):
            target = urlsplit(urljoin(url, unescape(href)))
            if target.netloc in ("", "testserver") and not target.path.startswith(SKIPPED):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert len(seen) > 20
    assert found == {}
