"""The JSON documents the blog shows the fediverse: actors, articles, notes and activities.

Only what readers can already see leaves the site: published posts, approved comments of the
blog's own people, and the public identity of the blog and of its authors.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import strip_tags

from blog.identity import current_identity
from blog.models import Post
from images.avatars import avatar_url, member_key

from . import conf
from .keys import local_key

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
PUBLIC_ALIASES = {PUBLIC, "as:Public", "Public"}
AVATAR_SIZE = 400


def absolute(path):
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def host():
    return settings.SITE_URL.split("://", 1)[1].split("/", 1)[0]


def actor_url(username):
    return absolute(reverse("fediverse:actor", kwargs={"username": username}))


def key_id(username):
    return f"{actor_url(username)}#main-key"


def author_of(username):
    """The author behind `username` (active, with a published post), or None."""
    if username == conf.settings.FEDIVERSE_BLOG_USERNAME:
        return None
    author = get_user_model().objects.filter(username=username, is_active=True).first()
    if author is None or not Post.objects.published().filter(author=author).exists():
        return None
    return author


def is_local_actor(username):
    return username == conf.settings.FEDIVERSE_BLOG_USERNAME or author_of(username) is not None


def post_actor(post):
    """The local actor a post is published by: its author."""
    return post.author.get_username()


def profile_url(username):
    """The HTML page of a local actor: the home page for the blog, the author's page."""
    if username == conf.settings.FEDIVERSE_BLOG_USERNAME:
        return absolute("/")
    return absolute(reverse("blog:author", kwargs={"username": username}))


def actor_document(username):
    """The actor `username`: a Service for the blog, a Person for an author."""
    identity = current_identity()
    author = author_of(username)
    url = actor_url(username)
    if author is None:
        kind, name, summary = "Service", identity.title, str(identity.tagline)
        picture = absolute(identity.logo_url) if identity.logo_url else _avatar(f"blog@{host()}")
    else:
        kind, name = "Person", author.get_full_name() or author.get_username()
        summary = f"{name} — {identity.title}"
        picture = _avatar(member_key(email=author.email, user_id=author.pk))
    return {
        "@context": [AS_CONTEXT, SECURITY_CONTEXT],
        "id": url,
        "type": kind,
        "preferredUsername": username,
        "name": name,
        "summary": summary,
        "url": profile_url(username),
        "icon": {"type": "Image", "mediaType": "image/png", "url": picture},
        "image": {
            "type": "Image",
            "url": absolute(identity.logo_url) if identity.logo_url else picture,
        },
        "inbox": absolute(reverse("fediverse:actor_inbox", kwargs={"username": username})),
        "outbox": absolute(reverse("fediverse:outbox", kwargs={"username": username})),
        "followers": absolute(reverse("fediverse:followers", kwargs={"username": username})),
        "endpoints": {"sharedInbox": absolute(reverse("fediverse:inbox"))},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "publicKey": {
            "id": key_id(username),
            "owner": url,
            "publicKeyPem": local_key(username).public_pem,
        },
    }


def _avatar(key):
    return absolute(avatar_url(key, AVATAR_SIZE))


def article(post):
    """A published post as an Article: title, excerpt, sanitised HTML, tags, featured image."""
    username = post_actor(post)
    url = absolute(post.get_absolute_url())
    document = {
        "id": url,
        "type": "Article",
        "attributedTo": actor_url(username),
        "name": post.title,
        "summary": strip_tags(post.excerpt_html).strip(),
        "content": post.body_html,
        # The site's language, not the reader's: a post is written in one.
        "contentMap": {settings.LANGUAGE_CODE[:2]: post.body_html},
        "url": url,
        "published": post.published_at.isoformat(),
        "updated": post.updated_at.isoformat(),
        "to": [PUBLIC],
        "cc": [followers_url(username)],
        "tag": [_hashtag(tag) for tag in post.tags.all()],
        "attachment": _attachments(post),
    }
    return document


def followers_url(username):
    return absolute(reverse("fediverse:followers", kwargs={"username": username}))


def _hashtag(tag):
    return {
        "type": "Hashtag",
        "href": absolute(tag.get_absolute_url()),
        "name": "#" + "".join(tag.name.split()),
    }


def _attachments(post):
    image = post.featured_image
    if image is None or image.fallback is None:
        return []
    return [
        {
            "type": "Image",
            "mediaType": image.fallback_mime_type,
            "url": absolute(image.fallback["url"]),
            "name": image.alt_text,
            "width": image.fallback["width"],
            "height": image.fallback["height"],
        }
    ]


def note(comment, *, content, in_reply_to, to):
    """A comment of the blog answering a fediverse reply, as the blog's Note to its author."""
    url = absolute(comment.get_absolute_url())
    return {
        "id": url,
        "type": "Note",
        "attributedTo": actor_url(conf.settings.FEDIVERSE_BLOG_USERNAME),
        "inReplyTo": in_reply_to,
        "content": content,
        "url": url,
        "published": comment.created_at.isoformat(),
        "to": [to],
        "cc": [PUBLIC],
        "tag": [{"type": "Mention", "href": to}],
    }


def activity(kind, *, username, obj, suffix=""):
    """An activity of `kind` by the local actor `username` about `obj` (a dict or an id)."""
    object_id = obj["id"] if isinstance(obj, dict) else obj
    document = {
        "@context": AS_CONTEXT,
        "id": f"{object_id}#{kind.lower()}{suffix}",
        "type": kind,
        "actor": actor_url(username),
        "object": obj,
    }
    if isinstance(obj, dict):
        document["to"], document["cc"] = obj.get("to", [PUBLIC]), obj.get("cc", [])
    return document
