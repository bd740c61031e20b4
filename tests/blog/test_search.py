"""Search that forgives accents and case, ranked title first, words marked in the excerpt."""

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post
from blog.search import fold, highlight
from tests.factories import PostFactory


def test_fold_drops_accents_ligatures_and_case():
    assert fold("Marées") == fold("MARÉES") == fold("marees") == "marees"
    assert fold("Œufs à la CRÈME") == "oeufs a la creme"


def test_highlight_marks_words_in_text_only():
    html = '<p>Les <a href="/marees/" title="Marées">grandes marées</a> &amp; la MAREE.</p>'
    assert highlight(html, "maree") == (
        '<p>Les <a href="/marees/" title="Marées">grandes <mark>marée</mark>s</a> &amp; la '
        "<mark>MAREE</mark>.</p>"
    )
    assert highlight("<p>Rien</p>", "") == "<p>Rien</p>"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["marees", "MARÉES", "Marées", "marée"])
def test_accents_and_case_are_forgiven(query):
    PostFactory(title="Les grandes marées", body="Coefficient 110.")
    PostFactory(title="Au port", body="Entre deux MAREES, on répare les filets.")
    PostFactory(title="La montagne", body="Des cimes.")
    found = [post.title for post in Post.objects.published().search(query)]
    assert sorted(found) == ["Au port", "Les grandes marées"], connection.vendor


@pytest.mark.django_db
def test_title_matches_come_first_then_the_newest():
    now = timezone.now()
    PostFactory(title="Au port", body="Les marées.", published_at=now - timezone.timedelta(days=1))
    PostFactory(title="Marées d’équinoxe", body="…", published_at=now - timezone.timedelta(days=3))
    PostFactory(
        title="Hier", body="Grandes marées.", published_at=now - timezone.timedelta(hours=1)
    )
    found = [post.title for post in Post.objects.published().search("marees")]
    assert found == ["Marées d’équinoxe", "Hier", "Au port"]


@pytest.mark.django_db
def test_results_page_marks_the_words_and_an_empty_search_says_so(client):
    PostFactory(title="Les grandes marées", body="Les marées d’équinoxe sont fortes.")
    html = client.get("/", {"s": "MAREES"}).text
    assert "Les <mark>marées</mark> d’équinoxe" in html
    empty = client.get("/", {"s": "  "}).text
    assert "Votre recherche est vide" in empty and "<mark>" not in empty
    assert "Rien ne correspond" not in empty
