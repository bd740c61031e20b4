"""The counting script on pages: the same markup for everyone, so cached pages stay shared."""

import re

import pytest
from django.test import Client

from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db

BEACON = re.compile(r'<script src="/static/js/stats\.js".*?</noscript>', re.S)


def beacon_markup(client, url):
    return BEACON.findall(client.get(url).content.decode())


def test_same_script_for_readers_and_staff_and_no_inline_code(client):
    post = PostFactory()
    url = post.get_absolute_url()
    reader = beacon_markup(client, url)
    client.force_login(StaffFactory())
    assert beacon_markup(client, url) == reader
    assert reader == [
        '<script src="/static/js/stats.js" data-endpoint="/stats/hit/" defer></script>\n'
        f'<noscript><img class="stats-pixel" src="/stats/hit/?p={url}" alt="" width="1" '
        'height="1"></noscript>'
    ]


def test_cached_pages_carry_the_script_unchanged(settings):
    settings.PAGE_CACHE_ENABLED = True
    post = PostFactory()
    url = post.get_absolute_url()
    first = Client().get(url)
    again = Client().get(url)
    assert BEACON.findall(first.content.decode()) == BEACON.findall(again.content.decode())
    assert BEACON.findall(again.content.decode())
    assert "stats" not in "".join(again.cookies)


def test_switched_off_no_script(client, settings):
    settings.STATS_ENABLED = False
    assert beacon_markup(client, "/") == []


def test_a_missing_page_is_not_counted(client):
    response = client.get("/une-page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert BEACON.findall(response.content.decode()) == []
