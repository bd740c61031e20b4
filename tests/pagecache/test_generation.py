"""The generation: replaced on commit, and what is memoized per generation follows it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post
from pagecache import generation
from tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_bump_replaces_the_generation_after_commit(django_capture_on_commit_callbacks):
    before = generation.current()
    with django_capture_on_commit_callbacks(execute=True):
        generation.bump()
        assert generation.current() == before
    assert generation.current() != before


def test_memoize_computes_once_per_generation(django_capture_on_commit_callbacks):
    calls = []

    def compute():
        calls.append(1)
        return [len(calls)]

    assert generation.memoize("widget", compute) == [1]
    assert generation.memoize("widget", compute) == [1]
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory()
    assert generation.memoize("widget", compute) == [2]


def test_memoize_computes_every_time_when_the_cache_is_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    values = iter([1, 2])
    assert generation.memoize("widget", lambda: next(values)) == 1
    assert generation.memoize("widget", lambda: next(values)) == 2


def test_lifetime_ends_at_the_next_scheduled_publication(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    assert generation.lifetime() == 600
    with django_capture_on_commit_callbacks(execute=True):  # saves bump the generation on commit
        PageFactory(published_at=timezone.now() + timedelta(minutes=5))
    assert 290 <= generation.lifetime() <= 301
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(published_at=timezone.now() + timedelta(seconds=30))
    assert 25 <= generation.lifetime() <= 31


def test_lifetime_costs_no_query_once_known(django_assert_num_queries):
    generation.lifetime()
    with django_assert_num_queries(0):
        generation.lifetime()


NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_generation_is_sixteen_hex_digits_and_never_expires(django_capture_on_commit_callbacks):
    with time_machine.travel(NOON, tick=False) as traveller:
        first = generation.current()
        assert len(first) == 16 and int(first, 16) >= 0
        traveller.shift(timedelta(days=30))
        assert generation.current() == first
        with django_capture_on_commit_callbacks(execute=True):
            generation.bump()
        bumped = generation.current()
        assert len(bumped) == 16 and bumped != first
        traveller.shift(timedelta(days=30))
        assert generation.current() == bumped


def test_a_generation_already_fetched_is_taken_as_given():
    assert generation.current("deja-lue") == "deja-lue"
    assert generation.current() != "deja-lue"


def test_lifetime_is_cut_to_the_second_after_the_next_publication(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    with time_machine.travel(NOON, tick=False):
        PostFactory(published_at=NOON + timedelta(seconds=10, milliseconds=500))
        assert generation.lifetime() == 11
        with django_capture_on_commit_callbacks(execute=True):
            Post.objects.update(published_at=NOON + timedelta(milliseconds=500))
            generation.bump()
        assert generation.lifetime() == 1


def test_a_publication_time_reached_is_looked_up_again(settings):
    settings.PAGE_CACHE_SECONDS = 600
    with time_machine.travel(NOON, tick=False) as traveller:
        PostFactory(published_at=NOON + timedelta(seconds=10))
        assert generation.next_publication() == (NOON + timedelta(seconds=10)).timestamp()
        traveller.shift(timedelta(seconds=10))
        assert generation.next_publication() is None


def test_what_is_scheduled_is_asked_again_after_the_cache_lifetime(settings):
    """A change that sends no signal (a queryset update) is seen once the memo has expired."""
    settings.PAGE_CACHE_SECONDS = 60
    with time_machine.travel(NOON, tick=False) as traveller:
        post = PostFactory(published_at=NOON - timedelta(days=1))
        assert generation.next_publication() is None
        Post.objects.filter(pk=post.pk).update(published_at=NOON + timedelta(hours=1))
        assert generation.next_publication() is None
        traveller.shift(timedelta(seconds=61))
        assert generation.next_publication() == (NOON + timedelta(hours=1)).timestamp()


def test_only_published_posts_and_pages_yet_to_come_are_scheduled(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(NOON, tick=False):
        PostFactory(status="draft", published_at=NOON + timedelta(hours=1), announced_at=None)
        PostFactory(published_at=NOON - timedelta(hours=1))
        assert generation.next_publication() is None
        with django_capture_on_commit_callbacks(execute=True):
            PageFactory(published_at=NOON + timedelta(hours=3))
            PostFactory(published_at=NOON + timedelta(hours=2))
        assert generation.next_publication() == (NOON + timedelta(hours=2)).timestamp()


def test_a_memo_lives_as_long_as_a_cached_page(settings):
    settings.PAGE_CACHE_SECONDS = 600
    values = iter([1, 2])
    with time_machine.travel(NOON, tick=False) as traveller:
        assert generation.memoize("widget", lambda: next(values)) == 1
        traveller.shift(timedelta(seconds=599))
        assert generation.memoize("widget", lambda: next(values)) == 1
        traveller.shift(timedelta(seconds=2))
        assert generation.memoize("widget", lambda: next(values)) == 2


def test_an_app_registers_what_it_schedules(settings, monkeypatch):
    """Each registered function is asked; the earliest time any of them gives wins."""
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(generation, "_schedules", [])
    generation.register_schedule(lambda: None)
    generation.register_schedule(lambda: NOON + timedelta(hours=2))
    generation.register_schedule(lambda: NOON + timedelta(minutes=5))
    with time_machine.travel(NOON, tick=False):
        assert generation.next_publication() == (NOON + timedelta(minutes=5)).timestamp()
