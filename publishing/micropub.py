"""Micropub (W3C Recommendation) at /micropub/: create, update, delete, queries, media endpoint.

Authorised by `Authorization: Bearer USER:APPLICATION-PASSWORD` (or `access_token` in the
form), checked and rate-limited exactly as at /xmlrpc.php. Posts and images go through the
same services: `posts.post_write` and the image pipeline.
"""

import json
from http import HTTPStatus
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from blog.models import Post
from core.xmlrpc import XmlRpcFault

from . import conf, photos, posts, trash, wp_api
from .faults import Code

ERRORS = {
    Code.BAD_LOGIN: (HTTPStatus.UNAUTHORIZED, "unauthorized"),
    Code.THROTTLED: (HTTPStatus.TOO_MANY_REQUESTS, "unauthorized"),
    Code.NOT_ALLOWED: (HTTPStatus.FORBIDDEN, "forbidden"),
    Code.NOT_FOUND: (HTTPStatus.BAD_REQUEST, "invalid_request"),
}


def error(status, code, description):
    return JsonResponse({"error": code, "error_description": str(description)}, status=status)


def _from_fault(fault):
    status, code = ERRORS.get(fault.code, (HTTPStatus.BAD_REQUEST, "invalid_request"))
    return error(status, code, fault.message)


def _user(request):
    header = request.headers.get("Authorization", "")
    token = header[7:] if header[:7].lower() == "bearer " else request.POST.get("access_token", "")
    username, _sep, password = token.strip().partition(":")
    if not password:
        raise XmlRpcFault(Code.BAD_LOGIN, _("Send the token as USER:APPLICATION-PASSWORD."))
    from .xmlrpc import login

    return login(request, username, password)


def _too_large(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    return not length.isdigit() or int(length) > conf.settings.PUBLISHING_MAX_REQUEST_BYTES


@csrf_exempt
def micropub(request):
    if _too_large(request):
        return error(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_request", _("Request too large.")
        )
    try:
        user = _user(request)
        if request.method == "GET":
            return _query(request, user)
        if request.method != "POST":
            return error(HTTPStatus.METHOD_NOT_ALLOWED, "invalid_request", _("Use GET or POST."))
        return _post(request, user)
    except XmlRpcFault as fault:
        return _from_fault(fault)


def _query(request, user):
    asked = request.GET.get("q")
    media = request.build_absolute_uri(reverse("micropub:micropub_media"))
    if asked == "config":
        return JsonResponse(
            {
                "media-endpoint": media,
                "syndicate-to": [],
                "post-types": [
                    {"type": "note", "name": "Note"},
                    {"type": "article", "name": "Article"},
                ],
            }
        )
    if asked == "syndicate-to":
        return JsonResponse({"syndicate-to": []})
    if asked == "source":
        post = posts.post_for(user, _post_at(request.GET.get("url", "")).pk, perm="blog.view_post")
        properties = _properties(post, request)
        asked_for = request.GET.getlist("properties[]") or request.GET.getlist("properties")
        if asked_for:  # only those, and no type, as the Recommendation's example answers
            return JsonResponse(
                {"properties": {k: v for k, v in properties.items() if k in asked_for}}
            )
        return JsonResponse({"type": ["h-entry"], "properties": properties})
    return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("Unknown query."))


def _post_at(url):
    try:
        match = resolve(unquote(urlsplit(str(url)).path))  # a slug's accents come quoted
    except Resolver404:
        match = None
    post = None
    if match is not None and match.view_name == "blog:post":
        post = Post.objects.filter(slug=match.kwargs["slug"]).first()
    if post is None:
        raise XmlRpcFault(Code.NOT_FOUND, _("No post at this address."))
    return post


def _properties(post, request):
    return {
        "name": [post.title],
        "content": [post.body],
        "category": [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()],
        "published": [post.published_at.isoformat()],
        "post-status": ["draft" if post.status == "draft" else "published"],
        "url": [request.build_absolute_uri(post.get_absolute_url())],
    }


def _post(request, user):
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("The JSON is not valid."))
        if not isinstance(body, dict):
            return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("The JSON is not valid."))
        action = body.get("action")
        if action:
            return _action(request, user, action, body)
        if body.get("type") != ["h-entry"] or not isinstance(body.get("properties"), dict):
            return error(
                HTTPStatus.BAD_REQUEST, "invalid_request", _("Only h-entry can be created.")
            )
        properties = body["properties"]
    else:
        action = request.POST.get("action")
        if action:
            return _action(request, user, action, {"url": request.POST.get("url", "")})
        if request.POST.get("h", "entry") != "entry":
            return error(
                HTTPStatus.BAD_REQUEST, "invalid_request", _("Only h-entry can be created.")
            )
        properties = {
            key.removesuffix("[]"): request.POST.getlist(key)
            for key in request.POST
            if key not in ("h", "access_token")
        }
    with transaction.atomic():  # a refused entry leaves no image row behind
        photos.photo_to_library(request, user, properties)
        post = posts.post_write(user=user, data=_to_wp(properties))
    response = JsonResponse({}, status=HTTPStatus.CREATED)
    response["Location"] = request.build_absolute_uri(post.get_absolute_url())
    return response


