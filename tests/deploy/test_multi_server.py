"""Two app servers behind nginx, sharing PostgreSQL and Redis: what one does, the other shows.

Runs the real thing (config.settings.prod under gunicorn, nginx from Debian, the PostgreSQL and
Redis of the machine: DATABASE_URL's server when it names PostgreSQL, else 127.0.0.1:5432) in a
dedicated database and Redis key prefix, dropped afterwards. nginx is configured with
deploy/nginx's page-file snippets: anonymous pages come from the files the app servers write
(PAGE_CACHE_FILES_DIR), and every change made anywhere reaches the next reader at once.
"""

import os
import re
import secrets
import shutil
import urllib.parse

import pytest
import redis

from tests.deploy import servers

pytestmark = pytest.mark.slow

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = os.environ.get("DEPLOY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SETUP = """
from django.contrib.auth import get_user_model
from blog.models import Post
author = get_user_model().objects.create_superuser("redaction", "r@example.org", "{password}")
post = Post.objects.create(title="Deux serveurs", slug="deux-serveurs", author=author,
                           body="Un billet servi par deux serveurs.", status="published")
print(post.pk, post.get_absolute_url())
"""


def postgres_server_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else POSTGRES


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Two gunicorns and nginx in front of them; yields what the tests need to reach them."""
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light): .ci/run installs it.")
    tmp = tmp_path_factory.mktemp("deploy")
    prefix = f"carnet-test-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(12)
    with servers.postgres_database(postgres_server_url()) as database_url:
        env = server_env(tmp, database_url, prefix)
        servers.manage(env, "migrate", "--run-syncdb", settings="tests.deploy.schema_settings")
        servers.manage(env, "collectstatic", "--noinput")
        made = servers.manage(env, "shell", "-c", SETUP.format(password=password))
        post_pk, post_url = made.stdout.split()[-2:]
        try:
            with servers.gunicorn(env, tmp, "a") as a, servers.gunicorn(env, tmp, "b") as b:
                with servers.nginx(tmp, [a, b], tmp / "pagefiles") as front:
                    yield {
                        "a": a, "b": b, "front": front, "post_pk": post_pk, "post_url": post_url,
                        "password": password, "static_root": tmp / "static", "env": env,
                        "pages": tmp / "pagefiles" / "pages",
                    }  # fmt: skip
        finally:
            clear_redis(prefix)


def server_env(tmp, database_url, prefix):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COMMENTS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        ALLOWED_HOSTS=servers.HOST,
        SITE_URL=f"https://{servers.HOST}",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        CARNET_VAR_DIR=str(tmp / "var"),
        PAGE_CACHE_FILES_DIR=str(tmp / "pagefiles"),
        SECURE_SSL_REDIRECT="0",
        COMMENTS_MODERATION="none",
        COMMENTS_MIN_SUBMIT_SECONDS="0",
        COMMENTS_FLOOD_SECONDS="0",
    )
    return env


def clear_redis(prefix):
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
    if keys:
        client.delete(*keys)


def test_comment_posted_through_one_server_shows_through_the_other(site):
    reader, commenter = servers.Browser(), servers.Browser()
    for port in (site["b"], site["a"], site["b"]):  # both servers have the page cached now
        response, html = reader.get(port, site["post_url"])
        assert response.status == 200
        assert "ETag" in response.headers
    assert "Bonjour depuis le serveur A" not in html

    response, html = commenter.get(site["a"], site["post_url"])
    form = servers.form_fields(html, "commentform")
    form.update(
        author_name="Lectrice", author_email="lectrice@example.org",
        body="Bonjour depuis le serveur A", homepage="",
    )  # fmt: skip
    response, _ = commenter.request(
        site["a"], "POST", f"/comments/post/{site['post_pk']}/", form=form
    )
    assert response.status in (302, 303), response.status

    response, html = servers.Browser().get(site["b"], site["post_url"])
    assert "Bonjour depuis le serveur A" in html
    for _ in range(2):  # nginx sends one request to each server
        response, html = servers.Browser().get(site["front"], site["post_url"])
        assert response.status == 200
        assert "Bonjour depuis le serveur A" in html


def test_a_login_on_one_server_holds_on_the_other(site):
    staff = servers.Browser()
    response, html = staff.get(site["a"], "/compte/login/?next=/admin/")
    form = servers.form_fields(html, "login-form")
    form.update(login="redaction", password=site["password"])
    response, _ = staff.request(site["a"], "POST", "/compte/login/", form=form)
    assert response.status == 302
    response, html = staff.get(site["b"], "/compte/")
    assert response.status == 200
    assert "redaction" in html.lower()
    # Production wants staff's second factor before the admin: B knows who is asking.
    response, _ = staff.get(site["b"], "/admin/")
    assert response.status == 302
    assert response.headers["Location"].endswith("/compte/2fa/")


def test_pages_show_through_nginx_with_a_cached_copy_revalidated(site):
    browser = servers.Browser()
    response, _ = front_page(site, "/", browser)  # the second answer is the page file's
    assert response.status == 200
    etag = response.headers["ETag"]
    again, _ = browser.get(site["front"], "/", headers={"If-None-Match": etag})
    assert again.status == 304


