"""Rendering posts: rich Markdown, sanitised, stored beside the source."""

import pytest

from blog.markup import Markup, render_body, render_excerpt
from tests.factories import PostFactory


def test_markdown_features():
    html = render_body(
        "## Titre\n\n```python\nprint('x')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: Bas."
    )
    assert '<h2 id="titre">Titre</h2>' in html
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


def test_runs_of_brackets_stay_literal_in_comments():
    """Python-Markdown's link pattern is quadratic on "[": past a hundred, brackets are text."""
    from blog.markup import MAX_COMMENT_BRACKETS, render_comment

    assert render_comment("[" * 4990) == "<p>" + "[" * 4990 + "</p>"
    assert 'href="https://a.example"' in render_comment("[lien](https://a.example)")
    many = render_comment("[x](https://a.example) " * (MAX_COMMENT_BRACKETS + 1))
    assert "[x]" in many  # the link syntax is shown as typed; the bare URL is still linked
