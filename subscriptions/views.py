"""Pages behind the links in mails, and the forms that subscribe. Thin: a service does the work."""

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from comments.models import Comment, CommentStatus
from comments.services import comment_moderate
from core.csrf import csrf_for_members

from . import services, tokens
from .forms import FollowForm, MailPreferenceForm
from .models import MailPreference, Subscription

BAD_LINK_TEMPLATE = "subscriptions/bad_link.html"


def _bad_link(request, error):
    expired = isinstance(error, signing.SignatureExpired)
    return render(request, BAD_LINK_TEMPLATE, {"expired": expired}, status=400)


@csrf_for_members  # its widget is on pages shared by all readers (core/csrf.py)
@require_http_methods(["GET", "POST"])
def follow(request):
    """The "Follow this blog by e-mail" form: a page of its own, and the sidebar widget's target."""
    form = FollowForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "subscriptions/follow.html", {"form": form}, status=status)
    outcome = services.subscribe(email=form.cleaned_data["email"], user=request.user, blog=True)
    context = {"outcome": outcome.value, "email": form.cleaned_data["email"]}
    return render(request, "subscriptions/follow_done.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what is about to start (link checkers only look); POST starts it."""
    try:
        pks = tokens.read_confirm_token(token)
    except signing.BadSignature as error:
        return _bad_link(request, error)
    if request.method == "POST":
        subscriptions = services.subscriptions_confirm(pks=pks)
        return render(request, "subscriptions/confirm_done.html", {"subscriptions": subscriptions})
    subscriptions = Subscription.objects.filter(pk__in=pks).select_related("post")
    return render(request, "subscriptions/confirm.html", {"subscriptions": subscriptions})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link checkers only look); POST, from it or a mail client, stops."""
    try:
        payload = tokens.read_unsubscribe_token(token)
    except signing.BadSignature as error:
        return _bad_link(request, error)
    if request.method == "POST":
        services.unsubscribe(payload=payload)
        return render(request, "subscriptions/unsubscribe_done.html")
    subscriptions = Subscription.objects.filter(pk__in=payload.get("s", [])).select_related("post")
    context = {"subscriptions": subscriptions, "stop": payload.get("p"), "token": token}
    return render(request, "subscriptions/unsubscribe.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request, token):
    """A moderation link from a mail: GET shows the comment and the action's button, never acts
    (mail scanners and link previews open links); the button POSTs, then offers "Undo".

    The signed token names one comment and one status, so the link is a capability that cannot
    be forged or turned to another comment. `undo` (POST) puts back the status the comment had,
    which any moderator could do in the admin anyway.
    """
    try:
        comment_pk, status = tokens.read_moderate_token(token)
    except signing.BadSignature as error:
        return _bad_link(request, error)
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.select_related("post", "page"), pk=comment_pk)
    context = {"comment": comment, "status": CommentStatus(status), "token": token}
    if request.method == "GET":
        return render(request, "subscriptions/moderate.html", context)
    undo = request.POST.get("undo", "")
    if undo:
        if undo not in CommentStatus.values:
            return render(request, "subscriptions/moderate.html", context, status=400)
        comment_moderate(comment=comment, status=undo, moderator=request.user)
        return render(request, "subscriptions/moderate.html", context | {"undone": True})
    previous = comment.status
    comment_moderate(comment=comment, status=status, moderator=request.user)  # same: no-op
    context |= {"previous": CommentStatus(previous) if previous != status else None}
    return render(request, "subscriptions/moderate_done.html", context)


@login_required
@require_POST
def preferences(request):
    """Save a member's mail preferences (the form is on their account page)."""
    # get_or_create: two quick submits must not both insert the one-to-one row.
    preference, _created = MailPreference.objects.get_or_create(user=request.user)
    form = MailPreferenceForm(request.POST, instance=preference)
    if not form.is_valid():
        return render(request, "subscriptions/preferences.html", {"form": form}, status=400)
    form.save()
    return redirect(_next_url(request))


def _next_url(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("blog:home")
