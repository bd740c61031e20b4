"""Every allauth page a reader can reach is in French, in the site's layout."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = ["Sign In", "Sign Out", "Sign Up", "Password Reset", "Email Addresses", "Connections"]

GUEST_PAGES = [
    "account_login",
    "account_signup",
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
]
MEMBER_PAGES = [
    "accounts:profile",
    "accounts:delete",
    "account_logout",
    "account_email",
    "account_set_password",
    "socialaccount_connections",
]


def assert_ours_and_french(response):
    assert response.status_code in (200, 401), response.status_code
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert 'class="site-header' in page
    assert '<meta name="robots" content="noindex">' in page
    for words in ENGLISH:
        assert words not in page, words


@pytest.mark.parametrize("name", GUEST_PAGES)
def test_guest_pages(client, name):
    assert_ours_and_french(client.get(reverse(name), follow=True))


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_pages(client, name):
    member = UserFactory(first_name="Alice", last_name="")
    member.set_unusable_password()
    member.save()
    client.force_login(member)
    assert_ours_and_french(client.get(reverse(name), follow=True))
