"""Discovery (RSD, EditURI) and the application passwords on the account page and in the admin."""

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import AUTHORS
from publishing.models import ApplicationPassword
from publishing.passwords import app_password_create
from tests.factories import UserFactory

RSD = "{http://archipelago.phrasewise.com/rsd}"


@pytest.fixture
def writer(db, client):
    user = UserFactory(username="camille", is_staff=True)
    user.groups.add(Group.objects.get(name=AUTHORS))
    client.force_login(user)
    return user


def test_rsd_lists_the_apis_at_the_xmlrpc_address(client, db):
    response = client.get(reverse("xmlrpc") + "?rsd")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rsd+xml")
    apis = ElementTree.fromstring(response.content).findall(f"{RSD}service/{RSD}apis/{RSD}api")
    assert [(a.get("name"), a.get("preferred")) for a in apis] == [
        ("WordPress", "true"),
        ("Movable Type", "false"),
        ("MetaWeblog", "false"),
        ("Blogger", "false"),
    ]
    assert {a.get("apiLink") for a in apis} == {"http://testserver/xmlrpc.php"}


def test_get_without_rsd_still_explains_the_address(client, db):
    assert client.get(reverse("xmlrpc")).status_code == 405


def test_home_page_links_to_the_rsd_document(client, db):
    page = client.get(reverse("blog:home")).content.decode()
    assert (
        '<link rel="EditURI" type="application/rsd+xml" title="RSD" href="/xmlrpc.php?rsd">' in page
    )


def test_account_page_lists_passwords_with_last_use(client, writer, django_assert_max_num_queries):
    row, _password = app_password_create(user=writer, name="MarsEdit")
    ApplicationPassword.objects.filter(pk=row.pk).update(last_ip="192.0.2.7")
    with django_assert_max_num_queries(8):
        page = client.get(reverse("accounts:profile")).content.decode()
    assert "Mots de passe d’application" in page
    assert "MarsEdit" in page and "Jamais utilisé." in page
    assert "<code>http://testserver/xmlrpc.php</code>" in page
    assert "Révoquer" in page


def test_member_without_staff_status_sees_no_section(client, db):
    client.force_login(UserFactory())
    assert (
        "Mots de passe d’application"
        not in client.get(reverse("accounts:profile")).content.decode()
    )


def test_creating_shows_the_password_once_and_stores_its_hash(client, writer):
    response = client.post(reverse("publishing:app_password_create"), {"name": "iA Writer"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    row = ApplicationPassword.objects.get(user=writer)
    page = response.content.decode()
    assert "iA Writer" in page and "il ne sera plus affiché" in page
    shown = page.split('<code class="app-password">')[1].split("</code>")[0]
    assert len(shown.replace(" ", "")) == 24 and shown not in row.password


def test_creating_without_a_name_changes_nothing(client, writer):
    response = client.post(reverse("publishing:app_password_create"), {"name": "  "})
    assert response.status_code == 302
    assert not ApplicationPassword.objects.exists()


def test_revoking_works_only_on_ones_own_passwords(client, writer):
    mine, _password = app_password_create(user=writer, name="MarsEdit")
    theirs, _password = app_password_create(user=UserFactory(), name="Script")
    client.post(reverse("publishing:app_password_revoke", kwargs={"pk": theirs.pk}))
    assert ApplicationPassword.objects.filter(pk=theirs.pk).exists()
    response = client.post(
        reverse("publishing:app_password_revoke", kwargs={"pk": mine.pk}), follow=True
    )
    assert not ApplicationPassword.objects.filter(pk=mine.pk).exists()
    assert "Le mot de passe d’application est révoqué." in response.content.decode()


def test_revoking_needs_post(client, writer):
    mine, _password = app_password_create(user=writer, name="MarsEdit")
    assert (
        client.get(reverse("publishing:app_password_revoke", kwargs={"pk": mine.pk})).status_code
        == 405
    )
    assert ApplicationPassword.objects.exists()


def test_admin_creates_shows_once_lists_and_revokes(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:publishing_applicationpassword_add"),
        {"user": staff.pk, "name": "Open Live Writer"},
    )
    assert response.status_code == 200
    row = ApplicationPassword.objects.get()
    assert (
        "Open Live Writer" in response.content.decode()
        and 'class="app-password"' in response.content.decode()
    )
    listing = client.get(
        reverse("admin:publishing_applicationpassword_changelist")
    ).content.decode()
    assert "Open Live Writer" in listing
    client.post(
        reverse("admin:publishing_applicationpassword_delete", args=[row.pk]), {"post": "yes"}
    )
    assert not ApplicationPassword.objects.exists()
