"""Pictures on pages: featured image, lists, OpenGraph and avatars, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from images import avatars
from tests.factories import CommentFactory, PostFactory
from tests.images import samples

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_featured_image_on_the_post_page_is_loaded_first(client, make_image):
    image = make_image(samples.jpeg((2000, 1000)), alt_text="Un phare breton")
    post = PostFactory(featured_image=image)
    html = client.get(post.get_absolute_url()).content.decode()
    featured = html.split('<figure class="featured-image">', 1)[1].split("</figure>", 1)[0]
    assert 'alt="Un phare breton"' in featured
    assert 'loading="eager"' in featured and 'fetchpriority="high"' in featured
    assert 'width="1600" height="800"' in featured
    assert '<source type="image/webp" srcset="/media/images/' in featured


def test_featured_image_is_the_opengraph_image(client, make_image):
    image = make_image(samples.jpeg((2000, 1000)), alt_text="Un phare breton")
    post = PostFactory(featured_image=image)
    html = client.get(post.get_absolute_url()).content.decode()
    url = f"http://127.0.0.1:8000/media/{image.renditions[2]['name']}"
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1600">' in html
    assert '<meta property="og:image:alt" content="Un phare breton">' in html


def test_post_without_featured_image_has_none(client):
    html = client.get(PostFactory().get_absolute_url()).content.decode()
    assert "featured-image" not in html and "og:image" not in html


def test_lists_show_featured_images_without_more_queries(client, make_image, settings):
    settings.PAGE_CACHE_ENABLED = False
    PostFactory()
    queries(client, "/")  # the first page view fills the caches the later ones read
    without = queries(client, "/")
    image = make_image(samples.jpeg())
    for _ in range(4):
        PostFactory(featured_image=image)
    assert queries(client, "/") == without > 3
    html = client.get("/").content.decode()
    assert html.count('class="featured-image"') == 4
    assert html.count('loading="eager"') == 1


def test_avatar_beside_a_comment_hides_the_email(client):
    comment = CommentFactory(author_email="Lecteur@Example.org")
    html = client.get(comment.post.get_absolute_url()).content.decode()
    token = avatars.avatar_token("lecteur@example.org")
    assert f'<img class="avatar" src="/avatar/{token}.png" width="48" height="48" alt=""' in html
    assert "lecteur@example.org" not in html.lower()


def test_gravatar_setting_switches_the_avatar_url(settings):
    settings.AVATARS_PROVIDER = "gravatar"
    url = avatars.avatar_url("Lecteur@Example.org", 40)
    assert url.startswith("https://www.gravatar.com/avatar/")
    assert "s=80" in url


def test_avatars_on_the_post_page_cost_no_query_per_comment(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    post = PostFactory()
    CommentFactory(post=post)
    queries(client, post.get_absolute_url())
    with_one = queries(client, post.get_absolute_url())
    for _ in range(5):
        CommentFactory(post=post)
    assert queries(client, post.get_absolute_url()) == with_one
    html = client.get(post.get_absolute_url()).content.decode()
    assert html.count('<img class="avatar" src="/avatar/') == 6


def test_gravatar_beside_a_comment_is_escaped_in_the_page(client, settings):
    settings.AVATARS_PROVIDER = "gravatar"
    comment = CommentFactory(author_email="Lecteur@Example.org")
    html = client.get(comment.post.get_absolute_url()).content.decode()
    assert '<img class="avatar" src="https://www.gravatar.com/avatar/' in html
    assert "?s=96&amp;d=identicon" in html
