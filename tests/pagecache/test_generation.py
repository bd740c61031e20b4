"""The generation: replaced on commit, and what is memoized per generation follows it."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
