"""The member's account page, and the rate limit in front of the admin's password form."""

from functools import wraps
from http import HTTPStatus

from allauth.core import ratelimit
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import DeleteAccountForm, DisplayNameForm

ADMIN_LOGIN_FAILED = "admin_login_failed"


def member_required(view):
    """Send a guest to the login page (allauth's, with the providers), then back here."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


@member_required
def profile(request):
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            services.member_rename(
                user=request.user, display_name=form.cleaned_data["display_name"]
            )
            messages.success(request, _("Your display name is saved."))
            return redirect("accounts:profile")
    else:
        form = DisplayNameForm(initial={"display_name": services.member_display_name(request.user)})
    return render(request, "accounts/profile.html", _profile_context(request, form=form))


@member_required
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_delete(user=request.user)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            return redirect("accounts:profile")
        logout(request)
        messages.success(
            request, _("Your account is deleted. Your comments stay, without your name.")
        )
        return redirect("blog:home")
    return render(
        request, "accounts/delete.html", {"form": form}, status=_form_status(request, form)
    )


def _profile_context(request, *, form):
    comments = request.user.comments.select_related("post", "page").order_by("-created_at")
    return {
        "form": form,
        "comments": comments,
        "social_accounts": services.member_social_accounts(request.user),
    }


def _form_status(request, form):
    if request.method == "POST" and not form.is_valid():
        return HTTPStatus.BAD_REQUEST
    return HTTPStatus.OK


def admin_login(request, extra_context=None):
    """The admin's login, refusing password guesses past ACCOUNT_RATE_LIMITS["admin_login_failed"].

    Counted in the shared cache (per address and per user name), so every worker sees them;
    only failures count, as allauth does for its own login.
    """
    if request.method != "POST":
        return admin.site.login(request, extra_context)
    key = request.POST.get("username", "").strip().lower()
    if not ratelimit.consume(request, action=ADMIN_LOGIN_FAILED, key=key, dry_run=True):
        return too_many_requests(request)
    response = admin.site.login(request, extra_context)
    if not request.user.is_authenticated:
        ratelimit.consume(request, action=ADMIN_LOGIN_FAILED, key=key)
    return response


@never_cache
def too_many_requests(request, exception=None):
    """The French 429 page (allauth's rate limits and the admin's login use it)."""
    response = render(request, "accounts/429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = "300"
    return response
