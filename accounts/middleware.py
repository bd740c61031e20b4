"""Leaving for a login provider after a POST, in a way the Content-Security-Policy allows;
keeping staff without a second factor out of the admin.

The site's policy says `form-action 'self'`, and browsers apply it to the redirects that follow
a form submission: the provider login button (a POST) answered by a redirect to
accounts.google.com is blocked. So that one answer becomes a small page which goes on to the
provider by itself (meta refresh, no script) and also offers a link.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import conf, second_factor

REDIRECTS = (301, 302, 303, 307, 308)
# Leaving the admin stays possible without a factor.
ADMIN_OPEN_VIEWS = {"logout"}


class ProviderRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not self._leaves_for_provider(request, response):
            return response
        page = TemplateResponse(
            request, "socialaccount/redirect_to_provider.html", {"url": response["Location"]}
        )
        page["Cache-Control"] = "no-store"
        page["Referrer-Policy"] = "no-referrer"
        return page.render()

    @staticmethod
    def _leaves_for_provider(request, response):
        match = getattr(request, "resolver_match", None)
        if request.method != "POST" or response.status_code not in REDIRECTS or match is None:
            return False
        if not (match.url_name or "").endswith("_login") or match.url_name == "account_login":
            return False
        target = urlsplit(response.get("Location", ""))
        return bool(target.netloc) and target.netloc != request.get_host()


class StaffSecondFactorMiddleware:
    """With STAFF_REQUIRE_MFA, no admin page for staff who did not sign in with a second factor.

    Staff without a factor are sent to add one (the security page); staff who have one but did
    not use it in this session (an older session, a provider sign-in) sign in again, through the
    site's one login page and its second step.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name in ADMIN_OPEN_VIEWS:
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff and conf.settings.STAFF_REQUIRE_MFA):
            return None
        if not second_factor.has_second_factor(user):
            messages.warning(
                request, _("Add a second factor to your account before going to the admin.")
            )
            return redirect("mfa_index")
        if not second_factor.used_second_factor(request):
            logout(request)
            messages.warning(request, _("Sign in again with your second factor to use the admin."))
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        return None
