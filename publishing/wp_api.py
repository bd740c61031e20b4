"""The WordPress XML-RPC API (wp.*), as its reference documents the arguments and structs."""

import base64
from io import BytesIO

from django.db.models import Count
from django.utils.translation import gettext as _

from blog.models import Category, Tag
from images import services as images
from images.models import Image
from images.processing import ImageRefusedError

from . import blogs, conf, faults, posts
from .xmlrpc import method

ANY = object


@method("wp.getUsersBlogs", str, str, auth_at=0)
def get_users_blogs(request, user):
    return [blogs.blog_struct(request, user)]


@method("wp.getProfile", int, str, str, ANY, auth_at=1, optional=1)
def get_profile(request, user, blog_id, fields=None):
    return blogs.profile_struct(request, user)


@method("wp.getOptions", int, str, str, ANY, auth_at=1, optional=1)
def get_options(request, user, blog_id, names=None):
    found = blogs.options(request)
    if isinstance(names, list):
        return {name: found[name] for name in names if isinstance(name, str) and name in found}
    return found


@method("wp.getPost", int, str, str, int, ANY, auth_at=1, optional=1)
def get_post(request, user, blog_id, post_id, fields=None):
    post = posts.post_for(user, post_id, perm="blog.view_post")
    return posts.post_struct(post, request)


@method("wp.getPosts", int, str, str, dict, ANY, auth_at=1, optional=2)
def get_posts(request, user, blog_id, filters=None, fields=None):
    filters = filters or {}
    found = posts.visible_posts(user)
    status = filters.get("post_status")
    if status is not None:
        found = _by_status(found, status)
    if filters.get("post_type", "post") != "post":
        return []
    number = _bounded(filters.get("number", 10), conf.settings.PUBLISHING_MAX_POSTS)
    offset = _bounded(filters.get("offset", 0), 10**6)
    order = "" if str(filters.get("order", "DESC")).upper() == "ASC" else "-"
    found = found.order_by(f"{order}published_at", f"{order}id")[offset : offset + number]
    return [posts.post_struct(post, request) for post in found]


def _by_status(found, status):
    from django.utils import timezone

    from blog.models import Status

    now = timezone.now()
    if status == posts.WPStatus.DRAFT:
        return found.filter(status=Status.DRAFT)
    if status == posts.WPStatus.PENDING:
        return found.filter(status=Status.PENDING)
    if status == posts.WPStatus.FUTURE:
        return found.filter(status=Status.PUBLISHED, published_at__gt=now)
    if status == posts.WPStatus.PUBLISH:
        return found.filter(status=Status.PUBLISHED, published_at__lte=now)
    raise faults.invalid(_("Unknown post status."))


def _bounded(value, top):
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise faults.invalid()
    return min(int(value), top)


@method("wp.newPost", int, str, str, dict, auth_at=1)
def new_post(request, user, blog_id, content):
    if content.get("post_type", "post") != "post":
        raise faults.not_allowed()
    return str(posts.post_write(user=user, data=content).pk)


@method("wp.editPost", int, str, str, int, dict, auth_at=1)
def edit_post(request, user, blog_id, post_id, content):
    post = posts.post_for(user, post_id)
    posts.post_write(user=user, data=content, post=post)
    return True


@method("wp.deletePost", int, str, str, int, auth_at=1)
def delete_post(request, user, blog_id, post_id):
    posts.post_delete(post=posts.post_for(user, post_id, perm="blog.delete_post"))
    return True


def _taxonomy(name):
    if name not in (posts.CATEGORY, posts.TAG):
        raise faults.fault(faults.Code.INVALID_TAXONOMY, _("Invalid taxonomy."))
    return Category if name == posts.CATEGORY else Tag


def _view_terms(user, model):
    if not user.has_perm(f"blog.view_{model._meta.model_name}"):
        raise faults.not_allowed()
    return model.objects.annotate(post_count=Count("posts")).order_by("name")


@method("wp.getTerms", int, str, str, str, dict, auth_at=1, optional=1)
def get_terms(request, user, blog_id, taxonomy, filters=None):
    model = _taxonomy(taxonomy)
    found = _view_terms(user, model)
    search = (filters or {}).get("search")
    if isinstance(search, str) and search:
        found = found.filter(name__icontains=search)
    return [posts.term_struct(term) for term in found[:1000]]


