"""Fixtures shared by the whole suite."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french_and_fresh_cache(settings):
    """Every test starts in French with an empty cache, as a new reader would."""
    from django.core.cache import cache

    cache.clear()
    with translation.override("fr"):
        yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Pages rendered fresh, so a test sees its own writes; tests/pagecache turns the cache on."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def staff(db):
    from tests.factories import StaffFactory

    return StaffFactory(username="redaction")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what is queued for after the commit, as production does when the request ends."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
