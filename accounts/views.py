"""The member's account page, and the admin's login page sent to the site's."""

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import services
from .forms import DeleteAccountForm, DisplayNameForm


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
        # Provider sign-ins are not asked for a second factor: offered to password holders only.
        "second_factor_offered": request.user.has_usable_password(),
    }


def _form_status(request, form):
    if request.method == "POST" and not form.is_valid():
        return HTTPStatus.BAD_REQUEST
    return HTTPStatus.OK


def admin_login(request, extra_context=None):
    """/admin/login/ is the site's login page: one door, its rate limits and its second step.

    Nothing posted here is read (no way around them); a signed-in member who is not staff
    is told so instead of being sent round in circles.
    """
    if request.user.is_authenticated and not request.user.is_staff:
        return render(request, "accounts/not_staff.html", status=HTTPStatus.FORBIDDEN)
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(next_url, reverse("account_login"))


@never_cache
def too_many_requests(request, exception=None):
    """The French 429 page (allauth's rate limits and the admin's login use it)."""
    response = render(request, "accounts/429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = "300"
    return response
