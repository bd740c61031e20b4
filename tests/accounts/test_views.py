"""The account page, account deletion, and the rate limits in front of the one password form."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import CommentFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


# Password guessing ------------------------------------------------------------------------


WRONG = "wrong"


def site_login(client, username="redaction", password=WRONG, address="203.0.113.7"):
    """A sign-in on the site's one login page (the admin's /admin/login/ leads there)."""
    return client.post(
        reverse("account_login"),
        {"login": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_login_is_limited_per_user_name_across_workers(client, settings, tmp_path):
    # The production cache (files under var/, or Redis): what one worker counts, all see.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    StaffFactory(username="redaction")
    for _ in range(5):
        assert site_login(client).status_code == 200  # the login form, with its error
    assert any(tmp_path.iterdir())  # the count is in the shared store, not in this process

    refused = site_login(client, address="198.51.100.9")  # another address, same user name

    assert "Trop de tentatives" in refused.content.decode()
    # The right password is refused too while the limit holds: guessing gains nothing.
    site_login(client, password="mot-de-passe-de-test")
    assert "_auth_user_id" not in client.session


def test_login_is_limited_per_address(client):
    StaffFactory(username="redaction")
    for number in range(10):
        site_login(client, username=f"guess{number}")
    refused = site_login(client, username="someone-else")
    assert "Trop de tentatives" in refused.content.decode()


def test_successful_logins_do_not_count(client):
    StaffFactory(username="redaction")
    for _ in range(8):
        response = site_login(client, password="mot-de-passe-de-test")
        assert response.status_code == 302
        client.logout()


def test_site_login_is_limited_per_user_name(client):
    StaffFactory(username="redaction")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "redaction", "password": "wrong"})

    response = client.post(
        reverse("account_login"), {"login": "redaction", "password": "mot-de-passe-de-test"}
    )

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_site_login_page_has_a_french_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        client.post(reverse("account_login"), {"login": "x", "password": "y"})
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


def test_site_login_page_is_french_and_ours(client):
    page = client.get(reverse("account_login")).content.decode()
    assert "<h1>Connexion</h1>" in page
    assert "Auteurs et modérateurs" in page
    assert 'class="site-header' in page  # our base.html


def test_local_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "Pas d’inscription ici" in response.content.decode()
    assert client.post(reverse("account_signup"), {"username": "x"}).status_code in (200, 403)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="x").exists()


# The account page -------------------------------------------------------------------------


def test_account_page_sends_guests_to_the_login_page(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_lists_the_members_comments(client, django_assert_max_num_queries):
    member = UserFactory(first_name="Alice Lovelace", last_name="")
    mine = CommentFactory(user=member, author_name="Alice Lovelace", body="Mon avis.")
    CommentFactory(author_name="Quelqu’un d’autre", body="Pas le mien.")
    client.force_login(member)

    with django_assert_max_num_queries(6):
        page = client.get(reverse("accounts:profile")).content.decode()

    assert "Mon compte" in page
    assert mine.post.title in page
    assert "Mon avis." in page
    assert "Pas le mien." not in page
    assert 'value="Alice Lovelace"' in page


def test_member_changes_their_display_name(client):
    member = UserFactory(first_name="Alice", last_name="Lovelace")
    client.force_login(member)

    response = client.post(
        reverse("accounts:profile"), {"display_name": "  Ada   L. "}, follow=True
    )

    member.refresh_from_db()
    assert member.get_full_name() == "Ada L."
    assert "Votre nom affiché est enregistré." in response.content.decode()


def test_an_empty_display_name_is_refused_and_kept(client):
    member = UserFactory(first_name="Alice", last_name="")
    client.force_login(member)
    response = client.post(reverse("accounts:profile"), {"display_name": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    member.refresh_from_db()
    assert member.first_name == "Alice"


def test_delete_my_account_anonymises_comments_and_keeps_replies(client, django_user_model):
    member = UserFactory(first_name="Alice", email="alice@example.net")
    mine = CommentFactory(
        user=member,
        author_name="Alice",
        author_email="alice@example.net",
        author_url="https://alice.example",
        ip_address="203.0.113.5",
        user_agent="Firefox",
    )
    reply = CommentFactory(post=mine.post, parent=mine, author_name="Bob")
    client.force_login(member)
    assert "Supprimer mon compte" in client.get(reverse("accounts:delete")).content.decode()

    response = client.post(reverse("accounts:delete"), {"confirm": "on"})

    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=member.pk).exists()
    mine.refresh_from_db()
    assert (mine.author_name, mine.author_email, mine.author_url) == ("Anonyme", "", "")
    assert (mine.ip_address, mine.user_agent, mine.user_id) == (None, "", None)
    assert Comment.objects.get(pk=reply.pk).parent_id == mine.pk
    assert "_auth_user_id" not in client.session


def test_delete_needs_the_confirmation(client, django_user_model):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 400
    assert django_user_model.objects.filter(pk=member.pk).exists()


def test_staff_cannot_delete_themselves_here(client, django_user_model):
    staff = StaffFactory(username="redaction")
    client.force_login(staff)
    client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert django_user_model.objects.filter(pk=staff.pk).exists()
