"""Writing the whole blog as a WXR 1.2 file that WordPress's importer reads.

Streamed: the header (authors, categories, tags) first, then one rendered `<item>` per post, page
and attachment, fetched in chunks, so the export's size does not bound the memory.

Ids: WordPress numbers posts, pages and attachments in one sequence, and terms in another. What came
from WordPress keeps its number; what was written here is numbered after the highest of those.
Comments are numbered by their key, which an import makes equal to their WordPress number.
"""

from urllib.parse import quote, urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from blog.identity import load_identity
from blog.markup import Markup
from blog.models import Category, Page, Post, Status, Tag
from comments.models import Comment, CommentKind, CommentStatus

from .models import Attachment

CHUNK = 200
WP_APPROVED = {
    CommentStatus.APPROVED: "1",
    CommentStatus.PENDING: "0",
    CommentStatus.SPAM: "spam",
    CommentStatus.TRASH: "trash",
}


def wordpress_export(*, stream, posts=None):
    """Write the blog to `stream` (text) as WXR 1.2: posts, pages, attachments, comments.

    `posts`, a queryset of posts, exports those alone with their attachments, as WordPress's
    Tools › Export does when "Posts" is chosen.
    """
    for chunk in wordpress_export_chunks(posts=posts):
        stream.write(chunk)


def wordpress_export_chunks(*, posts=None):
    """The export of `wordpress_export`, as a stream of strings (for a streamed download)."""
    ids = _Numbering()
    everything = posts is None
    posts = Post.objects.all() if everything else posts
    yield render_to_string(
        "wordpress/wxr/head.xml", _head_context(ids, None if everything else posts)
    )
    threads = Prefetch("comments", queryset=Comment.objects.order_by("tree_id", "lft"))
    posts = posts.select_related("author").prefetch_related("categories", "tags", threads)
    for post in posts.order_by("pk").iterator(chunk_size=CHUNK):
        yield _render(_post_context(post, ids))
    attachments = Attachment.objects.select_related("post").order_by("wp_id")
    if everything:
        pages = Page.objects.select_related("author", "parent").prefetch_related(threads)
        for page in pages.order_by("tree_id", "lft"):
            yield _render(_page_context(page, ids))
    else:
        attachments = attachments.filter(post__in=posts.values("pk"))
    for attachment in attachments.iterator():
        yield _render(_attachment_context(attachment, ids))
    yield render_to_string("wordpress/wxr/foot.xml")


def export_posts(*, category=None, author=None, start=None, end=None):
    """The posts of a category (and its subcategories), an author, published between two days."""
    posts = Post.objects.all()
    if category is not None:
        posts = posts.filter(categories__in=category.get_descendants(include_self=True))
    if author is not None:
        posts = posts.filter(author=author)
    if start is not None:
        posts = posts.filter(published_at__date__gte=start)
    if end is not None:
        posts = posts.filter(published_at__date__lte=end)
    return Post.objects.filter(pk__in=posts.values("pk"))


def _render(context):
    return render_to_string("wordpress/wxr/item.xml", context)


class _Numbering:
    def __init__(self):
        wp_ids = [
            model.objects.aggregate(m=Max("wp_id"))["m"] or 0 for model in (Post, Page, Attachment)
        ]
        self.base = max(wp_ids)
        self.pages_base = self.base + (Post.objects.aggregate(m=Max("pk"))["m"] or 0)
        terms = [model.objects.aggregate(m=Max("wp_id"))["m"] or 0 for model in (Category, Tag)]
        self.term_base = max(terms)
        self.tags_base = self.term_base + (Category.objects.aggregate(m=Max("pk"))["m"] or 0)

    def post(self, post):
        return post.wp_id or self.base + post.pk

    def page(self, page):
        return page.wp_id or self.pages_base + page.pk

    def category(self, category):
        return category.wp_id or self.term_base + category.pk

    def tag(self, tag):
        return tag.wp_id or self.tags_base + tag.pk


