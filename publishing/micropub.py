"""Micropub (W3C Recommendation) at /micropub/: create, update, delete, queries, media endpoint.

Authorised by `Authorization: Bearer USER:APPLICATION-PASSWORD` (or `access_token` in the
form), checked and rate-limited exactly as at /xmlrpc.php. Posts and images go through the
same services: `posts.post_write` and the image pipeline.
"""

import json
from http import HTTPStatus
from urllib.parse import urlsplit

from django.http import JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from blog.models import Post
from core.xmlrpc import XmlRpcFault

from . import conf, posts, wp_api
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
        return JsonResponse({"type": ["h-entry"], "properties": _properties(post, request)})
    return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("Unknown query."))


def _post_at(url):
    try:
        match = resolve(urlsplit(str(url)).path)
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
        data["post_thumbnail"] = _library_image(photo).pk
    categories = properties.get("category")
    if isinstance(categories, list):
        data["terms_names"] = {posts.TAG: [c for c in categories if isinstance(c, str)]}
    return data


def _library_image(url):
    """The library image at `url` (sent to the media endpoint first); other hosts are not fetched."""
    from django.conf import settings

    from images.models import Image

    path = urlsplit(url).path
    name = path.removeprefix(settings.MEDIA_URL) if path.startswith(settings.MEDIA_URL) else None
    image = Image.objects.filter(file=name).first() if name else None
    if image is None:
        raise XmlRpcFault(
            Code.INVALID, _("Send the photo to the media endpoint first, then give its address.")
        )
    return image


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
    if action == "delete":
        posts.post_delete(post=posts.post_for(user, post.pk, perm="blog.delete_post"))
        return JsonResponse({}, status=HTTPStatus.OK)
    if action != "update":
        return error(HTTPStatus.BAD_REQUEST, "invalid_request", _("Unknown action."))
    post = posts.post_for(user, post.pk)
    properties = _properties(post, request)
    for name, values in (body.get("replace") or {}).items():
        properties[name] = values
    for name, values in (body.get("add") or {}).items():
        properties[name] = [*properties.get(name, []), *values]
    removed = body.get("delete") or {}
    if isinstance(removed, list):
        for name in removed:
            properties.pop(name, None)
    elif isinstance(removed, dict):
        for name, values in removed.items():
            properties[name] = [v for v in properties.get(name, []) if v not in values]
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
            request, user, {"name": upload.name, "bits": _Bits(upload.read())}
        )
    except XmlRpcFault as fault:
        return _from_fault(fault)
    response = JsonResponse({}, status=HTTPStatus.CREATED)
    response["Location"] = stored["url"]
    return response


class _Bits:
    def __init__(self, data):
        self.data = data
