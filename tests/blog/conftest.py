import pytest

from tests.factories import UserFactory


@pytest.fixture
def member(client, settings):
    """A logged-in reader (fresh pages, never the page cache), with the page cache shipped on."""
    settings.PAGE_CACHE_ENABLED = True
    client.force_login(UserFactory(username="membre"))
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write's on-commit callbacks (the generation bump), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
