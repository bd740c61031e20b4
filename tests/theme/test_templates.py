"""Templates: no inline code for the CSP to refuse, share links as plain URLs, error pages themed."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.theme.sample import build_blog

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
INLINE_CODE = [
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    # A <script> must load a file, or be a JSON data block (never executed).
    (
        re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I),
        "inline <script>",
    ),
]


def our_templates():
    for directory in TEMPLATE_DIRS:
        if ".venv" not in directory.parts:
            yield from sorted(directory.rglob("*.html"))


def test_no_template_holds_inline_script_or_style():
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for path in our_templates()
        for text in [path.read_text()]
        for pattern, what in INLINE_CODE
        for match in pattern.finditer(text)
        if "mail" not in path.parts  # e-mails are not web pages: the CSP does not apply
    ]
    assert not found, "\n".join(found)


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    post, _ = build_blog()
    # Each page twice: the second may come from the page cache, and must carry the same policy.
    for url in ["/", post.get_absolute_url(), "/rien-ici/"] * 2:
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["img-src"] == "'self'"
        assert directives["form-action"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'self'"
        assert "nonce" not in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_share_links_are_plain_urls_to_the_post(client, settings):
    settings.SITE_URL = "https://carnet.example"
    post, _ = build_blog()
    html = client.get(post.get_absolute_url()).content.decode()
    share = html[
        html.index('<section class="share"') : html.index("</section>", html.index('class="share"'))
    ]
    url = "https%3A%2F%2Fcarnet.example" + post.get_absolute_url().replace("/", "%2F")
    title = "Le%20pain%20du%20dimanche%2C%20pas%20%C3%A0%20pas%20%21"
    assert ">Partager</h2>" in share
    assert f'href="https://x.com/intent/post?text={title}&amp;url={url}"' in share
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={url}"' in share
    assert f'href="https://www.linkedin.com/sharing/share-offsite/?url={url}"' in share
    assert f'href="mailto:?subject={title}&amp;body={url}"' in share
    assert f'href="https://carnet.example{post.get_absolute_url()}"' in share
    assert "Copier le lien" in share


@pytest.mark.django_db
def test_not_found_page_is_themed_and_french(client):
    response = client.get("/rien-ici/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in html
    assert 'rel="stylesheet"' in html


@pytest.mark.django_db
def test_admin_alone_allows_inline_styles(admin_client):
    policy = admin_client.get("/admin/blog/category/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["script-src"] == "'self'"


def test_server_error_page_renders_alone_and_styled(rf):
    from config.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Erreur du serveur</h1>" in html
    assert '<link rel="stylesheet" href="/static/css/carnet.css">' in html
