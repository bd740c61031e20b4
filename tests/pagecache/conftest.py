import pytest


@pytest.fixture(autouse=True)
def page_cache(settings):
    """These tests are about the page cache: turn it back on."""
    settings.PAGE_CACHE_ENABLED = True