def _head_context(ids, posts=None):
    categories = list(Category.objects.select_related("parent").order_by("tree_id", "lft"))
    for category in categories:
        category.export_id = ids.category(category)
        category.export_slug = _slug(category.slug)
        category.export_parent = _slug(category.parent.slug) if category.parent else ""
    tags = list(Tag.objects.order_by("pk"))
    for tag in tags:
        tag.export_id, tag.export_slug = ids.tag(tag), _slug(tag.slug)
    author_ids = _author_ids() if posts is None else posts.values("author_id")
    authors = get_user_model().objects.filter(pk__in=author_ids).order_by("pk")
    # The blog's name as the admin set it (else BLOG_TITLE), read from the database rather than
    # the cache, so an export always costs the same queries.
    identity = load_identity()
    return {
        "title": identity.title,
        "tagline": identity.tagline,
        "site_url": settings.SITE_URL,
        "language": settings.LANGUAGE_CODE,
        "now": timezone.now(),
        "authors": authors,
        "categories": categories,
        "tags": tags,
    }


def _author_ids():
    return set(Post.objects.values_list("author_id", flat=True)) | set(
        Page.objects.values_list("author_id", flat=True)
    )


def _post_context(post, ids):
    export_id = ids.post(post)
    categories, tags = list(post.categories.all()), list(post.tags.all())
    for term in categories:
        term.export_slug = _slug(term.slug)
    for term in tags:
        term.export_slug = _slug(term.slug)
    return {
        **_publishable_context(post, export_id, "post"),
        "excerpt": post.excerpt if post.markup == Markup.HTML else post.excerpt_html,
        "comment_status": "open" if post.comments_open else "closed",
        "ping_status": "open" if post.pings_open else "closed",
        "sticky": post.sticky,
        "categories": categories,
        "tags": tags,
        "comments": _comments(post),
    }


def _page_context(page, ids):
    return {
        **_publishable_context(page, ids.page(page), "page"),
        "parent_id": ids.page(page.parent) if page.parent else 0,
        "menu_order": page.menu_order,
        # Closed: pages take no new comments here; the imported discussion goes back with them.
        "comments": _comments(page),
    }


def _comments(item):
    """The discussion of a post or page (prefetched, in tree order), with WordPress's values."""
    comments = list(item.comments.all())
    for comment in comments:
        comment.wp_approved = WP_APPROVED[comment.status]
        comment.wp_type = comment.kind if comment.kind != CommentKind.COMMENT else "comment"
    return comments


def _publishable_context(item, export_id, post_type):
    public_url = item.get_absolute_url()
    return {
        "item": item,
        "export_id": export_id,
        "post_type": post_type,
        "link": settings.SITE_URL + public_url,
        "guid": f"{settings.SITE_URL}/?{'page_id' if post_type == 'page' else 'p'}={export_id}",
        # WordPress wants HTML: a Markdown source goes out rendered.
        "body": item.body if item.markup == Markup.HTML else item.body_html,
        "excerpt": "",
        "slug": _slug(item.slug),
        "status": _wp_status(item),
        "parent_id": 0,
        "menu_order": 0,
        "comment_status": "closed",
        "ping_status": "closed",
    }


def _attachment_context(attachment, ids):
    post = attachment.post
    # WordPress downloads the file from this address: it must be absolute.
    file_url = urljoin(settings.SITE_URL + "/", attachment.file_url)
    return {
        "item": _AttachmentItem(attachment, post),
        "export_id": attachment.wp_id,
        "post_type": "attachment",
        "link": file_url,
        "guid": attachment.guid or attachment.url,
        "body": "",
        "excerpt": "",
        "slug": _slug(attachment.slug),
        "status": "inherit",
        "parent_id": ids.post(post) if post else (attachment.parent_wp_id or 0),
        "menu_order": 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "attachment_url": file_url,
    }


class _AttachmentItem:
    """What the item template reads of a post, for an attachment."""

    def __init__(self, attachment, post):
        self.title = attachment.title
        self.published_at = post.published_at if post else timezone.now()
        self.author = post.author if post else get_user_model()(username="")


def _wp_status(item):
    if item.status == Status.DRAFT:
        return "draft"
    return "future" if item.is_scheduled else "publish"


def _slug(slug):
    """WordPress stores slugs that are not ASCII percent-encoded, in lower case."""
    return quote(slug, safe="-_.~").lower() if not slug.isascii() else slug
