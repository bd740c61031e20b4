"""The older APIs editors still speak: MetaWeblog, Blogger and MovableType, over the same posts."""

from django.utils.translation import gettext as _

from blog.models import Category
from core.xmlrpc import method_names

from . import blogs, faults, posts, wp_api
from .xmlrpc import method


def _to_wp(struct, publish):
    """A MetaWeblog struct as the WordPress struct `posts.post_write` reads."""
    data = {}
    pairs = {
        "title": "post_title",
        "description": "post_content",
        "mt_excerpt": "post_excerpt",
        "wp_slug": "post_name",
        "date_created_gmt": "post_date_gmt",
        "dateCreated": "post_date_gmt",
        "wp_post_thumbnail": "post_thumbnail",
        "post_status": "post_status",
    }
    for key, wp_key in pairs.items():
        if key in struct and wp_key not in data:
            data[wp_key] = struct[key]
    if isinstance(struct.get("mt_text_more"), str) and struct["mt_text_more"]:
        data["post_content"] = (
            f"{data.get('post_content', '')}\n\n<!--more-->\n\n{struct['mt_text_more']}"
        )
    for key, wp_key in (("mt_allow_comments", "comment_status"), ("mt_allow_pings", "ping_status")):
        if key in struct:
            data[wp_key] = "open" if struct[key] in (1, "1", "open", True) else "closed"
    names = {}
    if isinstance(struct.get("categories"), list):
        names[posts.CATEGORY] = struct["categories"]
    if isinstance(struct.get("mt_keywords"), str):
        names[posts.TAG] = [t.strip() for t in struct["mt_keywords"].split(",") if t.strip()]
    if names:
        data["terms_names"] = names
    if "post_status" not in data:
        data["post_status"] = posts.WPStatus.PUBLISH if publish else posts.WPStatus.DRAFT
    if data["post_status"] == posts.WPStatus.PUBLISH and _in_future(data):
        data["post_status"] = posts.WPStatus.FUTURE
    return data


def _in_future(data):
    from django.utils import timezone

    when = data.get("post_date_gmt")
    return bool(when) and posts.to_datetime(when) > timezone.now()


def _mw_struct(post, request):
    link = request.build_absolute_uri(post.get_absolute_url())
    return {
        "postid": str(post.pk),
        "userid": str(post.author_id),
        "title": post.title,
        "description": post.body,
        "mt_excerpt": post.excerpt,
        "mt_text_more": "",
        "link": link,
        "permaLink": link,
        "dateCreated": posts.to_rpc_date(post.published_at),
        "date_created_gmt": posts.to_rpc_date(post.published_at),
        "categories": [category.name for category in post.categories.all()],
        "mt_keywords": ", ".join(tag.name for tag in post.tags.all()),
        "wp_slug": post.slug,
        "post_status": posts.wp_status(post),
        "mt_allow_comments": int(post.comments_open),
        "mt_allow_pings": int(post.pings_open),
    }


@method("metaWeblog.newPost", int, str, str, dict, bool, auth_at=1, optional=1)
def new_post(request, user, blog_id, struct, publish=False):
    return str(posts.post_write(user=user, data=_to_wp(struct, publish)).pk)


@method("metaWeblog.editPost", int, str, str, dict, bool, auth_at=1, optional=1)
def edit_post(request, user, post_id, struct, publish=False):
    post = posts.post_for(user, post_id)
    data = _to_wp(struct, publish)
    if "post_status" not in struct and not publish:
        data.pop("post_status")
    posts.post_write(user=user, data=data, post=post)
    return True


@method("metaWeblog.getPost", int, str, str, auth_at=1)
def get_post(request, user, post_id):
    return _mw_struct(posts.post_for(user, post_id, perm="blog.view_post"), request)


@method("metaWeblog.getRecentPosts", int, str, str, int, auth_at=1, optional=1)
def get_recent_posts(request, user, blog_id, number=10):
    number = wp_api._bounded(number, wp_api.conf.settings.PUBLISHING_MAX_POSTS)
    found = posts.visible_posts(user).order_by("-published_at", "-id")[:number]
    return [_mw_struct(post, request) for post in found]


@method("metaWeblog.getCategories", int, str, str, auth_at=1)
def get_categories(request, user, blog_id):
    home = request.build_absolute_uri("/")
    return [
        {
            "categoryId": str(category.pk),
            "parentId": str(category.parent_id or 0),
            "categoryName": category.name,
            "categoryDescription": category.description,
            "description": category.name,
            "htmlUrl": request.build_absolute_uri(category.get_absolute_url()),
            "rssUrl": home,
        }
        for category in wp_api._view_terms(user, Category)
    ]


@method("metaWeblog.newMediaObject", int, str, str, dict, auth_at=1)
def new_media_object(request, user, blog_id, data):
    return wp_api.media_upload(request, user, data)


@method("blogger.getUsersBlogs", str, str, str, auth_at=1)
def blogger_get_users_blogs(request, user, app_key):
    return [blogs.blog_struct(request, user)]


@method("blogger.deletePost", str, int, str, str, bool, auth_at=2, optional=1)
def blogger_delete_post(request, user, app_key, post_id, publish=False):
    posts.post_delete(post=posts.post_for(user, post_id, perm="blog.delete_post"))
    return True


@method("mt.getCategoryList", int, str, str, auth_at=1)
def get_category_list(request, user, blog_id):
    found = wp_api._view_terms(user, Category)
    return [{"categoryId": str(c.pk), "categoryName": c.name} for c in found]


@method("mt.getPostCategories", int, str, str, auth_at=1)
def get_post_categories(request, user, post_id):
    post = posts.post_for(user, post_id, perm="blog.view_post")
    return [
        {"categoryId": str(c.pk), "categoryName": c.name, "isPrimary": number == 0}
        for number, c in enumerate(post.categories.order_by("name"))
    ]


@method("mt.setPostCategories", int, str, str, list, auth_at=1)
def set_post_categories(request, user, post_id, categories):
    post = posts.post_for(user, post_id)
    if not all(isinstance(item, dict) for item in categories):
        raise faults.invalid(_("Expected a list of categories."))
    ids = [item.get("categoryId") for item in categories]
    posts.post_write(user=user, data={"terms": {posts.CATEGORY: ids}}, post=post)
    return True


@method("mt.publishPost", int, str, str, auth_at=1)
def publish_post(request, user, post_id):
    post = posts.post_for(user, post_id)
    status = posts.WPStatus.FUTURE if post.is_scheduled else posts.WPStatus.PUBLISH
    posts.post_write(user=user, data={"post_status": status}, post=post)
    return True


@method("mt.supportedMethods")
def supported_methods(request):
    return method_names()
