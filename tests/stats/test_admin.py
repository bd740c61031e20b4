"""The statistics page: staff see the site, authors their own posts; chart, table, lists, CSV."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import AUTHORS
from stats.models import DailyCount, Kind
from tests.factories import PostFactory, StaffFactory

pytestmark = pytest.mark.django_db

URL = "/admin/stats/dailycount/"
DAY = date(2026, 5, 4)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-05-05 12:00 +02:00", tick=False):
        yield


def author(name):
    user = StaffFactory(username=name, is_superuser=False)
    user.groups.add(Group.objects.get(name=AUTHORS))
    return user


@pytest.fixture
def figures():
    alice, bruno = author("alice"), author("bruno")
    mine = PostFactory(author=alice, title="Le col du matin")
    theirs = PostFactory(author=bruno, title="La source cachée")
    rows = [
        (Kind.SITE_VIEWS, "", None, 12),
        (Kind.SITE_VISITORS, "", None, 7),
        (Kind.PAGE_VIEWS, "/a/", mine, 5),
        (Kind.PAGE_VISITORS, "/a/", mine, 4),
        (Kind.PAGE_VIEWS, "/b/", theirs, 7),
        (Kind.PAGE_VISITORS, "/b/", theirs, 3),
        (Kind.REFERRER, "mastodon.social", mine, 2),
        (Kind.REFERRER, "news.example", theirs, 6),
        (Kind.SEARCH_ENGINE, "col du matin", mine, 1),
        (Kind.SEARCH_SITE, "=cmd|x", None, 1),
        (Kind.OUTBOUND, "sortie.example", theirs, 3),
    ]
    for kind, label, post, count in rows:
        DailyCount.objects.create(day=DAY, kind=kind, label=label, post=post, count=count)
    return alice, mine, theirs


def test_staff_see_the_whole_site(client, figures, django_assert_num_queries):
    client.force_login(StaffFactory(is_superuser=True))
    with django_assert_num_queries(14):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg viewBox="0 0 640 200" role="img"' in html
    row = html.split("04/05/2026</th>")[1].split("</tr>")[0]
    assert row == "<td>12</td><td>7</td>"
    assert html.index("La source cachée") < html.index("Le col du matin")
    for label in ["mastodon.social", "news.example", "col du matin", "sortie.example"]:
        assert label in html


def test_an_author_sees_only_their_posts(client, figures, django_assert_num_queries):
    alice, mine, theirs = figures
    client.force_login(alice)
    response = client.get(URL)
    html = response.content.decode()
    row = html.split("04/05/2026</th>")[1].split("</tr>")[0]
    assert row == "<td>5</td><td>4</td>"
    assert "Le col du matin" in html and "La source cachée" not in html
    assert "mastodon.social" in html and "news.example" not in html
    assert "sortie.example" not in html and "Vos billets seulement." in html


def test_weeks_and_months_add_days_up(client, figures):
    DailyCount.objects.create(day=date(2026, 4, 27), kind=Kind.SITE_VIEWS, count=3)
    client.force_login(StaffFactory(is_superuser=True))
    html = client.get(URL, {"start": "2026-04-01", "end": "2026-05-05", "grain": "month"})
    html = html.content.decode()
    assert "01/05/2026</th><td>12</td>" in html and "01/04/2026</th><td>3</td>" in html
    html = client.get(URL, {"start": "2026-04-27", "end": "2026-05-05", "grain": "week"})
    html = html.content.decode()
    assert "04/05/2026</th><td>12</td>" in html and "27/04/2026</th><td>3</td>" in html


def test_a_wrong_period_is_explained_not_a_500(client, figures):
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get(URL, {"start": "2026-05-05", "end": "2026-01-01", "grain": "year"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    response = client.get(URL, {"start": "2026-05-05", "end": "2026-01-01"})
    assert "Le début de la période doit précéder sa fin." in response.content.decode()


def test_csv_export_respects_the_reader_and_defuses_formulas(client, figures):
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get(URL, {"export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["jour", "type", "libellé", "billet", "nombre"]
    assert ["2026-05-04", "Vues (tout le site)", "", "", "12"] in lines
    assert ["2026-05-04", "Recherches sur le site", "'=cmd|x", "", "1"] in lines
    alice, _, _ = figures
    client.force_login(alice)
    lines = client.get(URL, {"export": "csv"}).content.decode("utf-8-sig")
    assert "news.example" not in lines and "mastodon.social" in lines


def test_readers_without_staff_status_are_turned_away(client, figures):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(URL).status_code == 302
    assert not DailyCount.objects.filter(count=0).exists()


def test_one_post_on_the_statistics_page(client, figures):
    alice, mine, theirs = figures
    client.force_login(StaffFactory(is_superuser=True))
    html = client.get(URL, {"post": theirs.pk}).content.decode()
    assert "Le billet « La source cachée » seulement." in html
    assert "04/05/2026</th><td>7</td><td>3</td>" in html
    assert "news.example" in html and "mastodon.social" not in html
    client.force_login(alice)  # another author's post: her own figures instead
    html = client.get(URL, {"post": theirs.pk}).content.decode()
    assert "La source cachée" not in html and "04/05/2026</th><td>5</td><td>4</td>" in html


def test_each_post_has_its_curve_on_its_change_page(client, figures, django_assert_num_queries):
    alice, mine, theirs = figures
    client.force_login(alice)
    url = reverse("admin:blog_post_change", args=[mine.pk])
    client.get(url)
    with django_assert_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert "Statistiques des 30 derniers jours" in html
    assert "04/05/2026</th><td>5</td><td>4</td>" in html
    assert f'href="{URL}?post={mine.pk}"' in html
