"""Avatar URLs: keyed tokens, one page's many avatars computed once per person."""

import pytest
from django.urls import set_script_prefix

from images import avatars


def test_a_page_of_avatars_gives_each_person_the_same_url_as_one_at_a_time():
    url = avatars.avatar_urls(48)
    first = url("Lecteur@Example.org")
    assert first == avatars.avatar_url("lecteur@example.org", 48)
    assert first == f"/avatar/{avatars.avatar_token('lecteur@example.org')}.png"
    assert url(" lecteur@example.org ") == first
    assert url("autre@example.org") != first
    assert avatars.is_valid_token(first.removeprefix("/avatar/").removesuffix(".png"))


@pytest.fixture
def script_prefix():
    set_script_prefix("/carnet/")
    yield
    set_script_prefix("/")


def test_the_avatar_address_keeps_the_site_prefix(script_prefix):
    token = avatars.avatar_token("lecteur@example.org")
    assert avatars.avatar_urls(48)("lecteur@example.org") == f"/carnet/avatar/{token}.png"


def test_gravatar_urls_for_a_page_carry_the_size(settings):
    settings.AVATARS_PROVIDER = "gravatar"
    url = avatars.avatar_urls(40)
    assert url("Lecteur@Example.org") == avatars.avatar_url("lecteur@example.org", 40)
    assert url("Lecteur@Example.org").endswith("?s=80&d=identicon")


@pytest.mark.django_db
def test_a_member_without_email_has_an_avatar_of_their_own(client):
    from images.avatars import avatar_url, member_key
    from tests.factories import CommentFactory, PostFactory, UserFactory

    assert member_key(email="a@example.org", user_id=7) == "a@example.org"
    assert member_key(email="", user_id=7) != member_key(email="", user_id=8)
    member = UserFactory(email="")
    post = PostFactory()
    CommentFactory(post=post, user=member, author_email="")
    page = client.get(post.get_absolute_url()).content.decode()
    mine = avatar_url(member_key(email="", user_id=member.pk), 48)
    assert mine.split("?")[0] in page
    assert avatar_url("", 48).split("?")[0] not in page
