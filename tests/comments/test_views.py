"""The discussion on the post page, posting through the form, and every refusal's answer."""

import re

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blog.models import Status
from comments.display import load_discussion
from comments.forms import CommentForm
from comments.models import Comment, CommentStatus
from comments.signals import comment_posted
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory(title="Le pain du dimanche, pas à pas")


def form_data(post, **fields):
    data = {
        "author_name": "Bastien",
        "author_email": "bastien@example.org",
        "author_url": "",
        "body": "Avant tout, bravo pour la recette.",
        "timestamp": CommentForm(post=post).fresh_timestamp,
    }
    return {**data, **fields}


def send(client, post, **fields):
    return client.post(reverse("comments:post", args=[post.pk]), form_data(post, **fields))


def html(response):
    return response.content.decode()


def test_count_in_french_plurals(client, post):
    assert "Aucun commentaire" in html(client.get(post.get_absolute_url()))
    CommentFactory(post=post)
    assert "1 commentaire<" in html(client.get(post.get_absolute_url()))
    for _ in range(5):
        CommentFactory(post=post)
    assert "6 commentaires" in html(client.get(post.get_absolute_url()))


def test_thread_shows_nested_with_anchor_permalink_and_reply_link(client, post):
    root = CommentFactory(post=post, author_name="Bastien", author_url="https://bastien.example")
    reply = CommentFactory(post=post, parent=root, author_name="Inès")
    page = html(client.get(post.get_absolute_url()))
    assert f'id="comment-{root.pk}"' in page
    assert f'href="#comment-{reply.pk}"' in page
    assert '<a class="fn url" href="https://bastien.example" rel="nofollow ugc">Bastien</a>' in page
    assert f'href="?replytocom={reply.pk}#respond"' in page
    assert re.search(
        rf'id="comment-{root.pk}".*<ol class="children">.*id="comment-{reply.pk}"', page, re.DOTALL
    )
    assert "Répondre" in page


def test_pingback_listed_by_its_source(client, post):
    CommentFactory(
        post=post,
        kind="pingback",
        author_name="Institut des métiers d’Internet",
        author_url="https://example.org/billet/",
    )
    page = html(client.get(post.get_absolute_url()))
    assert (
        'Pingback : <a class="url" href="https://example.org/billet/" rel="nofollow ugc">' in page
    )


def test_guest_posts_sees_own_pending_comment_and_nobody_else_does(client, post):
    response = send(client, post)
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    page = html(client.get(post.get_absolute_url()))
    assert "Avant tout, bravo pour la recette." in page
    assert "en attente de modération" in page
    other = client_class_get(post)
    assert "bravo" not in other and "en attente de modération" not in other


def client_class_get(post):
    from django.test import Client

    return html(Client().get(post.get_absolute_url()))


def test_approved_guest_comment_shows_for_everyone(client, post):
    CommentFactory(post=post, author_name="Bastien", author_email="bastien@example.org")
    send(client, post, body="Je reviens.")
    assert Comment.objects.get(body="Je reviens.").status == CommentStatus.APPROVED
    assert "Je reviens." in client_class_get(post)


def test_reply_through_replytocom_without_javascript(client, post):
    root = CommentFactory(post=post, author_name="Bastien")
    page = html(client.get(f"{post.get_absolute_url()}?replytocom={root.pk}"))
    assert "Répondre à Bastien" in page
    assert f'name="parent" value="{root.pk}"' in page
    send(client, post, parent=root.pk, author_email="ines@example.org", author_name="Inès")
    assert Comment.objects.get(author_name="Inès").parent == root


def test_remembers_details_only_with_consent(client, post):
    send(client, post)
    assert "carnet_commenter" not in client.cookies or not client.cookies["carnet_commenter"].value
    send(client, post, body="Deuxième.", remember="on")
    page = html(client.get(post.get_absolute_url()))
    assert 'value="bastien@example.org"' in page


def test_member_sees_no_name_or_email_fields_and_comments_under_their_name(client, post):
    member = UserFactory(first_name="Marie", last_name="Curie")
    client.force_login(member)
    page = html(client.get(post.get_absolute_url()))
    assert 'name="author_email"' not in page and 'name="author_name"' not in page
    response = client.post(
        reverse("comments:post", args=[post.pk]),
        {"body": "Bonjour.", "timestamp": CommentForm(post=post).fresh_timestamp},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.user, comment.author_name) == (member, "Marie Curie")


