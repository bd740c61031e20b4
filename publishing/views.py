"""/xmlrpc.php?rsd (Really Simple Discovery) in front of the XML-RPC endpoint (config/views.py
sends GET ?rsd here), and the account page's application passwords."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.views import member_required

from . import passwords
from .blogs import BLOG_ID
from .forms import AppPasswordForm

APIS = [("WordPress", True), ("Movable Type", False), ("MetaWeblog", False), ("Blogger", False)]


def rsd(request):
    context = {
        "home": request.build_absolute_uri(reverse("blog:home")),
        "endpoint": request.build_absolute_uri(reverse("xmlrpc")),
        "blog_id": BLOG_ID,
        "apis": APIS,
    }
    response = render(
        request, "publishing/rsd.xml", context, content_type="application/rsd+xml; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_POST
@member_required
def app_password_create(request):
    """Create a password for the logged-in author and show it, once, on this page."""
    form = AppPasswordForm(request.POST)
    if not form.is_valid() or not request.user.is_staff:
        messages.error(request, _("Give the application a name."))
        return redirect(reverse("accounts:profile") + "#app-passwords-title")
    row, password = passwords.app_password_create(user=request.user, name=form.cleaned_data["name"])
    context = {
        "row": row,
        "password": password,
        "endpoint": request.build_absolute_uri(reverse("xmlrpc")),
    }
    response = render(request, "publishing/created.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@member_required
def app_password_revoke(request, pk):
    if passwords.app_password_revoke(user=request.user, pk=pk):
        messages.success(request, _("The application password is revoked."))
    return redirect(reverse("accounts:profile") + "#app-passwords-title")
