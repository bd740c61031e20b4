"""Importing the real WordPress.com Theme Unit Test export: counts, threads, statuses, idempotence."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from blog.markup import Markup
from blog.models import Category, Page, Post, Status, Tag
from comments.models import Comment, CommentKind, CommentStatus
from tests.factories import CommentFactory, PostFactory
from wordpress.models import Attachment
from wordpress.report import Kind, Note, Skip
from wordpress.services import wordpress_import
from wordpress.wxr import WXRError

from .conftest import assert_valid_trees, tree_text

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row an import writes, as comparable values."""
    return {
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "posts": sorted(Post.objects.values_list("wp_id", "slug", "status")),
        "pages": sorted(Page.objects.values_list("wp_id", "path", "lft", "rght")),
        "categories": sorted(Category.objects.values_list("slug", "tree_id", "lft", "rght")),
        "tags": sorted(Tag.objects.values_list("slug", flat=True)),
        "comments": sorted(Comment.objects.values_list("pk", "tree_id", "lft", "rght")),
        "attachments": sorted(Attachment.objects.values_list("wp_id", "post_id")),
    }


def test_imports_the_counts_of_the_theme_unit_test(imported):
    posts = Post.objects.all()
    assert posts.count() == 58
    assert posts.filter(status=Status.PUBLISHED).count() == 56
    assert [p.title for p in posts.published()].count("Template: Sticky") == 1
    assert posts.published().count() == 55
    assert posts.filter(status=Status.DRAFT).count() == 2
    scheduled = [p for p in posts if p.is_scheduled]
    assert [p.slug for p in scheduled] == ["scheduled"]
    assert Page.objects.count() == 21
    assert Category.objects.count() == 68
    assert max(c.level for c in Category.objects.all()) == 2
    # 110 tags in the export's header, and 4 more that only its posts name (columns, content,
    # sample, test-tag): dropping those would untag the posts.
    assert Tag.objects.count() == 114
    assert Tag.objects.filter(wp_id__isnull=False).count() == 110
    assert Attachment.objects.count() == 37
    assert dict(imported.post_statuses) == {"published": 55, "draft": 2, "scheduled": 1}


def test_imports_comments_pingbacks_and_trackbacks(imported):
    comments = Comment.objects.all()
    assert comments.count() == 33
    assert comments.filter(kind=CommentKind.PINGBACK).count() == 2
    assert comments.filter(kind=CommentKind.TRACKBACK).count() == 2
    assert comments.filter(status=CommentStatus.PENDING).count() == 3
    assert comments.filter(page__isnull=False).count() == 5
    assert not any(reason == Skip.ATTACHMENT_COMMENT for _kind, reason in imported.skipped)
    assert imported.created[Kind.COMMENT] == 29


def test_page_comments_keep_their_threads_and_statuses(imported):
    page = Page.objects.get(wp_id=155)
    thread = Comment.objects.get(wp_id=168)
    assert thread.page == page and thread.post is None
    assert [c.wp_id for c in thread.get_children()] == [1017]
    # Threads in date order, as WordPress shows them; the reply held for moderation stays held.
    assert tree_text(Comment.objects.filter(page=page)) == "\n".join(
        [
            "tellyworthtest2 (comment, approved)",
            "  themereviewteam (comment, pending)",
            "Anon (comment, approved)",
            "themedemos (comment, approved)",
        ]
    )
    assert Comment.objects.get(wp_id=1017).status == CommentStatus.PENDING
    assert Comment.objects.get(wp_id=1016).page.wp_id == 703
    assert_valid_trees(list(Comment.objects.all()))


def test_keeps_the_ten_level_reply_chain(imported):
    chain = Comment.objects.get(wp_id=915)
    assert chain.level == 9
    assert [c.wp_id for c in chain.get_ancestors()] == [904, 905, 906, 907, 910, 911, 912, 913, 914]
    assert_valid_trees(list(Comment.objects.all()))
    thread = Comment.objects.filter(tree_id=Comment.objects.get(wp_id=904).tree_id)
    assert tree_text(thread) == "\n".join(
        [
            "John Κώστας Doe Τάδε (comment, approved)",
            "  Jane Bloggs (comment, approved)",
            "    Fred Bloggs (comment, approved)",
            "      Fred Bloggs (comment, approved)",
            "        themedemos (comment, approved)",
            "          Jane Bloggs (comment, approved)",
            "            Joe Bloggs (comment, approved)",
            "              Jane Bloggs (comment, approved)",
            "                Joe Bloggs (comment, approved)",
            "                  themedemos (comment, approved)",
        ]
    )


def test_comments_keep_their_wordpress_number_as_key(imported):
    assert all(c.pk == c.wp_id for c in Comment.objects.all())


def test_decodes_html_entities_in_names(imported):
    ping = Comment.objects.get(wp_id=921)
    assert ping.author_name == "Ping 1 « What’s a tellyworth?"
    assert Comment.objects.get(wp_id=881).author_name == "John Γιάννης Doe Κάποιος"


def test_keeps_slugs_dates_authors_and_html(imported):
    post = Post.objects.get(slug="template-sticky")
    assert post.sticky
    assert post.markup == Markup.HTML
    assert post.author.username == "themedemos"
    assert post.author.get_full_name() == "Theme Buster"
    # The export writes ">themereviewteam" once: still the same author.
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["themedemos", "themereviewteam"]
    assert not post.author.has_usable_password()
    assert post.get_absolute_url() == "/2012/01/07/template-sticky/"
    assert post.announced_at == post.published_at
    block = Post.objects.get(slug="wp-6-1-font-size-scale")
    assert "<!-- wp:" not in block.body_html
    assert "Small H2 Heading" in block.body_html


