"""The comment form's login part: provider buttons for guests, "you are commenting as" for members."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import PostFactory, UserFactory

from .conftest import authorise, oidc_login_url, start_login

pytestmark = pytest.mark.django_db


def login_part(page):
    match = re.search(
        r'<div id="comment-login".*?</div>|<p class="comment-logged-in">.*?</p>', page, re.S
    )
    return match.group(0) if match else ""


def test_guest_sees_one_post_button_per_configured_provider(client, login_apps):
    post = PostFactory()
    part = login_part(client.get(post.get_absolute_url()).content.decode())

    assert "Entrez vos coordonnées ci-dessous, ou connectez-vous avec :" in part
    buttons = re.findall(
        r'<button type="submit"[^>]*formaction="([^"]+)"[^>]*aria-label="([^"]+)"', part
    )
    labels = [label.strip() for _url, label in buttons]
    assert labels == ["Se connecter avec WordPress.com", "Se connecter avec Loopback"]
    for url, _label in buttons:
        assert f"next={post.get_absolute_url().replace('/', '%2F')}%23respond" in unescape(url)
    assert part.count('formmethod="post"') == 2


def test_no_button_without_configured_providers(client):
    post = PostFactory()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "connectez-vous avec" not in page
    assert "Se connecter avec" not in page


def test_provider_list_costs_no_query_once_cached(client, login_apps, django_assert_num_queries):
    from django.test import RequestFactory

    from accounts.login_buttons import configured_providers

    request = RequestFactory().get("/")
    configured_providers(request)
    with django_assert_num_queries(0):
        configured_providers(request)


def test_admin_social_apps_show_up_at_once(client, rf):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    from accounts.login_buttons import configured_providers

    request = rf.get("/")
    assert configured_providers(request) == []
    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
    app.sites.add(Site.objects.get_current())
    assert [p["name"] for p in configured_providers(request)] == ["Google"]


def test_member_logged_in_by_provider_reads_who_they_comment_as(client, login_apps):
    post = PostFactory()
    client.get(authorise(start_login(client, oidc_login_url(), post.get_absolute_url())))

    part = login_part(client.get(post.get_absolute_url()).content.decode())

    assert "Vous commentez avec votre compte Loopback." in part
    assert "Déconnexion" in part and "Changer" in part
    logout = reverse("account_logout")
    assert part.count(f'formaction="{logout}?next=') == 2
    assert part.count('formmethod="post"') == 2


def test_staff_logged_in_with_a_password_reads_their_name(client):
    post = PostFactory()
    client.force_login(UserFactory(first_name="Camille", last_name="Martin"))
    part = login_part(client.get(post.get_absolute_url()).content.decode())
    assert "Vous commentez en tant que Camille Martin." in part


def test_member_comments_under_the_providers_display_name(client, login_apps, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    post = PostFactory()
    client.get(authorise(start_login(client, oidc_login_url(), post.get_absolute_url())))
    page = client.get(post.get_absolute_url()).content.decode()
    timestamp = re.search(r'name="timestamp" value="([^"]+)"', page).group(1)

    client.post(
        reverse("comments:post", kwargs={"post_pk": post.pk}),
        {"body": "Très juste.", "timestamp": timestamp, "parent": ""},
    )

    comment = post.comments.get()
    assert comment.author_name == "Alice Lovelace"
    assert comment.user.socialaccount_set.get().uid == "alice-0001"


def test_each_button_draws_its_provider_logo_from_a_local_svg(client, login_apps):
    post = PostFactory()
    part = login_part(client.get(post.get_absolute_url()).content.decode())
    logos = re.findall(r'<svg class="provider-logo"[^>]*aria-hidden="true"[^>]*>.*?</svg>', part)
    assert len(logos) == 2
    assert 'fill="#21759B"' in logos[0]  # WordPress.com's own mark, drawn here
    assert "http" not in "".join(logo.replace("http://www.w3.org/2000/svg", "") for logo in logos)


def test_a_provider_set_in_the_environment_shows_at_the_next_start(client, settings):
    from accounts import login_buttons
    from accounts.provider_settings import social_providers

    post = PostFactory()
    assert "Se connecter avec" not in client.get(post.get_absolute_url()).content.decode()
    environment = {"SOCIAL_GOOGLE_CLIENT_ID": "id", "SOCIAL_GOOGLE_CLIENT_SECRET": "secret"}
    settings.SOCIALACCOUNT_PROVIDERS = social_providers(environment)
    login_buttons.environment_fingerprint.cache_clear()  # a new process reads the settings
    try:
        page = client.get(post.get_absolute_url()).content.decode()
    finally:
        login_buttons.environment_fingerprint.cache_clear()
    assert "Se connecter avec Google" in page