@method("wp.getTerm", int, str, str, str, int, auth_at=1)
def get_term(request, user, blog_id, taxonomy, term_id):
    term = _view_terms(user, _taxonomy(taxonomy)).filter(pk=int(term_id)).first()
    if term is None:
        raise faults.fault(faults.Code.NOT_FOUND, _("Invalid term ID."))
    return posts.term_struct(term)


@method("wp.newTerm", int, str, str, dict, auth_at=1)
def new_term(request, user, blog_id, content):
    model = _taxonomy(content.get("taxonomy"))
    if not user.has_perm(f"blog.add_{model._meta.model_name}"):
        raise faults.not_allowed()
    name = content.get("name")
    if not isinstance(name, str) or not name.strip():
        raise faults.invalid(_("The term needs a name."))
    if model.objects.filter(name__iexact=name.strip()).exists():
        raise faults.fault(faults.Code.SERVER, _("A term with this name already exists."))
    term = model(name=name.strip()[:200])
    slug = content.get("slug") if isinstance(content.get("slug"), str) else ""
    term.slug = posts.unique_slug(slug or name, model=model)
    if model is Category:
        term.description = str(content.get("description", ""))
        parent = content.get("parent")
        if parent not in (None, "", 0, "0"):
            term.parent = posts.find_term(user, posts.CATEGORY, parent, by_name=False)
    term.save()
    return str(term.pk)


@method("wp.uploadFile", int, str, str, dict, auth_at=1)
def upload_file(request, user, blog_id, data):
    return media_upload(request, user, data)


def media_upload(request, user, data):
    """Store an image sent as {name, type, bits} through the image pipeline and its checks."""
    if not user.has_perm("blog.add_post"):
        raise faults.not_allowed()
    name, bits = data.get("name"), data.get("bits")
    if not isinstance(name, str) or not name.strip():
        raise faults.invalid(_("The file needs a name."))
    content = _bytes(bits)
    try:
        prepared = images.image_prepare(fileobj=BytesIO(content))
    except ImageRefusedError as refusal:
        raise faults.fault(faults.Code.SERVER, refusal.message) from None
    image = images.image_create(title=name.strip()[:200], alt_text="", prepared=prepared)
    url = request.build_absolute_uri(image.file.url)
    return {
        "id": str(image.pk),
        "attachment_id": str(image.pk),
        "file": name,
        "url": url,
        "type": f"image/{image.format.lower()}",
    }


def _bytes(bits):
    if hasattr(bits, "data"):  # xmlrpc.client.Binary
        return bits.data
    if isinstance(bits, str):  # some editors send the base64 text as a string
        try:
            return base64.b64decode(bits, validate=True)
        except ValueError:
            pass
    raise faults.invalid(_("The file is missing or not encoded in base64."))


def media_struct(image, request):
    return {
        "attachment_id": str(image.pk),
        "date_created_gmt": posts.to_rpc_date(image.created_at),
        "parent": 0,
        "link": request.build_absolute_uri(image.file.url),
        "title": image.title,
        "caption": "",
        "description": image.alt_text,
        "metadata": {"width": image.width, "height": image.height},
        "type": f"image/{image.format.lower()}",
        "thumbnail": request.build_absolute_uri(image.thumbnail_url or image.file.url),
    }


@method("wp.getMediaLibrary", int, str, str, dict, auth_at=1, optional=1)
def get_media_library(request, user, blog_id, filters=None):
    if not user.has_perm("blog.add_post"):
        raise faults.not_allowed()
    filters = filters or {}
    number = _bounded(filters.get("number", 20), conf.settings.PUBLISHING_MAX_POSTS)
    offset = _bounded(filters.get("offset", 0), 10**6)
    found = Image.objects.order_by("-created_at", "-id")[offset : offset + number]
    return [media_struct(image, request) for image in found]


@method("wp.getMediaItem", int, str, str, int, auth_at=1)
def get_media_item(request, user, blog_id, attachment_id):
    if not user.has_perm("blog.add_post"):
        raise faults.not_allowed()
    image = Image.objects.filter(pk=int(attachment_id)).first()
    if image is None:
        raise faults.fault(faults.Code.NOT_FOUND, _("Invalid attachment ID."))
    return media_struct(image, request)