def test_password_protected_and_draft_are_drafts_and_listed(imported):
    protected = Post.objects.get(slug="template-password-protected")
    assert protected.status == Status.DRAFT
    assert imported.notes[Note.PASSWORD] == [protected.title]
    assert Post.objects.get(title="Draft").slug == "draft"


def test_more_tag_and_excerpts(imported):
    more = Post.objects.get(slug="template-more-tag")
    assert more.has_more
    excerpt = Post.objects.get(slug="template-excerpt-defined")
    assert excerpt.excerpt and excerpt.has_more


def test_nested_pages_keep_their_tree(imported):
    grandchild = Page.objects.get(slug="page-image-alignment")
    assert grandchild.parent.slug == "about"
    deep = Page.objects.filter(level=2)
    assert deep.exists()
    for page in Page.objects.all():
        assert page.path == "/".join(p.slug for p in page.get_ancestors(include_self=True))


def test_lists_shortcodes_and_skipped_items(imported):
    assert any(label.startswith("[caption]") for label in imported.notes[Note.SHORTCODE])
    assert imported.skipped[("nav_menu_item", Skip.POST_TYPE)] == 70
    assert imported.skipped[("nav_menu", Skip.TAXONOMY)] == 6


def test_attachments_are_linked_to_their_post(imported):
    canola = Attachment.objects.get(slug="canola2")
    assert canola.post.slug == "post-format-gallery"
    assert canola.url == "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"


def test_importing_twice_imports_nothing_twice(imported, theme_export):
    before = snapshot()
    again = wordpress_import(source=theme_export)
    assert snapshot() == before
    assert sum(again.created.values()) == 0
    assert again.existing[Kind.POST] == 58
    assert again.existing[Kind.COMMENT] == 33


def test_a_new_reply_in_a_later_export_joins_its_thread(imported):
    before = Comment.objects.get(wp_id=915)
    xml = export_with_reply(parent=915, wp_id=5000)
    wordpress_import(source=io.BytesIO(xml))
    reply = Comment.objects.get(wp_id=5000)
    assert reply.parent == before
    assert reply.level == 10
    assert_valid_trees(list(Comment.objects.all()))


def test_imports_send_no_mail(imported):
    assert mail.outbox == []


def test_a_comment_number_already_used_here_gets_a_new_key(db, theme_export):
    CommentFactory(pk=904, post=PostFactory())
    report = wordpress_import(source=theme_export)
    moved = Comment.objects.get(wp_id=904)
    assert moved.pk != 904
    assert Comment.objects.get(wp_id=905).parent == moved
    # Keys are chosen batch by batch: 904 took the first free key after the posts' comments,
    # 1016, which the page comment written later wanted, so that one moves too.
    assert report.notes[Note.RENUMBERED] == [f"#904 → {moved.pk}", "#1016 → 1018"]
    assert_valid_trees(list(Comment.objects.filter(wp_id__isnull=False)))


def test_a_bad_file_leaves_the_database_as_it_was(imported, theme_export):
    before = snapshot()
    truncated = theme_export.read_bytes()[:-5000]
    with pytest.raises(WXRError, match="tronqué"):
        wordpress_import(source=io.BytesIO(truncated.replace(b"<wp:post_id>1", b"<wp:post_id>9")))
    assert snapshot() == before


def test_a_truncated_file_imports_nothing(db, theme_export):
    with pytest.raises(WXRError):
        wordpress_import(source=io.BytesIO(theme_export.read_bytes()[:400_000]))
    assert not Post.objects.exists()
    assert not Category.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_new_reply_on_a_page_in_a_later_export_joins_its_thread(imported):
    before = Comment.objects.get(wp_id=168)
    xml = export_with_reply(parent=168, wp_id=5001, item=(155, "page", "Page with comments"))
    report = wordpress_import(source=io.BytesIO(xml))
    reply = Comment.objects.get(wp_id=5001)
    assert (reply.parent, reply.page, reply.level) == (before, before.page, 1)
    assert report.existing[Kind.PAGE] == 1
    assert_valid_trees(list(Comment.objects.all()))


def export_with_reply(*, parent, wp_id, item=(1148, "post", "Template: Comments")):
    item_id, post_type, title = item
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>{title}</title><wp:post_id>{item_id}</wp:post_id>
<wp:post_type>{post_type}</wp:post_type><wp:status>publish</wp:status>
<wp:comment><wp:comment_id>{wp_id}</wp:comment_id><wp:comment_parent>{parent}</wp:comment_parent>
<wp:comment_author>Nouvelle</wp:comment_author><wp:comment_approved>1</wp:comment_approved>
<wp:comment_date_gmt>2024-01-01 10:00:00</wp:comment_date_gmt>
<wp:comment_content>Encore une réponse.</wp:comment_content></wp:comment>
</item></channel></rss>""".encode()


def test_new_comments_after_an_import_get_fresh_keys(imported):
    highest = Comment.objects.order_by("-pk").first().pk
    reply = CommentFactory(post=Post.objects.get(slug="template-comments"))
    assert reply.pk > highest


def test_the_admins_pending_badge_counts_imported_comments(db, theme_export):
    from comments.queue import pending_count

    assert pending_count() == 0  # cached before the import

    wordpress_import(source=theme_export)

    assert pending_count() == Comment.objects.filter(status=CommentStatus.PENDING).count() > 0


def test_pages_keep_their_comment_status(imported):
    assert Page.objects.get(wp_id=155).comments_open
    assert not Page.objects.get(wp_id=146).comments_open