def test_form_has_the_contract_checkboxes_and_login_include(client, post):
    page = html(client.get(post.get_absolute_url()))
    assert 'name="notify_replies"' in page and 'name="subscribe_blog"' in page
    assert "Me prévenir des nouveaux commentaires par e-mail" in page


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"homepage": "http://spam.example"}, 400, "Ce champ doit rester vide"),
        ({"timestamp": "forged"}, 400, "Ce formulaire a expiré"),
        ({"parent": "999999"}, 400, "Le commentaire auquel vous répondez"),
        ({"author_email": ""}, 400, "Ce champ est obligatoire"),
    ],
)
def test_refusals_keep_the_text_and_store_nothing(client, post, fields, status, message):
    response = send(client, post, body="Mon texte précieux.", **fields)
    assert response.status_code == status
    assert message in html(response)
    assert "Mon texte précieux." in html(response)
    assert not Comment.objects.exists()


def test_too_fast_is_a_bot(client, post, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    response = send(client, post, body="Mon texte précieux.")
    assert response.status_code == 400
    assert "Mon texte précieux." in html(response)
    assert not Comment.objects.exists()


def test_duplicate_is_409_and_stored_once(client, post):
    send(client, post)
    response = send(client, post)
    assert response.status_code == 409
    assert "Commentaire en double" in html(response)
    assert Comment.objects.count() == 1


def test_flood_is_429_with_the_text_kept(client, post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    send(client, post)
    response = send(client, post, body="Tout de suite un autre.")
    assert response.status_code == 429
    assert "trop rapidement" in html(response)
    assert "Tout de suite un autre." in html(response)


def test_closed_post_has_no_form_and_refuses(client, post):
    post.comments_open = False
    post.save()
    assert "Les commentaires sont fermés." in html(client.get(post.get_absolute_url()))
    assert send(client, post).status_code == 403
    assert not Comment.objects.exists()


def test_trashed_comment_with_replies_leaves_a_placeholder(client, post):
    root = CommentFactory(post=post, body_html="<p>Propos retirés</p>", status=CommentStatus.TRASH)
    CommentFactory(post=post, parent=root, body_html="<p>La réponse reste</p>")
    CommentFactory(post=post, status=CommentStatus.SPAM, body_html="<p>Achetez des montres</p>")
    page = html(client.get(post.get_absolute_url()))
    assert "Ce commentaire a été supprimé." in page
    assert "La réponse reste" in page
    assert "Propos retirés" not in page and "montres" not in page
    assert "1 commentaire<" in page


def test_comment_pages_and_permalink_redirect(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    threads = [CommentFactory(post=post, body_html=f"<p>Fil {n}</p>") for n in range(5)]
    reply = CommentFactory(post=post, parent=threads[4], body_html="<p>Réponse</p>")
    page3 = reverse("blog:post_comments", kwargs={**post.date_kwargs(), "comment_page": 3})
    assert "Fil 4" in html(client.get(page3)) and "Fil 0" not in html(client.get(page3))
    assert "Fil 0" in html(client.get(post.get_absolute_url()))
    response = client.get(reverse("comments:permalink", args=[reply.pk]))
    assert response["Location"] == f"{page3}#comment-{reply.pk}"
    assert client.get(page3.replace("comment-page-3", "comment-page-9")).status_code == 404


def test_permalink_of_unapproved_comment_is_404(client, post):
    comment = CommentFactory(post=post, status=CommentStatus.PENDING)
    assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 404


def build_threads(post, count):
    """`count` comments: threads of one comment with two replies, one nested in the other."""
    parents = []
    for n in range(count):
        parent = parents[-1] if n % 3 else None
        parents.append(CommentFactory(post=post, parent=parent, author_email=f"l{n % 7}@ex.org"))


@pytest.mark.parametrize("count", [5, 500])
def test_discussion_loads_in_two_queries(post, settings, count, django_assert_num_queries):
    settings.COMMENTS_PER_PAGE = 1000
    build_threads(post, count)
    with django_assert_num_queries(2):
        discussion = load_discussion(post)
    assert discussion.count == count
    assert len(discussion.threads) == -(-count // 3)


@pytest.mark.parametrize("count", [5, 500])
def test_post_page_in_a_fixed_number_of_queries(
    client, post, settings, count, django_assert_num_queries
):
    """The page with `count` comments costs what it costs with none, plus the discussion's 2."""
    settings.COMMENTS_PER_PAGE = 1000
    other = PostFactory()
    CommentFactory(post=other)
    client.get(other.get_absolute_url())  # warm what is read once per process
    with CaptureQueriesContext(connection) as baseline:
        client.get(other.get_absolute_url())
    build_threads(post, count)
    with django_assert_num_queries(len(baseline)):
        response = client.get(post.get_absolute_url())
    assert html(response).count('class="comment-body"') == count


def test_member_sees_own_pending_comment_others_do_not(client, post):
    member = UserFactory()
    CommentFactory(post=post, user=member, status=CommentStatus.PENDING, body_html="<p>À moi</p>")
    client.force_login(member)
    assert "À moi" in html(client.get(post.get_absolute_url()))
    assert "À moi" not in client_class_get(post)


def test_forged_pending_cookie_shows_nothing(client, post):
    secret = CommentFactory(post=post, status=CommentStatus.PENDING, body_html="<p>Secret</p>")
    client.cookies["carnet_pending_comments"] = str(secret.pk)  # its id, but unsigned
    assert "Secret" not in html(client.get(post.get_absolute_url()))


# A static page's discussion (imported from WordPress): shown like a post's, read-only.


def test_page_shows_its_discussion_read_only(client):
    page = PageFactory(title="À propos")
    root = CommentFactory(post=None, page=page, author_name="Zoé", body_html="<p>Merci !</p>")
    CommentFactory(post=None, page=page, parent=root, author_name="Marc")
    CommentFactory(post=None, page=page, status=CommentStatus.PENDING, body_html="<p>Caché</p>")
    body = html(client.get(page.get_absolute_url()))
    assert "2 commentaires" in body
    assert f'id="comment-{root.pk}"' in body
    assert '<ol class="children">' in body
    assert "Merci !" in body and "Caché" not in body
    assert "Les commentaires sont fermés." in body
    assert 'id="respond"' not in body and "replytocom" not in body


def test_page_without_comments_shows_no_discussion(client):
    page = PageFactory()
    assert 'id="comments"' not in html(client.get(page.get_absolute_url()))


@pytest.mark.parametrize("count", [5, 500])
def test_page_in_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    """A page with `count` comments costs what a page with one costs: its discussion is read
    in the same 2 queries, unpaged."""
    other = PageFactory()
    CommentFactory(post=None, page=other)
    client.get(other.get_absolute_url())  # warm what is read once per process
    with CaptureQueriesContext(connection) as baseline:
        client.get(other.get_absolute_url())
    page = PageFactory()
    for n in range(count):
        CommentFactory(post=None, page=page, author_email=f"l{n % 7}@ex.org")
    with django_assert_num_queries(len(baseline)):
        response = client.get(page.get_absolute_url())
    assert html(response).count('class="comment-body"') == count


def test_permalink_of_a_page_comment_goes_to_the_page_anchor(client):
    page = PageFactory()
    comment = CommentFactory(post=None, page=page)
    response = client.get(reverse("comments:permalink", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{page.get_absolute_url()}#comment-{comment.pk}"


def test_permalink_of_a_comment_on_an_unpublished_page_is_404(client):
    comment = CommentFactory(post=None, page=PageFactory(status=Status.DRAFT))
    assert client.get(reverse("comments:permalink", args=[comment.pk])).status_code == 404


@pytest.fixture
def renders(monkeypatch):
    """The bodies the comments service renders, recorded while still rendered for real."""
    from comments import services

    rendered = []
    real_render = services.comment_html

    def recording(text, **kwargs):
        rendered.append(text)
        return real_render(text, **kwargs)

    monkeypatch.setattr(services, "comment_html", recording)
    return rendered


HOSTILE_BODY = "\\[" * 2500  # took 9 s to render before the Markdown guard


@pytest.mark.parametrize(
    ("refusal", "fields", "status"),
    [
        ("honeypot", {"homepage": "https://spam.example"}, 400),
        ("forged timestamp", {"timestamp": "forged"}, 400),
        ("too fast", {}, 400),
        ("no name", {"author_name": ""}, 400),
        ("no e-mail", {"author_email": ""}, 400),
        ("too long", {"body": "x" * 5001}, 400),
        ("duplicate", {}, 409),
        ("flood", {"body": HOSTILE_BODY[:-2] + "!!"}, 429),
    ],
)
def test_refused_comments_are_never_rendered(
    client, post, settings, renders, refusal, fields, status
):
    settings.COMMENTS_FLOOD_SECONDS = 15
    send(client, post, body=HOSTILE_BODY)  # accepted: the one rendering of this test
    assert renders == [HOSTILE_BODY]
    if refusal == "too fast":
        settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    response = send(client, post, **{"body": HOSTILE_BODY, **fields})
    assert response.status_code == status
    assert renders == [HOSTILE_BODY]
    assert Comment.objects.count() == 1


def test_a_form_timestamp_sends_one_comment_only(client, post):
    timestamp = CommentForm(post=post).fresh_timestamp
    assert send(client, post, timestamp=timestamp).status_code == 302
    replay = send(
        client, post, timestamp=timestamp, author_email="robot@example.org", body="Encore."
    )
    assert replay.status_code == 400
    assert "Ce formulaire a expiré" in html(replay)
    assert "Encore." in html(replay)  # the text is kept, with a fresh timestamp to send it again
    assert send(client, post, body="Encore.").status_code == 302
    assert Comment.objects.count() == 2


def test_a_refused_comment_is_seen_at_the_form(client, post):
    response = send(client, post, body="  ", author_email="pas-une-adresse")
    page = html(response)
    assert response.status_code == 400
    assert re.search(r"<title>Erreur : Le pain du dimanche", page)
    assert f'action="{reverse("comments:post", args=[post.pk])}#respond"' in page
    summary = page.split('<div id="comment-errors"')[1].split("</div>")[0]
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    assert "Votre commentaire n’a pas été envoyé\u00a0:" in summary
    assert '<a href="#id_body">Commentaire\u00a0: Ce champ est obligatoire.</a>' in summary
    assert (
        '<a href="#id_author_email">Adresse e-mail\u00a0: Saisissez une adresse e-mail valide.</a>'
        in summary
    )
    assert summary.index("#id_body") < summary.index("#id_author_email")  # in the form's order
    form = page.split('id="commentform"')[1]
    assert form.index('id="comment-errors"') < form.index('name="body"')  # first in the form
    assert 'value="pas-une-adresse"' in form and 'value="Bastien"' in form


def test_a_good_page_has_no_error_title(client, post):
    page = html(client.get(post.get_absolute_url()))
    assert "<title>Le pain du dimanche" in page
    assert 'id="comment-errors"' not in page


def test_guest_fields_say_e_mail_address(client, post):
    page = html(client.get(post.get_absolute_url()))
    assert ">Adresse e-mail <span" in page
    assert "Votre adresse e-mail ne sera pas publiée." in page
    assert "mon nom, mon adresse e-mail et mon site" in page


def test_comment_page_1_is_the_post_with_a_301(client, post):
    page1 = reverse("blog:post_comments", kwargs={**post.date_kwargs(), "comment_page": 1})
    response = client.get(page1)
    assert response.status_code == 301
    assert response["Location"] == f"{post.get_absolute_url()}#comments"
    other = {**post.date_kwargs(), "slug": "inconnu", "comment_page": 1}
    assert client.get(reverse("blog:post_comments", kwargs=other)).status_code == 404


def test_replies_past_the_deepest_level_say_whom_they_answer(client, post, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    lea = CommentFactory(post=post, author_name="Léa")
    marc = CommentFactory(post=post, parent=lea, author_name="Marc")
    deep = CommentFactory(post=post, parent=marc, author_name="Zoé")
    page = html(client.get(post.get_absolute_url()))
    zoe = page.split(f'id="comment-{deep.pk}"', 1)[1].split("</article>", 1)[0]
    assert f'en réponse à <a href="#comment-{marc.pk}">Marc</a>' in zoe
    marcs = page.split(f'id="comment-{marc.pk}"', 1)[1].split("</article>", 1)[0]
    assert "en réponse à" not in marcs  # nested under Léa: its place says it


# A static page with its comments open takes comments as a post does.


def send_on_page(client, page, **fields):
    return client.post(reverse("comments:page_post", args=[page.pk]), form_data(page, **fields))


def test_page_with_comments_open_shows_the_form_and_takes_a_comment(client):
    page = PageFactory(title="À propos", comments_open=True)
    body = html(client.get(page.get_absolute_url()))
    assert f'action="{reverse("comments:page_post", args=[page.pk])}#respond"' in body
    assert 'name="notify_replies"' not in body  # a page's discussion has no followers
    response = send_on_page(client, page)
    comment = Comment.objects.get()
    assert (comment.page, comment.post, comment.status) == (page, None, CommentStatus.PENDING)
    assert response["Location"] == f"{page.get_absolute_url()}#comment-{comment.pk}"
    assert "Avant tout, bravo pour la recette." in html(client.get(page.get_absolute_url()))


def test_a_reply_on_a_page_attaches_to_that_page_only(client):
    page = PageFactory(comments_open=True)
    root = CommentFactory(post=None, page=page, author_name="Zoé")
    elsewhere = CommentFactory(post=PostFactory())
    assert send_on_page(client, page, parent=elsewhere.pk).status_code == 400
    send_on_page(client, page, parent=root.pk)
    assert Comment.objects.get(parent=root).page == page


def test_a_refused_comment_on_a_page_is_seen_at_the_form(client):
    page = PageFactory(title="À propos", comments_open=True)
    response = send_on_page(client, page, body="  ")
    body = html(response)
    assert response.status_code == 400
    assert re.search(r"<title>Erreur : À propos", body)
    assert 'id="comment-errors"' in body and 'value="Bastien"' in body
    assert Comment.objects.count() == 0


def test_a_page_with_comments_closed_refuses_them(client):
    page = PageFactory(comments_open=False)
    response = send_on_page(client, page)
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    assert 'id="respond"' not in html(client.get(page.get_absolute_url()))


def test_an_unpublished_page_takes_no_comment(client):
    page = PageFactory(comments_open=True, status=Status.DRAFT)
    assert send_on_page(client, page).status_code == 404


@pytest.mark.parametrize("count", [5, 500])
def test_open_page_in_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    """With its form shown, a page costs what a post-less page with one comment costs."""
    other = PageFactory(comments_open=True)
    CommentFactory(post=None, page=other)
    client.get(other.get_absolute_url())  # warm what is read once per process
    with CaptureQueriesContext(connection) as baseline:
        client.get(other.get_absolute_url())
    page = PageFactory(comments_open=True)
    for n in range(count):
        CommentFactory(post=None, page=page, author_email=f"l{n % 7}@ex.org")
    with django_assert_num_queries(len(baseline)):
        response = client.get(page.get_absolute_url())
    assert 'id="commentform"' in html(response)


def test_a_page_files_shared_timestamp_is_accepted_and_held_for_moderation(client, post, settings):
    from comments.forms import shared_form_timestamp

    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3  # meaningless for a page rendered long ago
    shared = shared_form_timestamp(post.pk)
    assert send(client, post, timestamp=shared).status_code == 302
    assert send(client, post, timestamp=shared, body="Encore moi.").status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}
    other = PostFactory()
    refused = send(client, other, timestamp=shared)
    assert refused.status_code == 400  # bound to its post all the same


def test_the_form_token_gives_a_reader_timestamp_with_every_check(client, post, settings):
    settings.COMMENTS_MODERATION = "none"
    response = client.get(reverse("comments:form_token", args=[post.pk]))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    token = response.json()
    assert token["csrf"]
    assert send(client, post, timestamp=token["timestamp"]).status_code == 302
    assert Comment.objects.get().status == CommentStatus.APPROVED
    replay = send(client, post, timestamp=token["timestamp"], body="Encore.")
    assert replay.status_code == 400
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    fresh = client.get(reverse("comments:form_token", args=[post.pk])).json()["timestamp"]
    assert send(client, post, timestamp=fresh, body="Trop vite.").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_listener_failing_after_the_commit_leaves_a_saved_comment_a_success(client, caplog):
    """The comment is committed before its listeners run: one of them meeting a busy database
    is logged, the others still run, and the reader is sent to the comment, not shown a 503."""
    post = PostFactory()
    heard = []

    def busy(sender, **kwargs):
        raise OperationalError("database is locked")

    def after(sender, comment, **kwargs):
        heard.append(comment.pk)

    comment_posted.connect(busy)
    comment_posted.connect(after)
    try:
        response = send(client, post)
    finally:
        comment_posted.disconnect(busy)
        comment_posted.disconnect(after)
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert heard == [comment.pk]
    assert "busy failed after the commit" in caplog.text
    assert "database is locked" in caplog.text
