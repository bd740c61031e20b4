"""Export, then re-import into an empty database: everything comes back as it was."""

import io
from datetime import datetime, timedelta

import pytest
from defusedxml.ElementTree import fromstring
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Category, Page, Post, Status, Tag
from comments.models import Comment, CommentKind, CommentStatus
from tests.factories import CategoryFactory, CommentFactory, PageFactory, PostFactory, TagFactory
from wordpress.exporter import wordpress_export
from wordpress.models import Attachment
from wordpress.services import wordpress_import

from .conftest import assert_valid_trees

pytestmark = pytest.mark.django_db


def everything():
    """The blog's content by natural keys (no primary keys), for comparing two databases."""

    def slugs(manager):
        return sorted(manager.values_list("slug", flat=True))

    return {
        "authors": sorted(
            get_user_model()
            .objects.filter(posts__isnull=False)
            .distinct()
            .values_list("username", "email", "first_name", "last_name")
        ),
        "posts": sorted(
            (
                p.wp_id,
                p.title,
                p.slug,
                p.status,
                p.published_at,
                p.body_html,
                p.excerpt_html,
                p.has_more,
                p.sticky,
                p.author.username,
                p.comments_open,
                p.pings_open,
                slugs(p.categories),
                slugs(p.tags),
            )
            for p in Post.objects.select_related("author")
        ),
        "pages": sorted(
            (p.wp_id, p.title, p.path, p.status, p.published_at, p.body_html, p.menu_order, p.level)
            for p in Page.objects.all()
        ),
        "categories": sorted(
            (c.wp_id, c.slug, c.name, c.path, c.description) for c in Category.objects.all()
        ),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "comments": sorted(
            (
                c.wp_id,
                ("post", c.post.wp_id) if c.post else ("page", c.page.wp_id),
                c.parent.wp_id if c.parent else None,
                c.level,
                c.author_name,
                c.author_email,
                c.author_url,
                c.ip_address,
                c.status,
                c.kind,
                c.created_at,
                c.body_html,
            )
            for c in Comment.objects.select_related("post", "page", "parent")
        ),
        "attachments": sorted(
            (a.wp_id, a.slug, a.title, a.url, a.post.wp_id if a.post else None)
            for a in Attachment.objects.select_related("post")
        ),
    }


def to_seconds(value):
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


def export():
    out = io.StringIO()
    wordpress_export(stream=out)
    return out.getvalue()


def empty_the_database():
    Comment.objects.update(parent=None)
    Comment.objects.all().delete()
    Attachment.objects.all().delete()
    Post.objects.all().delete()
    Page.objects.update(parent=None)
    Page.objects.all().delete()
    Category.objects.update(parent=None)
    Category.objects.all().delete()
    Tag.objects.all().delete()
    get_user_model().objects.all().delete()


def test_round_trip_of_the_theme_unit_test(imported):
    before = everything()
    xml = export()
    empty_the_database()
    assert not Post.objects.exists()
    report = wordpress_import(source=io.BytesIO(xml.encode()))
    assert everything() == before
    assert report.created["post"] == 58
    assert Comment.objects.count() == 33
    assert Comment.objects.filter(page__isnull=False).count() == 5
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 3
    assert Comment.objects.filter(kind=CommentKind.PINGBACK).count() == 2
    assert Comment.objects.get(wp_id=915).level == 9
    assert_valid_trees(list(Comment.objects.all()))