def _first(properties, name):
    values = properties.get(name) or [""]
    value = values[0] if isinstance(values, list) else values
    if isinstance(value, dict):  # {"html": "..."} or {"value": ...}
        value = value.get("html") or value.get("value") or ""
    return value if isinstance(value, str) else ""


def _to_wp(properties):
    """WordPress struct from Micropub properties; a note without a name takes its text's start."""
    content = _first(properties, "content")
    name = _first(properties, "name") or content.strip().split("\n")[0][:60]
    data = {"post_title": name, "post_content": content}
    status = _first(properties, "post-status")
    data["post_status"] = posts.WPStatus.DRAFT if status == "draft" else posts.WPStatus.PUBLISH
    published = _first(properties, "published")
    if published:
        data["post_date_gmt"] = _iso_to_rpc(published)
        if status != "draft" and posts.to_datetime(data["post_date_gmt"]) > _now():
            data["post_status"] = posts.WPStatus.FUTURE
    photo = _first(properties, "photo")
    if photo:
        data["post_thumbnail"] = photos.library_image(photo).pk
    categories = properties.get("category")
    if isinstance(categories, list):
        data["terms_names"] = {posts.TAG: [c for c in categories if isinstance(c, str)]}
    return data


def _now():
    from django.utils import timezone

    return timezone.now()


def _iso_to_rpc(text):
    from datetime import UTC, datetime

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise XmlRpcFault(Code.INVALID, _("The date is not understood.")) from None
    if moment.tzinfo is None:
        from django.utils import timezone

        moment = timezone.make_aware(moment)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H:%M:%S")


def _action(request, user, action, body):
    post = _post_at(body.get("url", ""))
    if action in ("delete", "undelete"):
        post = posts.post_for(user, post.pk, perm="blog.delete_post", trashed=True)
        if action == "delete":
            trash.post_trash(post=post, user=user)
        elif not trash.post_untrash(post=post, user=user):
            raise XmlRpcFault(Code.INVALID, _("This post is not deleted."))
        return HttpResponse(status=HTTPStatus.NO_CONTENT)
    if action != "update":
        return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("Unknown action."))
    post = posts.post_for(user, post.pk)
    properties = _properties(post, request)
    replace, add, removed = (body.get(key) or {} for key in ("replace", "add", "delete"))
    if not _changes_are_lists(replace, add) or not isinstance(removed, list | dict):
        raise XmlRpcFault(
            Code.INVALID, _("“replace”, “add” and “delete” each take property names and lists.")
        )
    for name, values in replace.items():
        properties[name] = values
    for name, values in add.items():
        properties[name] = [*properties.get(name, []), *values]
    if isinstance(removed, list):
        for name in removed:
            properties.pop(name, None)
    elif isinstance(removed, dict):
        for name, values in removed.items():
            properties[name] = [v for v in properties.get(name, []) if v not in values]
    photos.photo_to_library(request, user, properties)
    data = _to_wp(properties)
    data.pop("post_date_gmt", None)
    data["post_name"] = post.slug
    if post.categories.exists():
        data.setdefault("terms_names", {})[posts.CATEGORY] = [c.name for c in post.categories.all()]
    tags = [
        c
        for c in properties.get("category", [])
        if c not in data.get("terms_names", {}).get(posts.CATEGORY, [])
    ]
    data.setdefault("terms_names", {})[posts.TAG] = tags
    posts.post_write(user=user, data=data, post=post)
    return JsonResponse({}, status=HTTPStatus.OK)


def _changes_are_lists(*changes):
    return all(
        isinstance(change, dict) and all(isinstance(v, list) for v in change.values())
        for change in changes
    )


@csrf_exempt
def media(request):
    """The media endpoint: a multipart `file`, stored by the image pipeline; 201 and its URL."""
    if _too_large(request):
        return error(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "invalid_request", _("Request too large.")
        )
    if request.method != "POST":
        return error(HTTPStatus.METHOD_NOT_ALLOWED, "invalid_request", _("Use POST."))
    try:
        user = _user(request)
        upload = request.FILES.get("file")
        if upload is None:
            return error(
                HTTPStatus.BAD_REQUEST, "invalid_request", _("Send the image in the field “file”.")
            )
        stored = wp_api.media_upload(
            request, user, {"name": upload.name, "bits": photos.Bits(upload.read())}
        )
    except XmlRpcFault as fault:
        return _from_fault(fault)
    response = JsonResponse({}, status=HTTPStatus.CREATED)
    response["Location"] = stored["url"]
    return response
