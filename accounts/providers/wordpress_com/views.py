"""The WordPress.com OAuth2 endpoints, under the API base URL of `accounts.conf`."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)

from accounts import conf


class WordPressComOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress_com"

    @property
    def base_url(self):
        return conf.settings.WORDPRESS_COM_API_URL.rstrip("/")

    @property
    def authorize_url(self):
        return f"{self.base_url}/oauth2/authorize"

    @property
    def access_token_url(self):
        return f"{self.base_url}/oauth2/token"

    @property
    def profile_url(self):
        return f"{self.base_url}/rest/v1.1/me"

    def complete_login(self, request, app, token, **kwargs):
        headers = {"Authorization": f"Bearer {token.token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
            data = response.json()
        return self.get_provider().sociallogin_from_response(request, data)


oauth2_login = OAuth2LoginView.adapter_view(WordPressComOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressComOAuth2Adapter)
