"""WordPress.com as an allauth provider: the account, its uid and the fields read from `/me`."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from .views import WordPressComOAuth2Adapter


class WordPressComAccount(ProviderAccount):
    def get_profile_url(self):
        return self.account.extra_data.get("profile_URL")

    def get_avatar_url(self):
        return self.account.extra_data.get("avatar_URL")

    def to_str(self):
        data = self.account.extra_data
        return data.get("display_name") or data.get("username") or super().to_str()


class WordPressComProvider(OAuth2Provider):
    id = "wordpress_com"
    name = "WordPress.com"
    account_class = WordPressComAccount
    oauth2_adapter_class = WordPressComOAuth2Adapter

    def get_default_scope(self):
        # "auth" is the scope that grants `/me` and nothing on the person's blogs.
        return ["auth"]

    def extract_uid(self, data):
        return str(data["ID"])

    def extract_common_fields(self, data):
        return {
            "username": data.get("username"),
            "email": data.get("email"),
            "name": data.get("display_name"),
        }

    def extract_email_addresses(self, data):
        email = data.get("email")
        if not email:
            return []
        verified = bool(data.get("email_verified"))
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [WordPressComProvider]
