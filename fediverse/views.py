"""The fediverse's doors: WebFinger, NodeInfo, actors, their collections, and the inbox.

Every view answers 404 while FEDIVERSE_ENABLED is off: the blog then does not exist there.
"""

import logging
import re
from functools import wraps

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from blog.models import Post
from comments.exceptions import CommentRejected

from . import activities, conf
from .documents import (
    AS_CONTEXT,
    absolute,
    actor_document,
    actor_url,
    host,
    is_local_actor,
    profile_url,
)
from .inbox import Refused, read_activity
from .models import Follower

logger = logging.getLogger(__name__)
ACTIVITY_JSON = "application/activity+json"
ACCT_RE = re.compile(r"^(?:acct:)?@?([^@\s]+)@([^@\s]+)$")
NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1"


def enabled_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not conf.settings.FEDIVERSE_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def activity_response(document, status=200):
    response = JsonResponse(document, status=status, content_type=ACTIVITY_JSON)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@enabled_only
def webfinger(request):
    """`acct:blog@host` or `acct:author@host` (or the actor's URL) to its actor."""
    resource = request.GET.get("resource", "").strip()
    match = ACCT_RE.match(resource)
    username = None
    if match and match.group(2).lower() == host().lower():
        username = match.group(1)
    elif resource.startswith(("http://", "https://")):
        from .targets import local_username

        username = local_username(resource)
    if not resource:
        return JsonResponse(
            {"error": _("Give the account as ?resource=acct:name@host.")}, status=400
        )
    if username is None or not is_local_actor(username):
        raise Http404
    document = {
        "subject": f"acct:{username}@{host()}",
        "aliases": [actor_url(username)],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": actor_url(username)},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": profile_url(username),
            },
        ],
    }
    return JsonResponse(document, content_type="application/jrd+json")


@require_safe
@enabled_only
def nodeinfo_links(request):
    href = absolute("/nodeinfo/2.1")
    return JsonResponse({"links": [{"rel": NODEINFO_SCHEMA, "href": href}]})


@require_safe
@enabled_only
def nodeinfo(request):
    from django.contrib.auth import get_user_model

    authors = get_user_model().objects.filter(posts__in=Post.objects.published()).distinct()
    document = {
        "version": "2.1",
        "software": {"name": "carnet", "version": "1.0", "homepage": absolute("/")},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
        "openRegistrations": False,
        "usage": {
            "users": {"total": authors.count() + 1},
            "localPosts": Post.objects.published().count(),
        },
        "metadata": {},
    }
    return JsonResponse(document, content_type=f'application/json; profile="{NODEINFO_SCHEMA}#"')


@require_safe
@enabled_only
def actor(request, username):
    if not is_local_actor(username):
        raise Http404
    return activity_response(actor_document(username))


@require_safe
@enabled_only
def followers(request, username):
    if not is_local_actor(username):
        raise Http404
    count = Follower.objects.filter(username=username).count()
    return activity_response(_collection(request, "OrderedCollection", count, []))


@require_safe
@enabled_only
def outbox(request, username):
    """The newest posts as Create activities (Mastodon reads the count and the first page)."""
    if not is_local_actor(username):
        raise Http404
    from .documents import activity, article

    posts = Post.objects.published().select_related("author", "featured_image")
    if username != conf.settings.FEDIVERSE_BLOG_USERNAME:
        posts = posts.filter(author__username=username)
    items = [
        activity("Create", username=post.author.get_username(), obj=article(post))
        for post in posts.prefetch_related("tags")[:20]
    ]
    return activity_response(_collection(request, "OrderedCollection", posts.count(), items))


def _collection(request, kind, count, items):
    return {
        "@context": AS_CONTEXT,
        "id": absolute(request.path),
        "type": kind,
        "totalItems": count,
        "orderedItems": items,
    }


@csrf_exempt
@require_POST
@enabled_only
def inbox(request, username=None):
    """Verify an activity (fediverse/inbox.py), then apply it; 202 once it is accepted."""
    if username is not None and not is_local_actor(username):
        raise Http404
    try:
        document, sender = read_activity(request)
    except Refused as refusal:
        logger.info("Activity refused (%s): %s", refusal.status, refusal)
        return JsonResponse({"error": str(refusal)}, status=refusal.status)
    try:
        activities.handle(document, sender)
    except CommentRejected as busy:  # only a busy discussion comes this far: try again later
        return JsonResponse({"error": str(busy.message)}, status=busy.status_code)
    return JsonResponse({}, status=202)
