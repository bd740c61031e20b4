"""In Chromium: the post's pictures and avatars load, in WebP, at the size they reserved."""

import pytest

from tests.factories import CommentFactory, PostFactory
from tests.images import samples
from tests.images.conftest import make_image, media  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media_served(settings):
    settings.ROOT_URLCONF = "tests.images.urls"
    settings.PAGE_CACHE_ENABLED = False


def test_pictures_and_avatars_load_in_webp(page, make_image, media_served):  # noqa: F811
    featured = make_image(samples.jpeg((2400, 1200)), alt_text="Un phare")
    inline = make_image(samples.png((800, 400)), alt_text="Un schéma")
    post = PostFactory(featured_image=featured, body=f"Texte.\n\n[[image:{inline.pk}]]\n\nFin.")
    CommentFactory(post=post, author_email="lecteur@example.org")

    page.set_viewport_size({"width": 1280, "height": 4000})
    page.goto(post.get_absolute_url())
    page.wait_for_load_state("networkidle")
    pictures = page.eval_on_selector_all(
        "article figure img",
        "imgs => imgs.map(i => [i.alt, i.currentSrc.split('.').pop(), i.naturalWidth > 0,"
        " i.getBoundingClientRect().width <= i.closest('article').clientWidth,"
        " Math.round(i.getBoundingClientRect().width / i.getBoundingClientRect().height * 10)])",
    )
    assert pictures == [["Un phare", "webp", True, True, 20], ["Un schéma", "webp", True, True, 20]]
    avatar = page.locator("img.avatar").first
    assert avatar.evaluate("i => [i.complete, i.naturalWidth]") == [True, 160]
