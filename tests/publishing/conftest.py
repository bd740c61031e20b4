"""A live site with an author, a moderator and their application passwords."""

import xmlrpc.client

import pytest
from django.contrib.auth.models import Group

from accounts.roles import AUTHORS, ensure_roles
from publishing.passwords import app_password_create
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    settings.SERVE_MEDIA = True
    return settings.MEDIA_ROOT


def member_of(group, username):
    ensure_roles()  # a transactional test starts without the groups the migrations made
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author(transactional_db):
    return member_of(AUTHORS, "camille")


@pytest.fixture
def author_password(author):
    return app_password_create(user=author, name="MarsEdit")[1]


@pytest.fixture
def rpc(live_server):
    return xmlrpc.client.ServerProxy(f"{live_server.url}/xmlrpc.php", allow_none=True)


def fault_of(call):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call()
    return caught.value.faultCode, caught.value.faultString
