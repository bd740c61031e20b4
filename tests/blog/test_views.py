"""The reading side: every WordPress-style URL, in French, in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from blog.identity import current_identity
from blog.models import Status
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)


def paris(*args):
    return timezone.make_aware(datetime(*args))


def main(response):
    """The page's main content, without the sidebar (which lists recent posts everywhere)."""
    html = response.content.decode()
    return html.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def test_home_lists_published_posts_in_french(client):
    PostFactory(title="Visible")
    PostFactory(title="Brouillon caché", status=Status.DRAFT)
    PostFactory(title="Programmé caché", published_at=timezone.now() + timedelta(days=1))
    response = client.get(reverse("blog:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Visible" in html
    assert "caché" not in html
    assert "Articles récents" in html


def test_home_puts_sticky_posts_first():
    PostFactory(
        title="Ancien épinglé", sticky=True, published_at=timezone.now() - timedelta(days=30)
    )
    PostFactory(title="Récent")
    from django.test import Client

    titles = [p.title for p in Client().get("/").context["object_list"]]
    assert titles == ["Ancien épinglé", "Récent"]


def test_home_paginates_at_wordpress_urls(client, settings):
    settings.BLOG_POSTS_PER_PAGE = 2
    for _ in range(5):
        PostFactory()
    assert client.get("/page/2/").status_code == 200
    assert client.get("/page/3/").status_code == 200
    assert client.get("/page/4/").status_code == 404
    html = client.get("/page/2/").content.decode()
    assert 'href="/page/3/"' in html
    assert 'href="/"' in html


@time_machine.travel(NOW)
def test_post_permalink_uses_wordpress_form(client):
    post = PostFactory(slug="mon-billet", published_at=paris(2026, 11, 24, 10))
    assert post.get_absolute_url() == "/2026/11/24/mon-billet/"
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "24 novembre 2026" in html
    assert '"@type": "BlogPosting"' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/2026/11/24/mon-billet/">' in html
    assert 'property="og:title" content="Billet' in html
    assert '<meta name="twitter:card" content="summary' in html
    assert '<meta name="description" content="Premier paragraphe du billet.">' in html
    assert 'rel="alternate" type="application/rss+xml"' in html


@time_machine.travel(NOW)
def test_post_on_the_wrong_date_is_not_found(client):
    post = PostFactory(slug="date", published_at=paris(2026, 11, 24, 10))
    assert client.get(post.get_absolute_url().replace("/24/", "/23/")).status_code == 404


def test_drafts_and_scheduled_posts_are_not_found(client):
    draft = PostFactory(status=Status.DRAFT)
    scheduled = PostFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_scheduled_post_appears_on_time_without_a_job(client):
    when = timezone.now() + timedelta(hours=1)
    post = PostFactory(title="À l’heure", published_at=when)
    assert client.get(post.get_absolute_url()).status_code == 404
    with time_machine.travel(when + timedelta(seconds=1)):
        assert client.get(post.get_absolute_url()).status_code == 200
        assert "À l’heure" in client.get("/").content.decode()


@time_machine.travel(datetime(2026, 11, 29, 22, 30, tzinfo=UTC), tick=False)
def test_post_scheduled_past_midnight_in_paris_appears_on_time(client):
    when = timezone.now() + timedelta(hours=1)  # 00:30 on the 30th in Paris, the 29th in UTC
    post = PostFactory(title="Après minuit", published_at=when)
    assert "/2026/11/30/" in post.get_absolute_url()
    assert client.get(post.get_absolute_url()).status_code == 404
    with time_machine.travel(when + timedelta(seconds=1)):
        assert client.get(post.get_absolute_url()).status_code == 200


@time_machine.travel(NOW)
def test_date_archives(client):
    PostFactory(title="Novembre", published_at=paris(2026, 11, 3, 9))
    PostFactory(title="Octobre", published_at=paris(2026, 10, 30, 9))
    year = main(client.get("/2026/"))
    assert "Novembre" in year and "Octobre" in year
    month = main(client.get("/2026/11/"))
    assert "Novembre" in month and "Octobre" not in month
    assert "Archives : novembre 2026" in month
    day = main(client.get("/2026/10/30/"))
    assert "Octobre" in day and "Archives : 30 octobre 2026" in day
    assert client.get("/2025/").status_code == 404
    assert client.get("/2026/12/").status_code == 404


def test_category_page_includes_sub_categories(client):
    parent = CategoryFactory(name="Voyages", slug="voyages")
    child = CategoryFactory(name="Bretagne", slug="bretagne", parent=parent)
    PostFactory(title="Sur la côte", categories=[child])
    PostFactory(title="Ailleurs")
    assert child.get_absolute_url() == "/category/voyages/bretagne/"
    html = main(client.get("/category/voyages/"))
    assert "Sur la côte" in html and "Ailleurs" not in html
    assert "Catégorie : Voyages" in html
    assert client.get("/category/voyages/bretagne/").status_code == 200
    assert client.get("/category/bretagne/").status_code == 404
    assert client.get("/category/autre/bretagne/").status_code == 404


def test_tag_and_author_pages(client):
    tag = TagFactory(name="Mer", slug="mer")
    author = UserFactory(username="claire", first_name="Claire", last_name="Dupont")
    PostFactory(title="Vagues", tags=[tag], author=author)
    PostFactory(title="Montagne")
    tag_html = main(client.get("/tag/mer/"))
    assert "Vagues" in tag_html and "Montagne" not in tag_html
    author_html = main(client.get("/author/claire/"))
    assert "Billets de Claire Dupont" in author_html and "Montagne" not in author_html
    assert client.get("/author/personne/").status_code == 404


def test_search(client):
    PostFactory(title="Le pain au levain", body="Farine, eau, sel.")
    PostFactory(title="La mer", body="Des vagues.")
    response = client.get("/", {"s": "levain"})
    html = main(response)
    assert response.status_code == 200
    assert "Le pain au levain" in html and "La mer" not in html
    assert "1 billet trouvé." in html
    assert "Rien ne correspond" in client.get("/", {"s": "introuvable"}).content.decode()


def test_static_pages_nest(client):
    about = PageFactory(title="À propos", slug="a-propos")
    team = PageFactory(title="L’équipe", slug="equipe", parent=about)
    assert about.get_absolute_url() == "/a-propos/"
    assert team.get_absolute_url() == "/a-propos/equipe/"
    assert "L’équipe" in client.get("/a-propos/equipe/").content.decode()
    assert client.get("/equipe/").status_code == 404
    draft = PageFactory(slug="secret", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/2024/13/45/x/",
        "/2024/02/30/x/",
        "/2024/13/",
        "/0000/",
        "/?page=abc",
        "/page/0/",
        "/page/99999999999999999999/",
        "/inconnu/",
        "/category/nulle-part/",
        "/tag/rien/",
        "/category/%E2%80%AE%00/",
        "/tag/%F0%9F%98%80%C3%A9/",
        "/%ED%A0%80/",
        "/2026/11/24/%00%0A/",
    ],
)
def test_bad_urls_get_a_french_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_huge_and_odd_searches_are_clean(client):
    PostFactory(title="Quelque chose")
    for query in ["x" * 10_000, "é" * 5000, "\x00", "' OR 1=1 --", "%_%", "  "]:
        response = client.get("/", {"s": query})
        assert response.status_code == 200
        assert "Quelque chose" not in main(response), query  # nothing matched by accident


@pytest.mark.parametrize(
    "url",
    [
        "/0001/",
        "/0001/01/",
        "/0001/01/01/",
        "/0001/01/01/x/",
        "/9999/12/31/",
        "/9999/12/31/page/2/",
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_huge_comment_page_number_is_not_found(client):
    post = PostFactory()
    assert (
        client.get(post.get_absolute_url() + "comment-page-" + "9" * 5000 + "/").status_code == 404
    )


def test_unicode_slugs(client):
    post = PostFactory(slug="été-à-paris", title="Été")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200


def test_home_page_query_count_does_not_grow(client, django_assert_num_queries):
    category = CategoryFactory()
    tag = TagFactory()
    for _ in range(3):
        PostFactory(categories=[category], tags=[tag])
    current_identity()  # cached site-wide once, not per request
    with django_assert_num_queries(10):  # + the pages menu, the comment counts
        client.get("/")
    for _ in range(7):
        PostFactory(categories=[category], tags=[tag])
    with django_assert_num_queries(10):
        client.get("/")


def test_sidebar_widgets(client):
    parent = CategoryFactory(name="Voyages", slug="voyages")
    child = CategoryFactory(name="Bretagne", slug="bretagne", parent=parent)
    CategoryFactory(name="Alsace", slug="alsace", parent=parent)  # empty: hidden
    CategoryFactory(name="Cuisine", slug="cuisine")  # empty: hidden
    PostFactory(title="Un billet", categories=[child], published_at=paris(2026, 3, 2, 9))
    PostFactory(title="Brouillon", categories=[child], status=Status.DRAFT)
    html = client.get("/").content.decode()
    assert 'href="/category/voyages/"' in html  # empty itself, but its child is not
    assert 'href="/category/voyages/bretagne/"' in html
    assert "/category/voyages/alsace/" not in html and "/category/cuisine/" not in html
    assert "mars 2026" in html
    assert 'href="/2026/03/"' in html


def test_server_error_page_is_french(client, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    import config.urls

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {
            "urlpatterns": [path("boom/", broken), *config.urls.urlpatterns],
            "handler500": "config.views.server_error",
        },
    )
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.content.decode()


@time_machine.travel(NOW)
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 4),  # posts, their categories, their tags, their comment counts
        ("/2026/11/", 8),  # + is the month empty, its days, the next and previous months
        ("/category/voyages/", 5),  # + the category
    ],
)
def test_member_pages_query_counts_with_memoized_sidebar(
    member, url, queries, django_assert_num_queries
):
    """As the page cache ships: the sidebar and the page counts come from the memo, once warm."""
    category = CategoryFactory(slug="voyages")
    for day in range(20, 25):
        PostFactory(
            slug=f"billet-du-{day}" if day != 24 else "mon-billet",
            categories=[category],
            tags=[TagFactory()],
            published_at=paris(2026, 11, day, 9),
        )
    member.get(url)
    with django_assert_num_queries(queries):
        assert member.get(url).status_code == 200


