"""The sidebar kept per content generation (`{% cache fragment_seconds sidebar fragment_version %}`)."""

import pytest
from django.test import Client

from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

WIDGET = "blog/widgets/recent_posts.html"


@pytest.fixture
def reader():
    """A member on a page not kept for members (the home page): the page is rendered each time."""
    client = Client()
    client.force_login(UserFactory(username="lea"))
    return client


def widgets_rendered(response):
    return WIDGET in [template.name for template in response.templates]


def test_the_sidebar_is_kept_until_a_change_that_shows(reader, django_capture_on_commit_callbacks):
    PostFactory(title="Premier billet")
    assert widgets_rendered(reader.get("/"))
    second_visit = reader.get("/")
    assert not widgets_rendered(second_visit)
    assert "Premier billet</a></li>" in second_visit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory(title="Second billet")
    response = reader.get("/")
    assert widgets_rendered(response)
    assert "Second billet</a></li>" in response.content.decode()


def test_each_language_has_its_own_sidebar(reader, settings):
    PostFactory()
    reader.get("/")
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = reader.get("/")
    assert widgets_rendered(response)
    assert "Recent posts" in response.content.decode()


def test_with_the_page_cache_off_the_sidebar_is_rendered_every_time(reader, settings):
    settings.PAGE_CACHE_ENABLED = False
    PostFactory()
    reader.get("/")
    assert widgets_rendered(reader.get("/"))
