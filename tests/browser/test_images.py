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


def test_an_image_above_the_limit_is_refused_before_it_is_sent(page, media_served, settings):
    """The admin's upload says why at once, in the server's words, and sends nothing."""
    from tests.factories import StaffFactory

    settings.IMAGES_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    StaffFactory(username="redaction")
    page.goto("/admin/login/")
    page.fill("#id_login", "redaction")  # /admin/login/ leads to the site's login page
    page.fill("#id_password", "mot-de-passe-de-test")
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/images/image/add/", wait_until="networkidle")
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    upload = page.locator("#id_upload")
    big = {
        "name": "grande.jpg",
        "mimeType": "image/jpeg",
        "buffer": b"\xff\xd8" * (1024 * 1024 + 1),
    }
    upload.set_input_files(big)
    message = "Le fichier est trop lourd (2 Mo au plus). Réduisez l’image et réessayez."
    assert upload.evaluate("input => input.validationMessage") == message
    page.click("input[name=_save]")
    page.wait_for_timeout(500)
    assert posts == []
    small = {"name": "petite.png", "mimeType": "image/png", "buffer": samples.png((64, 32))}
    upload.set_input_files(small)
    assert upload.evaluate("input => input.validationMessage") == ""
