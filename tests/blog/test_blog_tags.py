"""Sidebar widgets: computed once per content generation, recomputed as soon as content changes."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def sidebar(response):
    return response.content.decode().split("<aside", 1)[1].split("</aside>", 1)[0]


def test_widgets_are_computed_once_per_generation(member, django_assert_num_queries):
    PostFactory(categories=[CategoryFactory()], tags=[TagFactory()])
    member.get("/")
    # The page's posts, their categories, their tags, their comment counts: no widget, no count.
    with django_assert_num_queries(4):
        member.get("/")


def test_a_new_post_shows_in_every_widget_at_once(member, commit):
    category = CategoryFactory(name="Voyages")
    tag = TagFactory(name="Mer")
    PostFactory(title="Premier", categories=[category], tags=[tag])
    assert "(1)" in sidebar(member.get("/"))
    with commit():
        PostFactory(title="Second billet", categories=[category], tags=[tag])
    html = sidebar(member.get("/"))
    assert "Second billet" in html
    assert 'Voyages</a> <span class="count">(2)</span>' in html


def test_a_changed_category_shows_at_once(member, commit):
    category = CategoryFactory(name="Voyages")
    PostFactory(categories=[category])
    assert "Voyages" in sidebar(member.get("/"))
    with commit():
        category.name = "Escapades"
        category.save()
    html = sidebar(member.get("/"))
    assert "Escapades" in html and "Voyages" not in html


def test_a_scheduled_post_appears_in_the_widgets_on_time(member):
    when = timezone.now() + timedelta(hours=1)
    PostFactory(title="Déjà là")
    PostFactory(title="Pour plus tard", tags=[TagFactory(name="Futur")], published_at=when)
    html = sidebar(member.get("/"))
    assert "Déjà là" in html
    assert "Pour plus tard" not in html and "Futur" not in html
    with time_machine.travel(when + timedelta(seconds=1)):
        html = sidebar(member.get("/"))
    assert "Pour plus tard" in html and "Futur" in html


def test_month_names_follow_the_reader_language(member, settings):
    PostFactory(published_at=timezone.make_aware(datetime(2026, 3, 2, 9)))
    assert "mars 2026" in sidebar(member.get("/"))
    member.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "March 2026" in sidebar(member.get("/"))
