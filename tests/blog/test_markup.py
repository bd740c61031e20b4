"""Rendering posts: rich Markdown, sanitised, stored beside the source."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape, linebreaks

from blog.markup import (
    Markup,
    build_url_re,
    clean_comment_html,
    render_body,
    render_comment,
    render_excerpt,
)
from blog.typography import typeset
from tests.factories import PostFactory


def test_markdown_features():
    html = render_body(
        "## Titre\n\n```python\nprint('x')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: Bas."
    )
    assert '<h2 id="user-content-titre">Titre</h2>' in html
    assert '<div class="highlight">' in html and '<span class="nb">print</span>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnote-ref"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[x](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<iframe src="https://example.org"></iframe>',
        "<style>body{}</style>",
        '<p style="color:red">x</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
@pytest.mark.parametrize("markup", [Markup.MARKDOWN, Markup.HTML])
def test_post_html_is_sanitised(source, markup):
    html = render_body(source, markup).lower()
    for needle in ["<script", "onerror", 'href="javascript', "<iframe", "<style", "style=", "<svg"]:
        assert needle not in html


def test_block_editor_comments_removed_from_html():
    html = render_body("<!-- wp:paragraph --><p>Texte</p><!-- /wp:paragraph -->", Markup.HTML)
    assert html == "<p>Texte</p>"


def test_excerpt_rules():
    assert render_excerpt("À la main.", "Corps", Markup.MARKDOWN) == ("<p>À la main.</p>", True)
    assert render_excerpt("", "Avant\n\n<!--more-->\n\nAprès", Markup.MARKDOWN) == (
        "<p>Avant</p>",
        True,
    )
    assert render_excerpt("", "Premier.\n\nSecond.", Markup.MARKDOWN) == ("<p>Premier.</p>", True)
    assert render_excerpt("", "Seul.", Markup.MARKDOWN) == ("<p>Seul.</p>", False)


@pytest.mark.django_db
def test_html_is_rendered_once_on_save():
    post = PostFactory(body="*un*")
    assert post.body_html == "<p><em>un</em></p>"
    post.body = "**deux**"
    post.save()
    post.refresh_from_db()
    assert post.body_html == "<p><strong>deux</strong></p>"


@pytest.mark.parametrize("source", ["* " * 600 + "x", "1. " * 800 + "x", "> " * 400 + "x"])
def test_markdown_nested_past_the_stack_is_shown_not_refused(source):
    from blog.markup import render_comment

    assert "x" in render_comment(source)
    assert "x" in render_body(source)


# Each took seconds to render before the guard (9 to 25 s for the escaped brackets): Python-Markdown
# scanned to the end of the text from every unclosed "[" or "(", bleach's URL pattern from every "(".
HOSTILE_COMMENTS = ["\\[" * 2500, "\\[a" * 1666, "(" * 5000]
HOSTILE_POSTS = [
    "[" * 4000,
    "![" * 2500,
    "[a](" * 1250,
    "[](" * 1666,
    "<!--more" * 5000,
]


def test_hostile_markdown_renders_in_linear_time():
    """A regression guard, not a benchmark: the whole set took over 40 s, it now takes a fraction
    of one."""
    import time

    from blog.markup import render_comment

    started = time.process_time()
    for text in HOSTILE_COMMENTS:
        render_comment(text)
    for text in HOSTILE_POSTS:
        render_body(text)
    assert time.process_time() - started < 2


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("\\[" * 3, "<p>[[[</p>"),
        ("[" * 300 + "]", "<p>" + "[" * 300 + "]</p>"),
        ("[a [b] c](https://a.example) [d]", '<p><a href="https://a.example">a [b] c</a> [d]</p>'),
        ("[[x]](https://a.example)", '<p><a href="https://a.example">[x]</a></p>'),
        ("![i](https://a.example/i.png)", '<p><img alt="i" src="https://a.example/i.png"></p>'),
        ("[ref]\n\n[ref]: https://a.example", '<p><a href="https://a.example">ref</a></p>'),
        (
            '[t](https://a.example "titre")',
            '<p><a href="https://a.example" title="titre">t</a></p>',
        ),
        ("[a](https://a.example/b_(c))", '<p><a href="https://a.example/b_(c)">a</a></p>'),
    ],
)
def test_links_and_brackets_read_as_before(source, html):
    assert render_body(source) == html


def test_links_past_a_hundred_brackets_are_still_links_in_comments():
    from blog.markup import render_comment

    many = render_comment("[x](https://a.example) " * 200)
    assert many.count('<a href="https://a.example" rel="nofollow ugc">x</a>') == 200
    assert render_comment("\\[" * 2500) == "<p>" + "[" * 2500 + "</p>"


@pytest.mark.parametrize("marker", ["> ", "- ", "1. ", "> * "])
def test_nesting_past_the_limit_is_shown_as_typed(marker):
    from blog.markup import render_comment
    from blog.typography import typeset

    deep = marker * 40 + "fin"
    # Shown as typed, then set as French text (a spaced hyphen reads as a dash, as in WordPress).
    assert render_comment(deep) == typeset("<p>" + escape(deep) + "</p>")
    shallow = render_comment(marker * 3 + "fin")
    assert "fin" in shallow and ("<blockquote>" in shallow or "<li>" in shallow)


@pytest.mark.parametrize("markup", [Markup.MARKDOWN, Markup.HTML])
def test_ids_and_names_of_a_body_cannot_be_the_pages(markup):
    source = '<p id="respond">Piège</p>\n\n<a name="comments">Ancre</a>'
    html = render_body(source, markup)
    assert 'id="respond"' not in html and 'name="comments"' not in html
    assert 'id="user-content-respond"' in html and 'name="user-content-comments"' in html


def test_heading_footnote_and_in_body_links_still_reach_their_anchors():
    html = render_body(
        "## Respond\n\nNote[^1], [plus haut](#respond), [la discussion](#comments).\n\n[^1]: Bas."
    )
    ids = set(re.findall(r' id="([^"]+)"', html))
    local = [href[1:] for href in re.findall(r' href="(#[^"]+)"', html)]
    assert ids == {"user-content-respond", "user-content-fnref:1", "user-content-fn:1"}
    assert local == [
        "user-content-fn:1",
        "user-content-respond",
        "comments",
        "user-content-fnref:1",
    ]
    assert '<code>id="x"</code>' in render_body('<code>id="x"</code>', Markup.HTML)  # text stays


@pytest.mark.django_db
def test_a_post_page_has_one_respond_anchor(client):
    post = PostFactory(body='## Respond\n\n<p id="respond">Piège</p>')
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('id="respond"') == 1


@pytest.mark.parametrize("unit", ["*_", "`a", "<&", '[a]("x)', "**a"])
def test_a_guests_wall_of_markup_is_shown_as_typed(unit):
    from blog.markup import render_comment
    from blog.typography import typeset

    wall = (unit * (5000 // len(unit)))[:5000]
    assert render_comment(wall) == typeset("<p>" + escape(wall) + "</p>")
    # Ordinary markup in a comment still renders.
    assert (
        render_comment("Un *mot*, du `code` et (une parenthèse) & « guillemets ».").count("<") > 4
    )


def test_a_guests_wall_of_addresses_is_shown_as_typed():
    from blog.markup import render_comment

    wall = "a.io " * 1000
    assert "<a " not in render_comment(wall)
    few = render_comment("Voir https://exemple.fr et www.exemple.org.")
    assert few.count("<a ") == 2


def test_code_blocks_are_highlighted_only_in_the_language_they_name():
    html = render_body("```\nprint('x')\n```")
    assert html == (
        "<div class=\"highlight\"><pre><span></span><code>print('x')\n</code></pre></div>"
    )
    shebang = render_body("```\n#!/usr/bin/env python\nprint(1)\n```")
    assert "<span" not in shebang.replace("<span></span>", "")


def test_headings_get_unicode_anchors_and_no_permalink_sign():
    html = render_body("## Été\n\n## !!!")
    assert html == ('<h2 id="user-content-été">Été</h2>\n<h2 id="user-content-section">!!!</h2>')


def test_a_footnotes_way_back_is_titled_in_the_sites_language_whoever_renders():
    with translation.override("en"):
        html = render_body("Note[^1]\n\n[^1]: Bas.")
    assert 'title="Revenir à l’appel de note 1 dans le texte">↩</a>' in html


def test_what_was_typed_is_normalised_before_rendering():
    assert render_body("un\x00deux\r\n\r\ntrois\r\rquatre") == (
        "<p>undeux</p>\n<p>trois</p>\n<p>quatre</p>"
    )
    assert render_body(None) == render_comment(None) == render_comment("") == ""


def test_only_anchors_the_body_defines_are_renamed_in_its_links():
    html = render_body('<p id="respond" title="Xrespond">a</p>', Markup.HTML)
    assert html == '<p id="user-content-respond" title="Xrespond">a</p>'


@pytest.mark.parametrize(
    ("excerpt", "body", "expected"),
    [
        ("  ", "Seul.", ("<p>Seul.</p>", False)),
        ("", "", ("", False)),
        ("", "## Titre", ('<h2 id="user-content-titre">Titre</h2>', False)),
        ("", "Un.\n\nDeux.\n\n<!--more-->\n\nTrois.", ("<p>Un.</p>\n<p>Deux.</p>", True)),
        ("", "A<!--more-->B<!--more-->C", ("<p>A</p>", True)),
    ],
)
def test_excerpt_edge_cases(excerpt, body, expected):
    assert render_excerpt(excerpt, body) == expected


def test_html_excerpts_stay_html():
    assert render_excerpt("*x*", "", Markup.HTML) == ("*x*", True)
    assert render_excerpt("", "*a*<!--more-->b", Markup.HTML) == ("*a*", True)
    assert render_excerpt("", "*a* seul", Markup.HTML) == ("*a* seul", False)


@pytest.mark.django_db
def test_a_reference_to_an_image_no_longer_in_the_library_leaves_no_trace():
    assert render_body("Avant [[image:999999]] après.") == "<p>Avant  après.</p>"


def test_a_post_nested_too_deep_is_shown_as_typed_markup_included():
    source = "> " * 20 + "<em>x</em>"
    assert render_body(source) == typeset(linebreaks(source, autoescape=True))


def test_a_post_whose_markdown_overflows_the_stack_is_shown_as_typed():
    source = "**" * 3000 + "<em>x</em>" + "**" * 3000
    html = render_body(source)
    assert html.startswith("<p>****") and "&lt;em&gt;x&lt;/em&gt;" in html


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[x](ftp://a.example/)", "<p><a>x</a></p>"),
        ("[x](/chemin) [y](#ancre)", "<p><a>x</a> <a>y</a></p>"),
        ("[x](MAILTO:a@b.fr)", '<p><a href="MAILTO:a@b.fr" rel="nofollow ugc">x</a></p>'),
        ("[x](HTTPS://A.FR/)", '<p><a href="HTTPS://A.FR/" rel="nofollow ugc">x</a></p>'),
        ("<b>gras</b>", "<p>&lt;b&gt;gras&lt;/b&gt;</p>"),
        ("<div>bloc</div>", "<p>&lt;div&gt;bloc&lt;/div&gt;</p>"),
        (
            "Voir exemple.fr, https://a.shop/x et www.b.org.",
            '<p>Voir <a href="http://exemple.fr" rel="nofollow ugc">exemple.fr</a>, '
            '<a href="https://a.shop/x" rel="nofollow ugc">https://a.shop/x</a> et '
            '<a href="http://www.b.org" rel="nofollow ugc">www.b.org</a>.</p>',
        ),
    ],
)
def test_comment_links_and_raw_html(source, html):
    assert render_comment(source) == html


def test_imported_comment_links_without_a_web_address_lose_it_and_keep_their_text():
    assert clean_comment_html(" <a>sans</a> <a href='javascript:x'>js</a> ") == (
        "<a>sans</a> <a>js</a>"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("voir exemple.fr.", "exemple.fr"),
        ("voir EXEMPLE.FR.", "EXEMPLE.FR"),
        ("voir exemple.zz.", None),
        ("voir https://a.shop/x?y=1.", "https://a.shop/x?y=1."),
        ("voir www.b.zz:8080/c", "www.b.zz:8080/c"),
        ("fichier.fr_bis", None),
        ("camille@exemple.fr", None),
    ],
)
def test_the_bare_url_pattern_needs_a_known_domain_unless_it_has_a_scheme(text, found):
    match = build_url_re(["fr", "org"]).search(text)
    assert (match.group(0) if match else None) == found


def test_a_comment_shown_as_typed_is_normalised_first():
    deep = "> " * 20 + "y"
    expected = render_comment("x\n" + deep)
    assert expected.startswith("<p>x<br>&gt; &gt;")
    assert render_comment("x\r" + deep) == render_comment("x\r\n" + deep) == expected
    assert render_comment("x\x00\n" + deep) == expected
