"""ASCII slugs as WordPress makes them; existing slugs never change."""

import pytest

from blog.models import Post
from blog.slugs import ascii_slug, unique_slug
from tests.factories import PostFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("L'été à Noël", "l-ete-a-noel"),
        ("Mon levain maison l’été", "mon-levain-maison-l-ete"),
        ("Œuvres — « cœur » ?", "oeuvres-coeur"),
        ("Ça coûte 12,50 € !", "ca-coute-12-50"),
        ("  --  ", ""),
    ],
)
def test_ascii_slug(title, slug):
    assert ascii_slug(title) == slug


def test_ascii_slug_is_cut_without_a_trailing_hyphen():
    assert ascii_slug("abc déf", max_length=4) == "abc"


@pytest.mark.django_db
def test_unique_slug_adds_a_number_as_wordpress_does():
    PostFactory(slug="l-ete")
    PostFactory(slug="l-ete-2")
    assert unique_slug(Post.objects.all(), "L'été") == "l-ete-3"
    assert unique_slug(Post.objects.all(), "?!") == "billet"