def test_page_counts_follow_new_posts(member, commit, settings):
    settings.BLOG_POSTS_PER_PAGE = 2
    for _ in range(4):
        PostFactory()
    assert member.get("/page/3/").status_code == 404
    with commit():
        PostFactory()
    assert member.get("/page/3/").status_code == 200


@time_machine.travel(NOW)
def test_emptied_archive_is_not_found_at_once(member, commit):
    post = PostFactory(published_at=paris(2026, 11, 3, 9))
    assert member.get("/2026/11/").status_code == 200
    with commit():
        post.delete()
    assert member.get("/2026/11/").status_code == 404
    assert member.get("/2026/12/").status_code == 404


def test_pages_menu_in_the_admin_order_with_hidden_pages_left_out(client):
    PageFactory(title="Contact", slug="contact", menu_order=2)
    about = PageFactory(title="À propos", slug="a-propos", menu_order=1)
    PageFactory(title="Mentions", slug="mentions", in_menu=False)
    PageFactory(title="Brouillon", slug="brouillon", status=Status.DRAFT)
    PageFactory(title="L’équipe", slug="equipe", parent=about)  # not top level
    html = client.get("/a-propos/").content.decode()
    menu = html.split('<nav class="pages-menu"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="Pages"' in menu
    assert [part.rsplit(">", 1)[1] for part in menu.split("</a>")[:-1]] == ["À propos", "Contact"]
    assert 'href="/a-propos/" aria-current="page"' in menu


def test_a_post_links_to_the_previous_and_next_posts(client):
    first = PostFactory(title="Premier : début", published_at=paris(2026, 3, 1, 9))
    middle = PostFactory(title="Deuxième", published_at=paris(2026, 3, 2, 9))
    last = PostFactory(title="Troisième", published_at=paris(2026, 3, 3, 9))
    PostFactory(title="Brouillon", status=Status.DRAFT, published_at=paris(2026, 3, 4, 9))
    html = main(client.get(middle.get_absolute_url()))
    assert f'<a class="previous" href="{first.get_absolute_url()}" rel="prev">' in html
    assert "Billet précédent</span> Premier\u00a0: début</a>" in html
    assert f'<a class="next" href="{last.get_absolute_url()}" rel="next">' in html
    assert 'rel="next"' not in main(client.get(last.get_absolute_url()))
    assert 'rel="prev"' not in main(client.get(first.get_absolute_url()))


def test_lists_show_each_post_comment_count(client):
    from comments.models import CommentStatus
    from tests.factories import CommentFactory

    busy = PostFactory(title="Animé")
    for _ in range(6):
        CommentFactory(post=busy)
    CommentFactory(post=busy, status=CommentStatus.PENDING)
    one = PostFactory(title="Calme")
    CommentFactory(post=one)
    PostFactory(title="Silence")
    html = main(client.get("/"))
    assert (
        f'<a class="comments-link" href="{busy.get_absolute_url()}#comments">6 commentaires</a>'
        in html
    )
    assert ">1 commentaire</a>" in html and ">Aucun commentaire</a>" in html
    assert "6 commentaires" in main(client.get("/", {"s": "Animé"}))


def test_language_switch_is_a_footer_link_that_posts(client):
    html = client.get("/").content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    footer = html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]
    assert "language" not in header and "<select" not in html
    assert 'method="post"' in footer and 'name="language" type="hidden" value="en"' in footer
    assert '<button type="submit" class="link-button" lang="en">English</button>' in footer
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert 'lang="fr">Français</button>' in footer


def test_footnote_back_links_have_a_french_title():
    from django.utils import translation

    from blog.markup import render_body

    with translation.override("en"):  # whoever saves, the stored HTML is the site's language
        html = render_body("Note[^1]\n\n[^1]: Bas.")
    assert 'title="Revenir à l’appel de note 1 dans le texte"' in html
