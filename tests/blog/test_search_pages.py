"""Search results one page at a time: title matches then the rest, newest first, counts capped."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post
from blog.search_pages import RankedMatches
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
# Newest first within each tier: two title matches, then two posts with the word in their body.
EXPECTED = ["Marée basse", "Grande marée", "Au port", "Hier soir"]


@pytest.fixture
def tides():
    now = timezone.now()
    for title, body, hours in [
        ("Au port", "On attend les MAREES.", 1),
        ("La montagne", "Des cimes.", 2),
        ("Hier soir", "Une marée haute.", 3),
        ("Marée basse", "Les barques échouées.", 5),
        ("Grande marée", "Coefficient 110.", 9),
    ]:
        PostFactory(title=title, body=body, published_at=now - timedelta(hours=hours))


def titles(posts):
    return [post.title for post in posts]


@pytest.mark.parametrize("cap", [10, 3, 2, 1])
def test_title_matches_first_then_the_rest_newest_first_up_to_the_cap(tides, settings, cap):
    """Each cap reads the tiers another way: whole and sorted, or walking the date index."""
    settings.BLOG_SEARCH_MAX_RESULTS = cap
    matches = RankedMatches(Post.objects.for_lists(), "maree")
    assert matches.count() == min(cap, 4)
    assert matches.more is (cap < 4)
    pages = [titles(matches[start : start + 2]) for start in (0, 2)]
    assert pages[0] + pages[1] == EXPECTED[:cap]


def test_no_word_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        matches = RankedMatches(Post.objects.for_lists(), " ' - ")
        assert matches.count() == 0 and matches[0:10] == []


def test_page_says_more_than_the_cap_and_offers_that_many(client, settings):
    settings.BLOG_SEARCH_MAX_RESULTS, settings.BLOG_POSTS_PER_PAGE = 4, 2
    for number in range(6):
        PostFactory(title=f"Phare numéro {number}")
    html = client.get("/", {"s": "PHARE"}).content.decode()
    assert "Plus de 4 billets trouvés." in html
    assert "Page 1 sur 2" in html
    assert client.get("/page/2/", {"s": "phare"}).status_code == 200
    assert client.get("/page/3/", {"s": "phare"}).status_code == 404
    settings.BLOG_SEARCH_MAX_RESULTS = 6
    assert "6 billets trouvés." in client.get("/", {"s": "phare"}).content.decode()


def test_the_cap_is_written_the_french_way(client):
    """Past 1,000 matches the page says so, with the French thousands separator."""
    author = UserFactory()
    now = timezone.now()
    Post.objects.bulk_create(
        PostFactory.build(
            title=f"Phare {number}",
            slug=f"phare-{number}",
            author=author,
            body="Du vent.",
            published_at=now - timedelta(minutes=number),
        )
        for number in range(1001)
    )
    html = client.get("/", {"s": "phare"}).content.decode()
    assert "Plus de 1\xa0000 billets trouvés." in html
    assert "Page 1 sur 100" in html


def test_search_page_query_count(member, tides, django_assert_num_queries):
    """As the page cache ships (the sidebar memoized): a fixed number of queries per page."""
    member.get("/", {"s": "maree"})
    # Title matches counted, all matches counted, a page of ids from each tier, the posts, their
    # categories, their tags, their comment counts.
    with django_assert_num_queries(8):
        html = member.get("/", {"s": "maree"}).content.decode()
    assert "4 billets trouvés." in html


@on_postgresql
def test_an_excluded_word_keeps_a_title_match_out():
    PostFactory(title="Le pain", body="Acheté au marché.")
    PostFactory(title="Pain de seigle", body="Fait maison.")
    PostFactory(title="Ailleurs", body="Du pain rassis.")
    matches = RankedMatches(Post.objects.for_lists(), "pain -marche")
    assert titles(matches[0:10]) == ["Pain de seigle", "Ailleurs"]
