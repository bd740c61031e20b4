"""Receiving webmentions: quick checks at once, the source verified by the background task
(run at once in tests by django-tasks' ImmediateBackend), sources on loopback."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from comments.exceptions import TooLong
from comments.models import Comment, CommentKind, CommentStatus
from pings.tasks import verify_webmention
from pings.webmention import Result
from tests.core.peers import PEER_PORTS, http_server, page, respond, silent_listener
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_allowed(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_URLS = True
    settings.OUTBOUND_ALLOWED_PORTS = PEER_PORTS


@pytest.fixture
def post():
    return PostFactory(title="Le billet mentionné")


@pytest.fixture
def target(post):
    return "http://testserver" + post.get_absolute_url()


def mention(client, source, target):
    return client.post(reverse("webmention"), {"source": source, "target": target})


def citing(target):
    return page("Une réponse", f'<p>En réponse à <a href="{target}">ce billet</a>, je dirais…</p>')


def test_valid_webmention_is_accepted_then_stored_held(client, post, target, private_allowed):
    with http_server({"/reponse": respond(200, citing(target))}) as source:
        response = mention(client, source.url("/reponse"), target)
    assert response.status_code == 202
    assert response.content.decode() == "Webmention acceptée : la source sera vérifiée sous peu."
    stored = Comment.objects.get(post=post)
    assert (stored.kind, stored.status) == (CommentKind.WEBMENTION, CommentStatus.PENDING)
    assert (stored.author_name, stored.author_url) == ("Une réponse", source.url("/reponse"))
    assert stored.body == "En réponse à ce billet, je dirais…"


def test_the_same_webmention_twice_is_stored_once(client, post, target, private_allowed):
    with http_server({"/": respond(200, citing(target))}) as source:
        assert mention(client, source.url("/"), target).status_code == 202
        assert mention(client, source.url("/"), target).status_code == 202
    assert Comment.objects.filter(post=post).count() == 1


@pytest.mark.parametrize(
    ("source", "target_path", "reason"),
    [
        ("", None, "La source doit être une adresse http ou https"),
        ("ftp://ami.example/x", None, "La source doit être une adresse http ou https"),
        ("https://ami.example/x", "", "La cible doit être l’adresse d’un billet de ce site."),
        ("https://ami.example/x", "https://ailleurs.example/", "La cible doit être l’adresse"),
        ("https://ami.example/x", "http://testserver/2020/01/01/x/", "n’est pas un billet publié"),
        ("TARGET", None, "La source et la cible sont la même page."),
    ],
)
def test_quick_checks_answer_400_with_the_reason(client, target, source, target_path, reason):
    source = target if source == "TARGET" else source
    response = mention(client, source, target if target_path is None else target_path)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Comment.objects.exists()


def test_post_with_pings_closed_answers_400(client):
    closed = PostFactory(pings_open=False)
    response = mention(
        client, "https://ami.example/", "http://testserver" + closed.get_absolute_url()
    )
    assert response.status_code == 400
    assert response.content.decode() == "Ce billet n’accepte pas les pings."


def test_source_without_link_is_not_stored(client, target, private_allowed):
    with http_server({"/": respond(200, page("Rien", "<p>Pas de lien.</p>"))}) as source:
        assert mention(client, source.url("/"), target).status_code == 202
    assert not Comment.objects.exists()


def test_with_default_settings_no_connection_reaches_a_loopback_source(client, target):
    with silent_listener() as listener:
        assert mention(client, listener.url("/"), target).status_code == 202
        assert not listener.connected()
    assert not Comment.objects.exists()


def test_source_answering_410_later_removes_the_webmention(client, post, target, private_allowed):
    with http_server({"/": respond(200, citing(target))}) as source:
        mention(client, source.url("/"), target)
        assert Comment.objects.filter(post=post).exists()
        source.routes["/"] = respond(410, b"parti")
        assert mention(client, source.url("/"), target).status_code == 202
    assert not Comment.objects.filter(post=post).exists()


def test_source_no_longer_linking_removes_the_webmention(client, post, target, private_allowed):
    with http_server({"/": respond(200, citing(target))}) as source:
        mention(client, source.url("/"), target)
        source.routes["/"] = respond(200, page("Corrigé", "<p>Le lien a disparu.</p>"))
        mention(client, source.url("/"), target)
    assert not Comment.objects.filter(post=post).exists()


def test_unreachable_source_removes_nothing(client, post, target, private_allowed):
    with http_server({"/": respond(503, b"maintenance")}) as source:
        kept = CommentFactory(post=post, kind=CommentKind.WEBMENTION, author_url=source.url("/"))
        mention(client, source.url("/"), target)
    assert Comment.objects.filter(pk=kept.pk).exists()


def test_a_410_never_removes_pingbacks_or_comments(client, post, target, private_allowed):
    with http_server({"/": respond(410)}) as source:
        pingback = CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url=source.url("/"))
        comment = CommentFactory(post=post, author_url=source.url("/"))
        mention(client, source.url("/"), target)
    assert Comment.objects.filter(pk__in=[pingback.pk, comment.pk]).count() == 2


def test_webmentions_per_source_host_are_limited(client, target, settings):
    settings.PINGS_PER_SOURCE_HOST = 1
    assert mention(client, "https://ami.example/1", target).status_code == 202
    response = mention(client, "https://ami.example/2", target)
    assert response.status_code == 429
    assert response.content.decode() == "Trop de pings : réessayez dans une heure."


def test_get_and_oversized_requests(client):
    response = client.get(reverse("webmention"))
    assert response.status_code == 405
    assert "Webmention" in response.content.decode()
    body = "source=" + "a" * 1_000_001
    big = client.post(reverse("webmention"), body, content_type="application/x-www-form-urlencoded")
    assert big.status_code == 413


@pytest.mark.parametrize("charset", ["rot13", "hex", "bz2"])
def test_source_in_a_charset_that_is_not_text_is_ignored(post, target, private_allowed, charset):
    routes = {"/": respond(200, citing(target), f"text/html; charset={charset}")}
    with http_server(routes) as source:
        result = verify_webmention.call(post_id=post.pk, source=source.url("/"), target=target)
    assert result == "ignored"
    assert not Comment.objects.exists()


def verify(post, source, target, **sender):
    return verify_webmention.call(post_id=post.pk, source=source, target=target, **sender)


def log_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "pings.webmention"]


def test_verification_stores_the_sender_and_says_so_then_knows_it(post, target, private_allowed):
    newer = PostFactory(published_at=post.published_at + timedelta(hours=12))
    with http_server({"/": respond(200, citing(target))}) as source:
        url = source.url("/")
        assert verify(post, url, target, ip_address="192.0.2.9", user_agent="Lu/2") == "stored"
        assert verify(post, url, target) == Result.KNOWN == "already registered"
    stored = Comment.objects.get()
    assert (stored.post, stored.kind, stored.author_url) == (post, CommentKind.WEBMENTION, url)
    assert (stored.ip_address, stored.user_agent) == ("192.0.2.9", "Lu/2")
    assert not newer.comments.exists()


def test_verification_for_a_post_closed_since_is_ignored(private_allowed):
    closed = PostFactory(pings_open=False)
    target = "http://testserver" + closed.get_absolute_url()
    with http_server({"/": respond(200, citing(target))}) as source:
        assert verify(closed, source.url("/"), target) == "ignored"
        assert source.requests == []
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "gone", [respond(410, b"parti"), respond(200, page("Corrigé", "<p>Plus de lien.</p>"))]
)
def test_a_source_gone_or_unlinked_says_removed_only_when_there_was_one(
    post, target, private_allowed, gone
):
    with http_server({"/": gone}) as source:
        url = source.url("/")
        assert verify(post, url, target) == "ignored"
        CommentFactory(post=post, kind=CommentKind.WEBMENTION, author_url=url)
        CommentFactory(post=post, kind=CommentKind.PINGBACK, author_url=url)
        assert verify(post, url, target) == "removed"
    assert list(Comment.objects.values_list("kind", flat=True)) == [CommentKind.PINGBACK]


def test_an_unreachable_source_is_logged_and_ignored(post, target, private_allowed, caplog):
    with http_server({"/": respond(503, b"maintenance")}) as source:
        with caplog.at_level(logging.INFO, logger="pings.webmention"):
            assert verify(post, source.url("/"), target) == "ignored"
    assert log_lines(caplog) == [f"Webmention source unreachable: {source.url('/')}"]


def test_a_mention_the_comment_rules_refuse_is_logged_and_ignored(
    post, target, private_allowed, settings, caplog
):
    settings.COMMENTS_MAX_LENGTH = 5
    with http_server({"/": respond(200, citing(target))}) as source:
        with caplog.at_level(logging.INFO, logger="pings.webmention"):
            assert verify(post, source.url("/"), target) == "ignored"
    assert not Comment.objects.exists()
    assert log_lines(caplog) == [f"Webmention from {source.url('/')} not stored: {TooLong.message}"]
