"""WordPress's query-string links, redirected permanently after an import of the real export."""

from datetime import timedelta

import pytest
from django.urls import resolve

from blog.models import Category, Page, Post
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory
from wordpress.models import Attachment

pytestmark = pytest.mark.django_db


def redirect(client, url):
    response = client.get(url)
    assert response.status_code == 301, f"{url}: {response.status_code}"
    return response["Location"]


def test_post_and_page_ids(client, imported):
    sticky = Post.objects.get(slug="template-sticky")
    assert redirect(client, f"/?p={sticky.wp_id}") == "/2012/01/07/template-sticky/"
    about = Page.objects.get(slug="about")
    assert redirect(client, f"/?page_id={about.wp_id}") == "/about/"
    assert redirect(client, f"/?p={about.wp_id}") == "/about/"


def test_unknown_or_unpublished_ids_are_not_found(client, imported):
    assert client.get("/?p=999999").status_code == 404
    draft = Post.objects.get(title="Draft")
    assert client.get(f"/?p={draft.wp_id}").status_code == 404
    assert client.get("/?page_id=999999").status_code == 404


def test_category_and_tag(client, imported):
    child = Category.objects.filter(level=2).first()
    assert redirect(client, f"/?cat={child.wp_id}") == child.get_absolute_url()
    assert child.get_absolute_url().count("/") == 5
    assert redirect(client, "/?tag=8bit") == "/tag/8bit/"


def test_feeds(client, db):
    assert redirect(client, "/?feed=rss2") == "/feed/"
    assert redirect(client, "/?feed=atom") == "/feed/atom/"
    assert redirect(client, "/?feed=comments-rss2") == "/comments/feed/"
    assert redirect(client, "/feed/rss2/") == "/feed/"
    assert client.get("/feed/").status_code == 200


def test_archives(client, db):
    assert redirect(client, "/?m=2012") == "/2012/"
    assert redirect(client, "/?m=201201") == "/2012/01/"
    assert redirect(client, "/?m=20120107") == "/2012/01/07/"
    assert client.get("/?m=20").status_code == 404


def test_amp_pages(client, imported):
    url = redirect(client, "/2012/01/07/template-sticky/amp/")
    assert url == "/2012/01/07/template-sticky/"
    assert client.get(url).status_code == 200


def test_attachment_pages_and_ids(client, imported):
    canola = Attachment.objects.get(slug="canola2")
    post_url = canola.post.get_absolute_url()
    assert redirect(client, f"{post_url}canola2/") == post_url
    assert redirect(client, f"/?attachment_id={canola.wp_id}") == post_url
    assert client.get(f"{post_url}no-such-file/").status_code == 404


def test_an_unattached_file_leads_to_the_file(client, db):
    Attachment.objects.create(wp_id=77, url="https://example.org/wp-content/uploads/a.jpg")
    assert redirect(client, "/?attachment_id=77") == "https://example.org/wp-content/uploads/a.jpg"


def test_day_archive_pagination_is_left_alone():
    match = resolve("/2012/01/07/page/2/")
    assert (match.namespace, match.url_name) == ("blog", "day")
    assert resolve("/2012/01/07/a-post/a-file/").url_name == "attachment"
    assert resolve("/2012/01/07/a-post/feed/").url_name == "post_comments_feed"
    assert resolve("/2012/01/07/a-post/comment-page-2/").url_name == "post_comments"


def test_a_post_address_with_another_day_redirects(client, imported):
    post = Post.objects.get(slug="template-sticky")
    assert redirect(client, "/2012/01/08/template-sticky/") == post.get_absolute_url()
    assert redirect(client, "/2012/01/06/template-sticky/") == post.get_absolute_url()
    assert client.get("/2012/01/09/template-sticky/").status_code == 404


def test_a_post_written_here_keeps_its_one_date(client, db):
    post = PostFactory(slug="ici")
    day = post.published_at.date() - timedelta(days=1)
    assert client.get(f"/{day:%Y/%m/%d}/ici/").status_code == 404


def test_comment_anchors_and_permalinks(client, imported):
    comment = Comment.objects.get(wp_id=881)
    assert comment.pk == 881
    html = client.get(comment.post.get_absolute_url()).content.decode()
    assert 'id="comment-881"' in html
    # The comments app's own permalink view, unchanged, finds it by the same number.
    assert client.get("/comment/881/")["Location"].endswith("#comment-881")


def test_a_renumbered_comment_answers_to_its_old_number(client, db, theme_export):
    from wordpress.services import wordpress_import

    CommentFactory(pk=904, post=PostFactory(), status="trash")
    wordpress_import(source=theme_export)
    moved = Comment.objects.get(wp_id=904)
    assert redirect(client, "/comment/904/") == f"/comment/{moved.pk}/"


def test_other_query_strings_reach_the_home_page(client, db):
    assert client.get("/?utm_source=x").status_code == 200
    assert client.get("/?s=mot").status_code == 200


def test_redirects_cost_one_query_at_most(client, imported, django_assert_num_queries):
    sticky = Post.objects.get(slug="template-sticky")
    category = Category.objects.filter(wp_id__isnull=False).first()
    for url, queries in [
        (f"/?p={sticky.wp_id}", 1),
        (f"/?cat={category.wp_id}", 1),
        ("/?tag=8bit", 1),
        ("/?feed=rss2", 0),
        ("/?m=201201", 0),
        ("/feed/rss2/", 0),
        ("/2012/01/07/template-sticky/amp/", 0),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 301, url


@pytest.mark.parametrize(
    "url",
    [
        "/?p=%C2%B2",
        "/?cat=%C2%B2",
        "/?page_id=%C2%B2",
        "/?attachment_id=%C2%B2",
        "/?p=" + "9" * 5000,
        "/comment/" + "9" * 5000 + "/",
    ],
)
def test_odd_wordpress_ids_are_not_found(client, url):
    assert client.get(url).status_code == 404