def test_static_files_have_hashed_names_and_far_future_caching(site):
    response, html = servers.Browser().get(site["front"], "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', html).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    response, _ = servers.Browser().get(site["front"], urllib.parse.quote(stylesheet))
    assert response.status == 200
    control = response.headers["Cache-Control"]
    assert "immutable" in control
    assert int(re.search(r"max-age=(\d+)", control).group(1)) >= 365 * 24 * 3600


# Page files: nginx answers anonymous readers alone; anything personal, and any change, reaches
# Django.
SECURITY_HEADERS = (
    "Content-Type", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
    "Cross-Origin-Opener-Policy", "Strict-Transport-Security", "Content-Language",
)  # fmt: skip


def from_file(response):
    return response.headers.get("X-Page-Cache") == "file"


def front_page(site, path, browser=None):
    """`path` through nginx, asked twice: the first answer may have written the file."""
    browser = browser or servers.Browser()
    browser.get(site["front"], path)
    return browser.get(site["front"], path)


def shell(site, code):
    """Run `code` in a process of its own, as the admin, a task or a periodic job would."""
    return servers.manage(site["env"], "shell", "-c", code).stdout


def csp(response):
    return sorted(part.strip() for part in response.headers["Content-Security-Policy"].split(";"))


def test_anonymous_pages_come_from_files_with_the_headers_django_gives(site):
    response, html = front_page(site, site["post_url"])
    assert response.status == 200
    assert from_file(response)
    assert 'name="csrfmiddlewaretoken" value=""' in html  # nothing of any reader in it
    django, _ = servers.Browser().get(site["a"], site["post_url"])
    assert not from_file(django)
    for header in SECURITY_HEADERS:
        assert response.headers[header] == django.headers[header], header
    assert csp(response) == csp(django)
    again, _ = servers.Browser().get(
        site["front"], site["post_url"], headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status == 304


def test_an_english_reader_never_gets_the_french_file(site):
    french, french_html = front_page(site, site["post_url"])
    english = servers.Browser()
    english.cookies["django_language"] = "en"
    response, html = front_page(site, site["post_url"], english)
    assert from_file(french) and from_file(response)
    assert '<html lang="fr">' in french_html
    assert '<html lang="en">' in html
    assert response.headers["Content-Language"] == "en"


def test_a_session_or_a_pending_comment_cookie_reaches_django(site):
    for cookie in ("sessionid", "carnet_pending_comments"):
        browser = servers.Browser()
        browser.cookies[cookie] = "quelque-chose"
        response, _ = front_page(site, site["post_url"], browser)
        assert response.status == 200
        assert not from_file(response), cookie
    response, _ = front_page(site, site["post_url"] + "?replytocom=1")
    assert not from_file(response)


def test_a_request_for_json_reaches_django(site):
    front_page(site, site["post_url"])  # the file exists now
    for accept in ("application/activity+json", 'application/ld+json; profile="x"'):
        response, _ = servers.Browser().get(
            site["front"], site["post_url"], headers={"Accept": accept}
        )
        assert not from_file(response), accept


def test_a_post_reaches_django(site):
    front_page(site, site["post_url"])
    response, _ = servers.Browser().request(site["front"], "POST", site["post_url"], form={})
    # Django's CSRF check answers (a POST to a file would get nginx's 405).
    assert response.status == 403
    assert not from_file(response)


def test_a_guest_comment_from_a_page_file_shows_once_approved(site):
    guest = servers.Browser()
    response, html = front_page(site, site["post_url"], guest)
    assert from_file(response)
    form = servers.form_fields(html, "commentform")  # no CSRF token, the shared timestamp
    form.update(author_name="Invitée", author_email="invitee@example.org", body="Lu sur nginx")
    response, _ = guest.request(
        site["front"], "POST", f"/comments/post/{site['post_pk']}/", form=form
    )
    assert response.status in (302, 303), response.status
    # Held (no script vouched for this reader's form): the public page is unchanged...
    response, html = front_page(site, site["post_url"])
    assert from_file(response)
    assert "Lu sur nginx" not in html
    # ...until a moderator approves it, in another process.
    shell(
        site,
        "from comments.models import Comment\n"
        "from comments.services import comment_moderate\n"
        "c = Comment.objects.get(body='Lu sur nginx')\n"
        "assert c.status == 'pending', c.status\n"
        "comment_moderate(comment=c, status='approved')\n",
    )
    response, html = servers.Browser().get(site["front"], site["post_url"])
    assert "Lu sur nginx" in html
    response, html = servers.Browser().get(site["front"], site["post_url"])
    assert from_file(response)
    assert "Lu sur nginx" in html


def test_a_published_post_and_a_new_blog_title_reach_the_next_reader(site):
    response, html = front_page(site, "/")
    assert from_file(response)
    shell(
        site,
        "from django.contrib.auth import get_user_model\n"
        "from blog.models import Post\n"
        "Post.objects.create(title='Tout frais publié', slug='tout-frais', status='published',"
        " author=get_user_model().objects.get(username='redaction'), body='Neuf.')\n",
    )
    response, html = servers.Browser().get(site["front"], "/")
    assert "Tout frais publié" in html
    shell(
        site,
        "from blog.identity import SiteIdentity\n"
        "SiteIdentity.objects.update_or_create(pk=1, defaults={'title': 'Carnet renommé'})\n",
    )
    response, html = servers.Browser().get(site["front"], "/")
    assert "Carnet renommé" in html
    response, html = front_page(site, "/")
    assert from_file(response)
    assert "Carnet renommé" in html and "Tout frais publié" in html
