"""Library images in a post's Markdown: expanded once, at save time, into responsive markup."""

import re

import pytest

from tests.factories import PostFactory
from tests.images import samples

pytestmark = pytest.mark.django_db

SIZES = "(min-width: 60rem) 42rem, calc(100vw - 2rem)"


def tags(html):
    """The tags of `html`, one per line, without the long srcset values: the tree as text."""
    html = re.sub(r'srcset="[^"]*"', 'srcset="…"', html)
    return "\n".join(re.findall(r"<[^>]+>", html))


def test_reference_alone_in_its_paragraph_becomes_a_figure(make_image):
    image = make_image(samples.jpeg((2000, 1000)), alt_text="Un phare")
    post = PostFactory(body=f"Avant.\n\n[[image:{image.pk}]]\n\nAprès.")
    assert tags(post.body_html) == "\n".join(
        [
            "<p>",
            "</p>",
            '<figure class="image">',
            "<picture>",
            f'<source type="image/webp" srcset="…" sizes="{SIZES}">',
            f'<img src="/media/{image.renditions[2]["name"]}" srcset="…" sizes="{SIZES}" '
            'width="1600" height="800" alt="Un phare" loading="lazy" decoding="async">',
            "</picture>",
            "</figure>",
            "<p>",
            "</p>",
        ]
    )
    webp = ", ".join(f"/media/{r['name']} {r['width']}w" for r in image.renditions[3:])
    assert f'srcset="{webp}"' in post.body_html


def test_markdown_image_syntax_takes_its_own_alt_text(make_image):
    image = make_image(samples.png((600, 300)))
    post = PostFactory(body=f"Voici ![Un schéma](image:{image.pk}) dans la phrase.")
    assert post.body_html.startswith("<p>Voici <picture>")
    assert 'alt="Un schéma"' in post.body_html
    assert 'width="600" height="300"' in post.body_html.replace(
        'height="300" loading', "loading"
    ) or ('width="600"' in post.body_html and 'height="300"' in post.body_html)


def test_unknown_reference_leaves_nothing(db):
    post = PostFactory(body="Avant.\n\n[[image:999999]]\n\nAprès.")
    assert post.body_html == "<p>Avant.</p>\n\n<p>Après.</p>"


def test_raw_html_cannot_smuggle_attributes_through_picture(db):
    post = PostFactory(
        body='<picture onclick="x()"><source srcset="a.webp" onerror="x()"><img src="a.jpg" onerror="x()"></picture>',
        markup="html",
    )
    assert "onerror" not in post.body_html and "onclick" not in post.body_html
    assert "<picture><source srcset" in post.body_html


def test_post_page_shows_srcset_width_and_height(client, make_image):
    image = make_image(samples.jpeg((2000, 1000)))
    post = PostFactory(body=f"[[image:{image.pk}]]")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'srcset="/media/images/' in html
    assert 'width="1600" height="800"' in html
    assert 'loading="lazy"' in html
