"""What attackers type: nothing runs, nothing breaks, nothing is lost, nothing is a 500."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from comments.services import comment_create
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt src=//evil.example/x.js></sCrIpT>",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">clic</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name=p></form>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](  javascript:alert(1))",
    "[clic](java&#x73;cript:alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](DATA:text/html,<script>alert(1)</script>)",
    "[clic](vbscript:msgbox(1))",
    "<a href='javascript:alert(1)'>lien</a>",
    "![x](javascript:alert(1))",
    '"><script>alert(1)</script>',
]
ALLOWED_TAGS = {"a", "p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def dangers(html):
    """What in `html` (real elements, not escaped text) could run or load something."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}>")
        problems += [f"{tag}[{name}]" for name in attrs if name.lower().startswith("on")]
        href = (attrs.get("href") or "").strip().lower()
        if "href" in attrs and not href.startswith(("http:", "https:", "mailto:")):
            problems.append(f"{tag}[href={href}]")
        if tag == "a" and "href" in attrs and attrs.get("rel") != "nofollow ugc":
            problems.append("a without rel=nofollow ugc")
    return problems


def create(post, body, **kwargs):
    return comment_create(
        post=post, author_name="Mallory", author_email="m@example.org", body=body, **kwargs
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload):
    comment = create(PostFactory(), payload)
    assert dangers(comment.body_html) == [], comment.body_html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_page_shows_payloads_as_harmless_text(client, payload):
    post = PostFactory()
    CommentFactory(post=post, author_name="Mallory", author_email="m@example.org")
    comment = create(post, payload, author_url="https://mallory.example/")
    page = client.get(post.get_absolute_url()).content.decode()
    start = page.index('<div class="comment-content">', page.index(f'id="comment-{comment.pk}"'))
    shown = page[start + len('<div class="comment-content">') : page.index("</div>", start)]
    assert dangers(shown) == [], shown


def test_links_are_nofollow_ugc_and_bare_urls_linked():
    comment = create(PostFactory(), "Voir https://example.org et [ceci](http://example.com/a).")
    assert comment.body_html.count('rel="nofollow ugc"') == 2
    assert 'href="https://example.org"' in comment.body_html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x"])
def test_author_url_must_be_http(client, url):
    post = PostFactory()
    response = client.post(
        reverse("comments:post", args=[post.pk]),
        {
            "author_name": "Mallory",
            "author_email": "m@example.org",
            "author_url": url,
            "body": "Salut",
            "timestamp": CommentForm(post=post).fresh_timestamp,
        },
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_author_url_from_elsewhere_is_never_a_link_unless_http(client):
    post = PostFactory()
    CommentFactory(post=post, author_name="Ping", author_url="javascript:alert(1)")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "javascript:" not in page


def post_form(client, post, **fields):
    data = {
        "author_name": "Mallory",
        "author_email": "m@example.org",
        "body": "Salut",
        "timestamp": CommentForm(post=post).fresh_timestamp,
        **fields,
    }
    return client.post(reverse("comments:post", args=[post.pk]), data)


def test_a_70000_character_body_is_refused_and_kept(client):
    post = PostFactory()
    body = "é" * 70_000
    response = post_form(client, post, body=body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "au plus 5000 caractères" in page
    assert body in page
    assert not Comment.objects.exists()


def test_nul_bytes_are_dropped_not_a_500(client):
    post = PostFactory()
    response = post_form(
        client, post, body="Bon\x00jour", author_name="Mal\x00lory", author_url="https://m.example/"
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.body, comment.author_name) == ("Bonjour", "Mal lory")


def test_cr_lf_in_names_become_spaces(client):
    post = PostFactory()
    response = post_form(client, post, author_name="Mallory\r\nBcc: tous@example.org")
    assert response.status_code == 302
    assert Comment.objects.get().author_name == "Mallory Bcc: tous@example.org"


def test_cr_lf_in_email_is_refused(client):
    post = PostFactory()
    response = post_form(client, post, author_email="m@example.org\r\nBcc: tous@example.org")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_garbage_parent_and_post_are_4xx(client):
    post = PostFactory()
    assert post_form(client, post, parent="abc").status_code == 400
    assert post_form(client, post, parent="-5").status_code == 400
    assert client.post(reverse("comments:post", args=[999999]), {}).status_code == 404
    assert client.get(reverse("comments:post", args=[post.pk])).status_code == 405


def test_urls_on_any_top_level_domain_are_links_after_a_scheme_or_www():
    comment = create(PostFactory(), "Voir https://pills.xyz/promo, www.cheap.shop et fichier.yaml")
    assert 'href="https://pills.xyz/promo"' in comment.body_html
    assert 'href="http://www.cheap.shop"' in comment.body_html
    assert "fichier.yaml" in comment.body_html and "http://fichier.yaml" not in comment.body_html
