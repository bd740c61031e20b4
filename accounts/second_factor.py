"""Second factors on Carnet (allauth.mfa): who is asked for one, and what counts as having one.

- A password sign-in by someone with an authenticator app or a passkey asks for it (or a
  recovery code); a sign-in through a login provider does not: the provider is that door's lock.
- With STAFF_REQUIRE_MFA, staff reach the admin only with a factor, used in this very session
  (at sign-in, or by adding it); accounts.middleware enforces it.
- The authenticator app's QR code is drawn here, as inline SVG: no request to anyone, and none
  of the `data:` images the Content-Security-Policy refuses.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

#: The factors that make a second factor; recovery codes only stand in for them.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
MFA_METHOD = "mfa"
XML_DECLARATION_END = "?>"


def has_second_factor(user):
    """True when `user` has an authenticator app or a passkey/security key."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=FACTOR_TYPES).exists()


def used_second_factor(request):
    """True when this session's sign-in (or a factor added since) proved a second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == MFA_METHOD for record in records)


def factor_added(sender, *, request, user, authenticator, **kwargs):
    """Adding an app or a key proves it is at hand (a code or a touch): it counts as used."""
    if authenticator.type in FACTOR_TYPES and request.user.pk == user.pk:
        record_authentication(
            request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, added=True
        )


def _blog_title():
    from blog.identity import blog_title

    return blog_title()


class SecondFactorStage(AuthenticateStage):
    """allauth's second step of a sign-in, skipped for a sign-in through a login provider."""

    def _should_handle(self, request):
        if (self.login.signal_kwargs or {}).get("sociallogin") is not None:
            return False
        return super()._should_handle(request)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self):
        """The blog's title, as the authenticator app names the account (not the Site's name)."""
        return _blog_title()

    def get_public_key_credential_rp_entity(self):
        """The site as passkey prompts name it: the blog's title too."""
        return {**super().get_public_key_credential_rp_entity(), "name": _blog_title()}

    def build_totp_svg(self, url):
        """The QR code as an SVG element to place in the page (no XML declaration)."""
        svg = super().build_totp_svg(url)
        if svg.startswith("<?xml"):
            svg = svg.split(XML_DECLARATION_END, 1)[1].strip()
        label = format_html(' role="img" aria-label="{}" class="totp-qr"', _("QR code"))
        return mark_safe(svg.replace("<svg", f"<svg{label}", 1))  # noqa: S308 (qrcode's own)
