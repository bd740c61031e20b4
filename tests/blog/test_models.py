"""Post querysets: search (PostgreSQL full-text through its index, else substrings), categories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post, Status
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def titles(posts):
    return [post.title for post in posts]


def test_search_finds_words_in_titles_and_bodies():
    PostFactory(title="Le pain au levain", body="Farine, eau, sel.")
    PostFactory(title="La mer", body="Des vagues et du levain ?")
    PostFactory(title="La montagne", body="Des cimes.")
    PostFactory(title="Brouillon de levain", status=Status.DRAFT)
    found = Post.objects.published().search("levain")
    assert sorted(titles(found)) == ["La mer", "Le pain au levain"]
    assert found.count() == 2
    assert not Post.objects.published().search("introuvable").exists()
    assert not Post.objects.search("").exists()


@on_postgresql
def test_search_in_french_ranks_titles_first_then_the_newest():
    now = timezone.now()
    PostFactory(title="Au marché", body="Des pains.", published_at=now - timedelta(days=3))
    PostFactory(title="Le pain", body="Une recette.", published_at=now - timedelta(days=2))
    PostFactory(title="Hier", body="Du pain frais.", published_at=now - timedelta(days=1))
    PostFactory(title="Ailleurs", body="Rien à voir.")
    assert titles(Post.objects.search("pain")) == ["Le pain", "Hier", "Au marché"]
    assert titles(Post.objects.search('"recette" -marché')) == ["Le pain"]


@on_postgresql
def test_search_reads_the_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'post_search'")
        if cursor.fetchone() is None:
            pytest.skip("the index comes from migration 0002: run the tests with migrations")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Post.objects.search("pain").explain()
    assert "post_search" in plan


def test_category_lists_each_post_once_with_its_sub_categories():
    parent = CategoryFactory(slug="voyages")
    child = CategoryFactory(slug="bretagne", parent=parent)
    PostFactory(title="Partout", categories=[parent, child])
    PostFactory(title="Sur la côte", categories=[child])
    PostFactory(title="Ailleurs", categories=[CategoryFactory()])
    parent.refresh_from_db()  # New roots move the trees (ordered by name), as views read afresh.
    child.refresh_from_db()
    posts = Post.objects.in_category(parent).order_by("title")
    assert titles(posts) == ["Partout", "Sur la côte"]
    assert posts.count() == 2
    assert titles(Post.objects.in_category(child).order_by("title")) == ["Partout", "Sur la côte"]


def test_by_permalink_needs_the_publication_day_in_the_site_time_zone():
    # 23:30 UTC on 31 December is already 1 January in Paris: the address says the local day.
    post = PostFactory(slug="reveillon", published_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    posts = Post.objects.published()
    assert posts.by_permalink("2026", "01", "01", "reveillon") == post
    assert posts.by_permalink("2025", "12", "31", "reveillon") is None
    assert posts.by_permalink("2026", "01", "02", "reveillon") is None
    assert posts.by_permalink("2026", "1", "01", "reveillon") is None
    assert posts.by_permalink("2026", "01", "01", "autre") is None


def test_by_permalink_finds_only_what_the_queryset_holds():
    post = PostFactory(status=Status.DRAFT)
    assert Post.objects.published().by_permalink(**post.date_kwargs()) is None
    assert Post.objects.all().by_permalink(**post.date_kwargs()) == post
