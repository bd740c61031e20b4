"""A full round trip with python-wordpress-xmlrpc, a client written for WordPress itself."""

import collections
import collections.abc
import datetime
import xmlrpc.client

import pytest
from django.utils import timezone
from wordpress_xmlrpc import Client, WordPressPost, WordPressTerm
from wordpress_xmlrpc.exceptions import InvalidCredentialsError
from wordpress_xmlrpc.methods import media, posts, taxonomies, users

from blog.markup import Markup
from blog.models import Category, Post, Status, Tag
from images.models import Image
from tests.factories import CategoryFactory
from tests.images.samples import jpeg

# python-wordpress-xmlrpc 2.3 (its last release) still names collections.Iterable, which
# Python 3.10 moved to collections.abc: give it the name back before a call reads it.
collections.Iterable = collections.abc.Iterable


@pytest.fixture
def wp(live_server, author, author_password):
    return Client(f"{live_server.url}/xmlrpc.php", "camille", author_password)


def test_new_post_with_category_tag_and_image_edit_schedule_read_back_delete(wp, author):
    CategoryFactory(name="Voyages", slug="voyages")
    upload = wp.call(
        media.UploadFile(
            {"name": "port.jpg", "type": "image/jpeg", "bits": xmlrpc.client.Binary(jpeg())}
        )
    )
    image = Image.objects.get()
    assert upload["id"] == str(image.pk) and upload["url"].endswith(image.file.url)

    post = WordPressPost()
    post.title = "Le port à l’aube"
    post.content = "Un **matin** calme.\n\n<script>alert(1)</script>"
    post.terms_names = {"category": ["Voyages"], "post_tag": ["mer", "lumière"]}
    post.thumbnail = upload["id"]
    post.post_status = "publish"
    post_id = wp.call(posts.NewPost(post))

    stored = Post.objects.get(pk=post_id)
    assert (stored.author, stored.status, stored.markup) == (
        author,
        Status.PUBLISHED,
        Markup.MARKDOWN,
    )
    assert "<strong>matin</strong>" in stored.body_html and "<script" not in stored.body_html
    assert stored.slug == "le-port-à-laube"
    assert [c.name for c in stored.categories.all()] == ["Voyages"]
    assert sorted(t.name for t in stored.tags.all()) == ["lumière", "mer"]
    assert stored.featured_image == image

    post.title = "Le port au crépuscule"
    post.content = "<p>Le soir tombe.</p>"
    post.date = (
        (timezone.now() + datetime.timedelta(days=3)).astimezone(datetime.UTC).replace(tzinfo=None)
    )
    post.post_status = "future"
    assert wp.call(posts.EditPost(post_id, post)) is True
    stored.refresh_from_db()
    assert stored.title == "Le port au crépuscule" and stored.is_scheduled
    assert stored.markup == Markup.HTML and stored.body_html == "<p>Le soir tombe.</p>"

    read = wp.call(posts.GetPost(post_id))
    assert (read.title, read.post_status, read.slug) == (
        "Le port au crépuscule",
        "future",
        "le-port-à-laube",
    )
    assert sorted(term.name for term in read.terms) == ["Voyages", "lumière", "mer"]
    assert read.thumbnail["attachment_id"] == str(image.pk)
    assert [p.id for p in wp.call(posts.GetPosts({"post_status": "future"}))] == [post_id]
    assert wp.call(posts.GetPosts({"post_status": "publish"})) == []

    author.is_superuser = True  # deleting is an administrator's right, not an "Auteur"'s
    author.save()
    assert wp.call(posts.DeletePost(post_id)) is True
    assert not Post.objects.exists() and wp.call(posts.GetPosts()) == []


def test_an_author_cannot_delete_and_an_editor_can(wp, author, live_server, author_password):
    post = WordPressPost()
    post.title, post.content = "À effacer", "Texte."
    post_id = wp.call(posts.NewPost(post))
    with pytest.raises(xmlrpc.client.Fault) as refused:
        wp.call(posts.DeletePost(post_id))
    assert refused.value.faultCode == 401
    assert Post.objects.filter(pk=post_id).exists()
    author.is_superuser = True
    author.save()
    assert wp.call(posts.DeletePost(post_id)) is True
    assert not Post.objects.exists()


def test_terms_listed_read_and_created(wp, author):
    CategoryFactory(name="Voyages", slug="voyages")
    names = [term.name for term in wp.call(taxonomies.GetTerms("category"))]
    assert names == ["Voyages"]
    tag = WordPressTerm()
    tag.taxonomy, tag.name = "post_tag", "Photographie"
    tag_id = wp.call(taxonomies.NewTerm(tag))
    assert Tag.objects.get(pk=tag_id).slug == "photographie"
    assert wp.call(taxonomies.GetTerm("post_tag", tag_id)).name == "Photographie"
    category = WordPressTerm()
    category.taxonomy, category.name = "category", "Cuisine"
    with pytest.raises(xmlrpc.client.Fault) as refused:  # an "Auteur" cannot add categories
        wp.call(taxonomies.NewTerm(category))
    assert refused.value.faultCode == 401
    assert not Category.objects.filter(name="Cuisine").exists()


def test_profile_and_blogs(wp, author):
    assert wp.call(users.GetProfile()).username == "camille"
    assert wp.call(users.GetUsersBlogs())[0].id == "1"


def test_wrong_password_is_invalid_credentials(live_server, author):
    client = Client(f"{live_server.url}/xmlrpc.php", "camille", "mot-de-passe-de-test")
    with pytest.raises(InvalidCredentialsError):
        client.call(posts.GetPosts())
