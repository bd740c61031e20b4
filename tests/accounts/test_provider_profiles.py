"""Profile parsing for each named provider, from sample answers written after their docs.

Each sample is what the provider's profile endpoint (or id_token) returns; the test checks the
member Carnet makes of it: uid, display name (what comments are signed with), e-mail, picture.
"""

import pytest
from allauth.socialaccount.adapter import get_adapter
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from accounts import services
from accounts.provider_settings import social_providers

pytestmark = pytest.mark.django_db

GOOGLE_USERINFO = {  # https://openidconnect.googleapis.com/v1/userinfo
    "sub": "110169484474386276334",
    "name": "Camille Durand",
    "given_name": "Camille",
    "family_name": "Durand",
    "picture": "https://lh3.googleusercontent.com/a/ACg8ocK-sample=s96-c",
    "email": "camille.durand@gmail.com",
    "email_verified": True,
    "locale": "fr",
}
FACEBOOK_ME = {  # https://graph.facebook.com/me?fields=id,name,first_name,last_name,email,picture
    "id": "10224561234567890",
    "name": "Jean-Pierre Martin",
    "first_name": "Jean-Pierre",
    "last_name": "Martin",
    "email": "jp.martin@example.fr",
    "picture": {
        "data": {
            "height": 50,
            "is_silhouette": False,
            "url": "https://platform-lookaside.fbsbx.com/x",
            "width": 50,
        }
    },
}
X_USERS_ME = {  # https://api.x.com/2/users/me?user.fields=profile_image_url,...
    "id": "1409876543210987654",
    "name": "Léa Moreau",
    "username": "leamoreau",
    "profile_image_url": "https://pbs.twimg.com/profile_images/1/lea_normal.jpg",
    "created_at": "2021-06-28T09:12:44.000Z",
    "description": "Lectrice.",
    "protected": False,
    "verified": False,
}
WORDPRESS_COM_ME = {  # https://public-api.wordpress.com/rest/v1.1/me
    "ID": 48213377,
    "display_name": "Inès",
    "username": "simoines",
    "email": "ines@example.org",
    "primary_blog": 51234567,
    "primary_blog_url": "https://simoines.wordpress.com",
    "language": "fr",
    "avatar_URL": "https://0.gravatar.com/avatar/abc123?s=96&d=identicon",
    "profile_URL": "https://gravatar.com/simoines",
    "verified": True,
    "email_verified": True,
    "date": "2011-04-12T18:22:31+00:00",
}


@pytest.fixture
def configured(settings):
    providers = social_providers({})
    for name in ("google", "facebook", "twitter_oauth2", "wordpress_com"):
        providers[name]["APPS"] = [{"client_id": f"{name}-id", "secret": f"{name}-secret"}]
    settings.SOCIALACCOUNT_PROVIDERS = providers


def member_from(provider_id, data):
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    provider = get_adapter().get_provider(request, provider_id)
    sociallogin = provider.sociallogin_from_response(request, data)
    return sociallogin


@pytest.mark.parametrize(
    "provider_id, data, uid, name, email, picture",
    [
        ("google", GOOGLE_USERINFO, "110169484474386276334", "Camille Durand",
         "camille.durand@gmail.com", GOOGLE_USERINFO["picture"]),
        ("facebook", FACEBOOK_ME, "10224561234567890", "Jean-Pierre Martin",
         "jp.martin@example.fr", "https://platform-lookaside.fbsbx.com/x"),
        ("twitter_oauth2", X_USERS_ME, "1409876543210987654", "Léa Moreau", "",
         X_USERS_ME["profile_image_url"]),
        ("wordpress_com", WORDPRESS_COM_ME, "48213377", "Inès", "ines@example.org",
         WORDPRESS_COM_ME["avatar_URL"]),
    ],
)  # fmt: skip
def test_profile_becomes_a_member(configured, provider_id, data, uid, name, email, picture):
    sociallogin = member_from(provider_id, data)

    assert sociallogin.account.uid == uid
    assert sociallogin.user.first_name == name
    assert services.member_display_name(sociallogin.user) == name
    assert sociallogin.user.email == email
    assert picture in (sociallogin.account.get_provider_account().get_avatar_url() or "")


def test_wordpress_com_account_links_to_the_gravatar_profile(configured):
    account = member_from("wordpress_com", WORDPRESS_COM_ME).account.get_provider_account()
    assert account.get_profile_url() == "https://gravatar.com/simoines"
    assert str(account) == "Inès"


def test_wordpress_com_unverified_email_is_not_marked_verified(configured):
    data = {**WORDPRESS_COM_ME, "email_verified": False}
    addresses = member_from("wordpress_com", data).email_addresses
    assert [(a.email, a.verified) for a in addresses] == [("ines@example.org", False)]
