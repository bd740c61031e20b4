"""How allauth behaves on Carnet: who may sign up, where a login may lead, what a provider gives.

- Readers join only through a login provider; staff accounts are made in the admin.
- A provider's e-mail never leads into an existing account: when it belongs to someone else,
  the new member simply gets no e-mail (no login into, nor connection to, that account).
- Redirect targets must be on this very site, else the home page.
- Staff accounts cannot be connected to an outside account: the admin has one door.
- A sign-in through a provider is not asked for a second factor (accounts.second_factor).
- Every call to a provider goes through the one safe fetcher (core/outbound.py): public
  addresses and ports only, a total deadline and a size cap.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount import app_settings as socialaccount_settings
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.base import AuthProcess
from django.utils.http import url_has_allowed_host_and_scheme

from core.outbound_session import OutboundSession

from . import conf, services

ALLAUTH_MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"
SECOND_FACTOR_STAGE = "accounts.second_factor.SecondFactorStage"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """No local sign-up: readers use a provider, staff are created in the admin."""
        return False

    def is_safe_url(self, url):
        """Only a path on this site, or an absolute URL with this very host (and scheme)."""
        request = context.request
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )

    def get_login_stages(self):
        stages = super().get_login_stages()
        return [SECOND_FACTOR_STAGE if s == ALLAUTH_MFA_STAGE else s for s in stages]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        if sociallogin.state.get("process") == AuthProcess.CONNECT and request.user.is_staff:
            # Staff log in with their password (rate-limited); an outside account must not
            # become a second door into the admin.
            raise ImmediateHttpResponse(
                render_authentication_error(request, sociallogin.account.get_provider())
            )
        if sociallogin.is_existing:
            services.member_logged_in(user=sociallogin.user, account=sociallogin.account)
            return
        drop_taken_emails(sociallogin)

    def populate_user(self, request, sociallogin, data):
        """The provider's display name, whole, as the member's name (what comments show)."""
        user = super().populate_user(request, sociallogin, data)
        given = [data.get("first_name"), data.get("last_name")]
        name = data.get("name") or " ".join(part for part in given if part)
        user.first_name = name.strip()[:150]
        user.last_name = ""
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        services.member_logged_in(user=user, account=sociallogin.account)
        return user

    def get_requests_session(self):
        return OutboundSession(
            deadline=socialaccount_settings.REQUESTS_TIMEOUT,
            max_bytes=conf.settings.ACCOUNTS_PROVIDER_MAX_BYTES,
        )


def drop_taken_emails(sociallogin):
    """Forget the provider's e-mails that another account already uses.

    The provider's word that an address is theirs is not ours to trust for someone else's
    account; the new member is created without it instead of being refused or merged.
    """
    free = [a for a in sociallogin.email_addresses if not services.email_is_taken(a.email)]
    sociallogin.email_addresses = free
    user = sociallogin.user
    if user.email and services.email_is_taken(user.email):
        user.email = free[0].email if free else ""
