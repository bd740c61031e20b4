"""The Webmention endpoint at /webmention/ (W3C Recommendation, 12 January 2017).

Quick checks answer at once (400 with the reason, 429 past the limits); the source is fetched
later, in a background task, under the same rules as pingbacks (core/outbound.py).
"""

import logging

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from blog.models import Post
from comments.models import CommentKind

from . import receiving

logger = logging.getLogger(__name__)
TEXT = "text/plain; charset=utf-8"


class Result:
    """What the verification task did, for its result and the logs."""

    STORED = "stored"
    KNOWN = "already registered"
    REMOVED = "removed"
    IGNORED = "ignored"


@csrf_exempt
def webmention_view(request):
    """Receive `source` and `target` (form-encoded); 202 once the quick checks pass."""
    if request.method != "POST":
        explanation = _(
            "This is Carnet's Webmention address: other sites send it a POST request with "
            "“source” and “target” when they link to one of our posts."
        )
        response = HttpResponse(explanation, status=405, content_type=TEXT)
        response["Allow"] = "POST"
        return response
    if receiving.request_too_large(request):
        return HttpResponse(_("Request too large."), status=413, content_type=TEXT)
    source, target = request.POST.get("source", ""), request.POST.get("target", "")
    ip_address = request.META.get("REMOTE_ADDR")
    try:
        receiving.check_urls(source, target)
        post = receiving.post_for_target(target, request=request)
        receiving.count_against_limits(ip_address=ip_address, source=source)
    except receiving.PingRejected as error:
        return HttpResponse(str(error.message), status=error.status_code, content_type=TEXT)
    from .tasks import verify_webmention

    verify_webmention.enqueue(
        post_id=post.pk,
        source=source,
        target=target,
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", "")[:500],
    )
    return HttpResponse(
        _("Webmention accepted: the source will be checked shortly."),
        status=202,
        content_type=TEXT,
    )


def verify(*, post_id, source, target, ip_address, user_agent):
    """Fetch `source`: store the webmention if it links to the post, withdraw it if the source
    is gone (410) or no longer links. A source that cannot be fetched changes nothing."""
    post = Post.objects.published().filter(pk=post_id, pings_open=True).first()
    if post is None:
        return Result.IGNORED
    try:
        page = receiving.verify_source(source, target)
    except (receiving.SourceGone, receiving.NoLink):
        removed = receiving.withdraw(post=post, source=source, kind=CommentKind.WEBMENTION)
        return Result.REMOVED if removed else Result.IGNORED
    except receiving.SourceUnreachable:
        logger.info("Webmention source unreachable: %s", source)
        return Result.IGNORED
    if receiving.registered(post, source, CommentKind.WEBMENTION).exists():
        return Result.KNOWN
    try:
        receiving.store_ping(
            post=post,
            source=source,
            page=page,
            kind=CommentKind.WEBMENTION,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    except receiving.PingRejected as error:
        logger.info("Webmention from %s not stored: %s", source, error)
        return Result.IGNORED
    return Result.STORED
