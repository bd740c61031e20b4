"""Posts read and written by the APIs, through the blog's own service and rules.

WordPress structs in, `Post` rows out: the same save as the admin (`post_save_from_admin`:
rendering, sanitising, announcements, pings, page cache), the same roles (an "Auteur" touches
only their own posts, a "Modérateur" cannot post).
"""

import datetime
import xmlrpc.client
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from blog.markup import Markup
from blog.models import Category, Post, Status, Tag
from blog.roles import own_posts_only
from blog.services import post_save_from_admin
from images.models import Image

from . import faults, trash

UTC = ZoneInfo("UTC")
CATEGORY, TAG = "category", "post_tag"


class WPStatus:
    DRAFT, PUBLISH, FUTURE, PENDING = "draft", "publish", "future", "pending"


def visible_posts(user):
    """The posts `user` may read through the APIs (an author: their own only)."""
    if not user.has_perm("blog.view_post"):
        raise faults.not_allowed()
    posts = Post.objects.exclude(trash.in_trash()).select_related("author")
    posts = posts.prefetch_related("categories", "tags")
    return posts.filter(author=user) if own_posts_only(user) else posts


def post_for(user, post_id, *, perm="blog.change_post", trashed=False):
    """The post `post_id` if `user` may act on it with `perm`: fault 404 or 401 otherwise.

    A post in Micropub's trash is not found, unless `trashed` (to take it out again)."""
    found = Post.objects.filter(pk=int(post_id))
    post = (found if trashed else found.exclude(trash.in_trash())).first()
    if post is None:
        raise faults.not_found()
    if not user.has_perm(perm) or (own_posts_only(user) and post.author_id != user.pk):
        raise faults.not_allowed()
    return post


def to_datetime(value):
    """An aware datetime from an XML-RPC DateTime (UTC unless it says otherwise), or a fault."""
    text = value.value if isinstance(value, xmlrpc.client.DateTime) else value
    if not isinstance(text, str):
        raise faults.invalid(_("The date is not understood."))
    try:
        moment = datetime.datetime.strptime(text.replace("-", "")[:17], "%Y%m%dT%H:%M:%S")
    except ValueError:
        raise faults.invalid(_("The date is not understood.")) from None
    return moment.replace(tzinfo=UTC)


def to_rpc_date(moment, *, local=False):
    moment = timezone.localtime(moment) if local else moment.astimezone(UTC)
    return xmlrpc.client.DateTime(moment.strftime("%Y%m%dT%H:%M:%S"))


def wp_status(post):
    if post.status == Status.DRAFT:
        return WPStatus.DRAFT
    if post.status == Status.PENDING:
        return WPStatus.PENDING
    return WPStatus.FUTURE if post.is_scheduled else WPStatus.PUBLISH


def post_struct(post, request):
    """The WordPress post struct of `post` (wp.getPost's shape)."""
    return {
        "post_id": str(post.pk),
        "post_title": post.title,
        "post_date": to_rpc_date(post.published_at, local=True),
        "post_date_gmt": to_rpc_date(post.published_at),
        "post_modified": to_rpc_date(post.updated_at, local=True),
        "post_modified_gmt": to_rpc_date(post.updated_at),
        "post_status": wp_status(post),
        "post_type": "post",
        "post_name": post.slug,
        "post_author": str(post.author_id),
        "post_password": "",
        "post_excerpt": post.excerpt,
        "post_content": post.body,
        "post_parent": "0",
        "post_mime_type": "",
        "link": request.build_absolute_uri(post.get_absolute_url()),
        "guid": request.build_absolute_uri(post.get_absolute_url()),
        "menu_order": 0,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "open" if post.pings_open else "closed",
        "sticky": post.sticky,
        "post_thumbnail": _thumbnail(post, request),
        "post_format": "standard",
        "terms": [term_struct(t) for t in [*post.categories.all(), *post.tags.all()]],
        "custom_fields": [],
    }


def _thumbnail(post, request):
    image = post.featured_image
    if image is None:
        return {}
    return {"attachment_id": str(image.pk), "link": request.build_absolute_uri(image.file.url)}


def term_struct(term):
    taxonomy = CATEGORY if isinstance(term, Category) else TAG
    parent = getattr(term, "parent_id", None)
    return {
        "term_id": str(term.pk),
        "name": term.name,
        "slug": term.slug,
        "term_group": "0",
        "term_taxonomy_id": str(term.pk),
        "taxonomy": taxonomy,
        "description": getattr(term, "description", ""),
        "parent": str(parent or 0),
        "count": getattr(term, "post_count", 0),
    }


STRING_FIELDS = {
    "post_title": "title",
    "post_content": "body",
    "post_excerpt": "excerpt",
    "post_name": "slug",
}


def post_write(*, user, data, post=None):
    """Create (`post` None) or edit a post from a WordPress content struct; return it.

    Checks every field before touching the database, so a refused struct changes nothing.
    """
    if not isinstance(data, dict):
        raise faults.invalid()
    if post is None and not user.has_perm("blog.add_post"):
        raise faults.not_allowed()
    creating = post is None
    post = post or Post(author=user, title="")
    _refuse_unknown_notions(data)
    changed = _apply_fields(post, data)
    terms = _terms(user, data)
    thumbnail = _thumbnail_choice(data)
    if creating and not post.title.strip():
        raise faults.invalid(_("The post needs a title."))
    if "post_name" in data or creating:
        post.slug = unique_slug(post.slug or post.title, exclude=post.pk)
    if thumbnail is not None:
        post.featured_image = thumbnail or None
        changed.append("featured_image")
    with transaction.atomic():
        post_save_from_admin(post=post, changed_fields=changed, user=user)
        _save_terms(post, terms)
    return post