def test_round_trip_of_content_written_here(db):
    parent = CategoryFactory(slug="voyages", name="Voyages")
    child = CategoryFactory(slug="été", name="Été", parent=parent)
    post = PostFactory(
        title="Carnet d’été",
        body="Premier *paragraphe*.\n\n<!--more-->\n\nLa suite.",
        categories=[child],
        tags=[TagFactory(slug="mer", name="Mer")],
        sticky=True,
    )
    PostFactory(status=Status.DRAFT, title="Brouillon")
    PostFactory(title="Demain", published_at=timezone.now() + timedelta(days=2))
    root = CommentFactory(post=post, author_name="Zoé & Cie")
    CommentFactory(post=post, parent=root, status=CommentStatus.PENDING)
    CommentFactory(post=post, kind=CommentKind.PINGBACK, author_name="Un autre blog")
    about = PageFactory(slug="a-propos", title="À propos")
    PageFactory(slug="equipe", parent=about)
    on_page = CommentFactory(post=None, page=about, author_name="Lectrice")
    CommentFactory(
        post=None, page=about, parent=on_page, author_name="Lecteur", status=CommentStatus.PENDING
    )
    before = everything()
    xml = export()
    empty_the_database()
    wordpress_import(source=io.BytesIO(xml.encode()))
    after = everything()

    def without_ids(state, kind, columns):
        """WXR dates have whole seconds; keys and WordPress ids are new."""
        return sorted(tuple(to_seconds(row[i]) for i in columns) for row in state[kind])

    for kind, columns in [
        ("authors", (0, 1, 2, 3)),
        ("categories", (1, 2, 3, 4)),
        ("tags", (0, 1)),
        ("posts", (1, 2, 3, 8, 9, 10, 11, 12, 13)),
        ("comments", (3, 4, 5, 6, 8, 9, 10, 11)),
    ]:
        assert without_ids(after, kind, columns) == without_ids(before, kind, columns), kind
    assert sorted(p[2] for p in after["pages"]) == ["a-propos", "a-propos/equipe"]
    page_thread = Comment.objects.filter(page__slug="a-propos").order_by("lft")
    assert [(c.author_name, c.level, c.status) for c in page_thread] == [
        ("Lectrice", 0, CommentStatus.APPROVED),
        ("Lecteur", 1, CommentStatus.PENDING),
    ]
    assert Post.objects.get(title="Demain").is_scheduled


def test_the_export_is_wxr_1_2_that_wordpress_reads(imported):
    root = fromstring(export().encode())
    wp = "{http://wordpress.org/export/1.2/}"
    channel = root.find("channel")
    assert channel.findtext(f"{wp}wxr_version") == "1.2"
    items = channel.findall("item")
    types = [i.findtext(f"{wp}post_type") for i in items]
    assert (types.count("post"), types.count("page"), types.count("attachment")) == (58, 21, 37)
    ids = [i.findtext(f"{wp}post_id") for i in items]
    assert len(set(ids)) == len(ids)
    statuses = [i.findtext(f"{wp}status") for i in items if i.findtext(f"{wp}post_type") == "post"]
    assert (statuses.count("publish"), statuses.count("draft"), statuses.count("future")) == (
        55,
        2,
        1,
    )


def test_the_command_writes_to_standard_output(imported):
    out = io.StringIO()
    call_command("export_wordpress", stdout=out)
    assert out.getvalue().startswith('<?xml version="1.0" encoding="UTF-8" ?>')
    assert out.getvalue().rstrip().endswith("</rss>")


def test_export_queries_do_not_grow_with_the_blog(db):
    def count_queries(posts):
        for _ in range(posts):
            post = PostFactory(categories=[CategoryFactory()], tags=[TagFactory()])
            CommentFactory(post=post)
        CommentFactory(post=None, page=PageFactory(parent=PageFactory()))
        with CaptureQueriesContext(connection) as queries:
            export()
        return len(queries)

    few = count_queries(3)
    assert count_queries(30) == few


def test_downloaded_files_are_exported_with_an_absolute_address(db, settings):
    settings.SITE_URL = "https://carnet.example"
    Attachment.objects.create(
        wp_id=5, url="https://old.example/a.jpg", local_url="/media/images/ab/a.webp"
    )
    root = fromstring(export().encode())
    wp = "{http://wordpress.org/export/1.2/}"
    item = root.find("channel/item")
    assert item.findtext(f"{wp}attachment_url") == "https://carnet.example/media/images/ab/a.webp"


def test_the_export_names_the_blog_as_renamed_in_the_admin(db):
    from blog.identity import SiteIdentity

    SiteIdentity.objects.create(title="Le pain et les jours", tagline="Du levain, surtout")
    channel = fromstring(export().encode()).find("channel")
    assert channel.findtext("title") == "Le pain et les jours"
    assert channel.findtext("description") == "Du levain, surtout"
