"""A comment's HTML comes from one function (comments/rendering.py), whoever stores it."""

from comments.rendering import comment_html


def test_a_typed_comment_is_markdown_sanitised_with_ugc_links():
    html = comment_html("Du *levain* <script>alert(1)</script> https://example.org")
    assert "<em>levain</em>" in html
    assert "<script>" not in html
    assert 'rel="nofollow ugc"' in html


def test_an_imported_comment_is_sanitised_with_paragraphs_and_ugc_links():
    html = comment_html(
        "Bonjour <script>alert(1)</script>\nligne deux\n\nvoir https://example.org "
        '<a href="javascript:x()">ici</a>',
        imported=True,
    )
    assert "<script>" not in html
    assert html.startswith("<p>Bonjour alert(1)<br>ligne deux</p>")
    assert '<a href="https://example.org" rel="nofollow ugc">https://example.org</a>' in html
    assert "javascript" not in html
