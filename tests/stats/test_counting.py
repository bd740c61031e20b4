"""What counts as a view: the rules, the visitor hash, the counters in the cache."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from stats.counting import visitor_hash
from stats.flush import stats_flush
from stats.models import DailyCount, Kind
from tests.factories import PostFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


def beacon(client, path, *, agent=FIREFOX, ip="203.0.113.7", **fields):
    return client.post(
        reverse("stats:hit"),
        {"p": path, **fields},
        HTTP_USER_AGENT=agent,
        REMOTE_ADDR=ip,
    )


def totals():
    stats_flush()
    rows = {}
    for row in DailyCount.objects.all():
        rows[(row.kind, row.label)] = rows.get((row.kind, row.label), 0) + row.count
    return rows


def test_a_view_is_counted_once_per_reader_and_page(client):
    post = PostFactory()
    url = post.get_absolute_url()
    assert beacon(client, url).status_code == 204
    beacon(client, url)  # a reload within the window
    beacon(client, url, ip="198.51.100.2")  # another reader
    beacon(client, "/", ip="198.51.100.2")
    rows = totals()
    assert rows[(Kind.SITE_VIEWS, "")] == 3
    assert rows[(Kind.SITE_VISITORS, "")] == 2
    assert rows[(Kind.PAGE_VIEWS, url)] == 2
    assert rows[(Kind.PAGE_VISITORS, url)] == 2
    assert DailyCount.objects.get(kind=Kind.PAGE_VIEWS, label=url).post == post


def test_a_reload_counts_again_after_the_window(client, settings):
    settings.STATS_RELOAD_WINDOW = timedelta(seconds=1)
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        beacon(client, "/")
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        beacon(client, "/")
        rows = totals()
    assert rows[(Kind.PAGE_VIEWS, "/")] == 2
    assert rows[(Kind.SITE_VISITORS, "")] == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
        "",
    ],
)
def test_robots_are_not_counted(client, agent):
    beacon(client, "/", agent=agent)
    assert totals() == {}


@pytest.mark.parametrize(
    "header", [{"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}]
)
def test_prefetches_and_previews_are_not_counted(client, header):
    client.post(reverse("stats:hit"), {"p": "/"}, HTTP_USER_AGENT=FIREFOX, **header)
    assert totals() == {}


def test_staff_are_not_counted_but_other_members_are(client):
    client.force_login(StaffFactory())
    beacon(client, "/")
    assert totals() == {}
    client.force_login(UserFactory())
    beacon(client, "/")
    assert totals()[(Kind.SITE_VIEWS, "")] == 1


def test_a_path_outside_the_site_is_refused(client):
    for path in ["", "https://evil.example/", "//evil.example/x", "/" + "a" * 300]:
        assert beacon(client, path).status_code == 204
    assert totals() == {}


def test_referrer_host_and_search_engine_words(client):
    beacon(client, "/", r="https://www.google.fr/search?q=Carnet+de+Route&hl=fr")
    beacon(client, "/", ip="198.51.100.9", r="https://blog.example.org/links/?utm=1")
    beacon(client, "/", ip="198.51.100.10", r="http://testserver/2026/")  # our own pages
    rows = totals()
    assert rows[(Kind.REFERRER, "google.fr")] == 1
    assert rows[(Kind.SEARCH_ENGINE, "carnet de route")] == 1
    assert rows[(Kind.REFERRER, "blog.example.org")] == 1
    assert not [key for key in rows if key[0] == Kind.REFERRER and "testserver" in key[1]]


def test_internal_search_words_and_outbound_click_hosts(client):
    beacon(client, "/", s="  Montagne   Hiver ")
    beacon(client, "/", o="https://www.example.com/page?private=1")
    beacon(client, "/", o="http://testserver/elsewhere/")  # not outbound
    rows = totals()
    assert rows[(Kind.SEARCH_SITE, "montagne hiver")] == 1
    assert rows[(Kind.OUTBOUND, "example.com")] == 1
    assert [key for key in rows if key[0] == Kind.OUTBOUND] == [(Kind.OUTBOUND, "example.com")]


def test_noscript_image_counts_and_is_a_gif(client):
    response = client.get(reverse("stats:hit"), {"p": "/"}, HTTP_USER_AGENT=SAFARI)
    assert response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    assert totals()[(Kind.SITE_VIEWS, "")] == 1


def test_no_cookie_and_no_query_for_a_reader(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = beacon(client, "/")
    assert response.cookies == {}
    assert client.cookies == {} or not client.cookies.keys()


def test_visitor_hash_changes_with_the_day_and_the_salt(rf):
    request = rf.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    first = visitor_hash(request, date(2026, 5, 4))
    assert visitor_hash(request, date(2026, 5, 4)) == first
    assert visitor_hash(request, date(2026, 5, 5)) != first
    assert "203.0.113.7" not in first and len(first) == 64
    cache.delete("stats:salt:2026-05-04")  # the salt thrown away: the same reader is unlinkable
    assert visitor_hash(request, date(2026, 5, 4)) != first


def test_disabled_counts_nothing(client, settings):
    settings.STATS_ENABLED = False
    beacon(client, "/")
    assert totals() == {}


def test_sign_in_account_and_admin_pages_are_not_audience():
    from stats.counting import clean_path

    assert clean_path("/compte/login/") is None
    assert clean_path("/admin/blog/post/") is None
    assert clean_path("/") == "/"


def test_a_script_changing_its_user_agent_is_stopped_at_the_address_limit(client, settings):
    settings.STATS_ADDRESS_LIMIT = 3
    for number in range(6):  # six "visitors", one address
        beacon(client, "/", agent=f"{FIREFOX} Script/{number}")
    beacon(client, "/", o="https://example.com/")  # a click from that address is over too
    for number in range(2):  # one IPv6 /64 is one address however it is spelled
        beacon(client, "/", ip=f"2001:db8::{number + 1}", agent=f"{SAFARI} {number}")
    beacon(client, "/", ip="198.51.100.2")  # a reader elsewhere still counts
    rows = totals()
    assert rows[(Kind.SITE_VIEWS, "")] == 3 + 2 + 1
    assert rows[(Kind.SITE_VISITORS, "")] == 6
    assert (Kind.OUTBOUND, "example.com") not in rows
    assert not [key for key in cache._cache if "203.0.113.7" in str(key)]


def test_the_address_limit_opens_again_with_the_next_window(client, settings):
    settings.STATS_ADDRESS_LIMIT = 1
    settings.STATS_ADDRESS_WINDOW = timedelta(minutes=10)
    start = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        beacon(client, "/", agent=f"{FIREFOX} 1")
        beacon(client, "/", agent=f"{FIREFOX} 2")
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        beacon(client, "/", agent=f"{FIREFOX} 3")
        rows = totals()
    assert rows[(Kind.SITE_VIEWS, "")] == 2