def _refuse_unknown_notions(data):
    """Fault on what WordPress has and Carnet deliberately has not, rather than drop it silently.

    A post is public or unpublished: no "private" posts (readable by members only) and no
    password-protected posts, whose text WordPress keeps in plain sight of its database and feeds
    anyway. Custom fields have nowhere to live. Empty values, as editors send by default, pass.
    """
    if data.get("post_status") == "private":
        raise faults.invalid(
            _(
                "Carnet has no private posts: a post is either published for everyone or "
                "unpublished. Save it as a draft (post_status “draft”) to keep it to yourself."
            )
        )
    if data.get("post_password") not in (None, ""):
        raise faults.invalid(
            _(
                "Carnet has no password-protected posts. Send the post without a password, "
                "or save it as a draft to keep it unpublished."
            )
        )
    if data.get("custom_fields") not in (None, "", []):
        raise faults.invalid(
            _("Carnet does not keep custom fields: send the post without “custom_fields”.")
        )


def _apply_fields(post, data):
    changed = []
    for key, attribute in STRING_FIELDS.items():
        if key in data:
            if not isinstance(data[key], str):
                raise faults.invalid()
            setattr(post, attribute, data[key][:300] if key == "post_title" else data[key])
            changed.append(attribute)
    if "body" in changed:
        post.markup = Markup.HTML if post.body.lstrip().startswith("<") else Markup.MARKDOWN
    for key, attribute in (("comment_status", "comments_open"), ("ping_status", "pings_open")):
        if key in data:
            setattr(post, attribute, data[key] == "open")
    if "sticky" in data:
        post.sticky = bool(data["sticky"])
    _apply_status(post, data)
    return changed


def _apply_status(post, data):
    when = None
    for key in ("post_date_gmt", "post_date"):
        if data.get(key):
            when = to_datetime(data[key])
            if key == "post_date":  # the site's local time, as WordPress reads it
                when = timezone.make_aware(when.replace(tzinfo=None))
            break
    status = data.get("post_status")
    if status is not None and status not in vars(WPStatus).values():
        raise faults.invalid(_("Unknown post status."))
    if when is not None:
        post.published_at = when
    if status == WPStatus.DRAFT:
        post.status = Status.DRAFT
    elif status == WPStatus.PENDING:
        post.status = Status.PENDING
    elif status == WPStatus.PUBLISH:
        post.status = Status.PUBLISHED
        if when is None and post.published_at > timezone.now():
            post.published_at = timezone.now()
    elif status == WPStatus.FUTURE:
        if post.published_at <= timezone.now():
            raise faults.invalid(_("To schedule, choose a date in the future."))
        post.status = Status.PUBLISHED


def _thumbnail_choice(data):
    """The featured image asked for: an Image, "" to remove it, None when not mentioned."""
    if "post_thumbnail" not in data:
        return None
    value = data["post_thumbnail"]
    if value in ("", 0, "0"):
        return ""
    image = Image.objects.filter(pk=int(value)).first() if str(value).isdigit() else None
    if image is None:
        raise faults.fault(faults.Code.NOT_FOUND, _("Invalid attachment ID."))
    return image


def _terms(user, data):
    """{taxonomy: [terms]} from `terms` (ids) and `terms_names` (names); None when absent."""
    chosen = {}
    for key, by_name in (("terms", False), ("terms_names", True)):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise faults.invalid()
        for taxonomy, items in value.items():
            if taxonomy not in (CATEGORY, TAG) or not isinstance(items, list):
                raise faults.invalid(_("Unknown taxonomy."))
            found = [find_term(user, taxonomy, item, by_name=by_name) for item in items]
            chosen.setdefault(taxonomy, []).extend(found)
    return chosen


def find_term(user, taxonomy, item, *, by_name):
    model = Category if taxonomy == CATEGORY else Tag
    if not by_name:
        term = model.objects.filter(pk=int(item)).first() if str(item).isdigit() else None
        if term is None:
            raise faults.fault(faults.Code.NOT_FOUND, _("Invalid term ID."))
        return term
    if not isinstance(item, str) or not item.strip():
        raise faults.invalid()
    term = model.objects.filter(name__iexact=item.strip()).first()
    if term is None:
        if not user.has_perm(f"blog.add_{model._meta.model_name}"):
            raise faults.not_allowed()
        term = model(name=item.strip()[:200], slug=unique_slug(item, model=model))
    return term


def _save_terms(post, terms):
    for taxonomy, found in terms.items():
        for term in found:
            if term.pk is None:
                term.save()
        field = post.categories if taxonomy == CATEGORY else post.tags
        field.set(found)


def unique_slug(text, *, model=Post, exclude=None):
    """A slug made from `text`, free in `model` (with -2, -3… as WordPress adds)."""
    base = (slugify(str(text), allow_unicode=True) or "billet")[:190]
    others = model.objects.exclude(pk=exclude) if exclude else model.objects.all()
    slug, number = base, 2
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def post_delete(*, post):
    post.delete()
