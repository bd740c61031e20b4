"""The moderation queue in the admin: what it opens on, what each row shows, the one-click row
actions (plain POST and JSON), undo, inline reply, the pending badge, the query count."""

import json

import pytest
from django.urls import reverse

from comments.models import Comment, CommentStatus
from comments.queue import pending_count
from comments.services import comment_create
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:comments_comment_changelist")
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def admin_client(client, staff, django_capture_on_commit_callbacks):
    """Logged in as staff; each POST runs what it queued for after the commit, as in production
    (the pending count is forgotten then)."""
    client.force_login(staff)
    plain_post = client.post

    def post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return plain_post(*args, **kwargs)

    client.post = post
    return client


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def rows_in_order(html):
    return [line.split('data-pk="')[1].split('"')[0] for line in html.split("<article")[1:]]


def test_the_queue_opens_on_pending_newest_first_when_anything_waits(admin_client):
    older = CommentFactory(status=CommentStatus.PENDING, body_html="<p>Ancien</p>")
    newer = CommentFactory(status=CommentStatus.PENDING, body_html="<p>Récent</p>")
    CommentFactory(status=CommentStatus.APPROVED, body_html="<p>Déjà publié</p>")

    html = admin_client.get(CHANGELIST).content.decode()

    assert rows_in_order(html) == [str(newer.pk), str(older.pk)]
    assert "Déjà publié" not in html
    assert '<li class="selected">\n    <a href="?status=pending">En attente (2)</a>' in html
    everything = admin_client.get(CHANGELIST, {"status": "all"}).content.decode()
    assert "Déjà publié" in everything and "Tout (3)" in everything


def test_the_queue_opens_on_every_comment_when_nothing_waits(admin_client):
    CommentFactory(status=CommentStatus.APPROVED, body_html="<p>Déjà publié</p>")

    html = admin_client.get(CHANGELIST).content.decode()

    assert "Déjà publié" in html


def test_a_row_shows_the_comment_in_full_with_its_author_history_post_and_parent(admin_client):
    post = PostFactory(title="Le pain du dimanche")
    CommentFactory(post=post, author_email="zoe@example.org", status=CommentStatus.APPROVED)
    CommentFactory(post=post, author_email="zoe@example.org", status=CommentStatus.APPROVED)
    parent = CommentFactory(
        post=post, author_name="Bastien", body="La mie était trop dense, pourquoi ?"
    )
    long_text = "Une très longue réponse. " * 20
    CommentFactory(
        post=post,
        parent=parent,
        status=CommentStatus.PENDING,
        author_name="Zoé Martin",
        author_email="zoe@example.org",
        author_url="https://www.zoe.example/blog",
        ip_address="203.0.113.7",
        body=long_text,
        body_html=f'<p>{long_text}<a href="https://boulange.example/levain">levain</a></p>',
    )

    html = admin_client.get(CHANGELIST).content.decode()

    assert long_text.strip() in html  # in full, not an 80-character excerpt
    assert "zoe@example.org" in html and "203.0.113.7" in html
    assert '<a class="queue-site" href="https://www.zoe.example/blog"' in html
    assert "2 commentaires approuvés avant" in html
    assert f'<a href="{post.get_absolute_url()}">Le pain du dimanche</a>' in html
    assert "En réponse à Bastien : <q>La mie était trop dense, pourquoi ?</q>" in html
    assert 'Liens vers : <span class="queue-host">zoe.example</span>, ' in html
    assert '<span class="queue-host">boulange.example</span>' in html
    assert 'class="queue-card is-pending"' in html


def test_a_pending_row_says_why_it_waits(admin_client, settings):
    from comments.models import ModerationWord

    settings.COMMENTS_MAX_LINKS = 2
    ModerationWord.objects.create(word="viagra", action="hold")
    CommentFactory(
        status=CommentStatus.PENDING,
        body="Viagra pas cher",
        body_html='<p><a href="https://a.example/">un</a> <a href="https://b.example/">deux</a></p>',
    )

    html = admin_client.get(CHANGELIST).content.decode()

    assert "Pourquoi : Mot à modérer : « viagra ». 2 liens." in html


def test_the_list_costs_the_same_queries_for_5_or_25_comments(
    admin_client, django_assert_num_queries
):
    def draw():
        return admin_client.get(CHANGELIST, {"status": "all"})

    for _ in range(5):
        parent = CommentFactory(author_email="x@example.org")
        CommentFactory(post=parent.post, parent=parent, status=CommentStatus.PENDING)
    draw()  # warms the pending count and the session
    with django_assert_num_queries(11):
        assert draw().status_code == 200
    for _ in range(10):
        parent = CommentFactory(author_email="y@example.org")
        CommentFactory(post=parent.post, parent=parent, status=CommentStatus.PENDING)
    draw()
    with django_assert_num_queries(11):
        assert draw().status_code == 200


def test_a_row_action_without_javascript_redirects_back_with_an_undo_button(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING)

    response = admin_client.post(
        moderate_url(comment), {"status": "approved", "next": f"{CHANGELIST}?status=pending"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?status=pending"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    page = admin_client.get(response["Location"]).content.decode()
    assert "1 commentaire approuvé." in page
    assert 'name="status" value="pending" class="queue-undo">Annuler</button>' in page

    admin_client.post(moderate_url(comment), {"status": "pending"})  # the Undo button

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_a_row_action_never_redirects_elsewhere(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING)

    response = admin_client.post(
        moderate_url(comment), {"status": "trash", "next": "https://ailleurs.example/"}
    )

    assert response["Location"] == CHANGELIST


def test_a_row_action_by_fetch_answers_json_with_the_row_the_count_and_the_undo(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING)
    CommentFactory(status=CommentStatus.PENDING)

    response = admin_client.post(moderate_url(comment), {"status": "spam"}, **JSON)

    data = json.loads(response.content)
    assert response.status_code == 200
    assert (data["status"], data["previous"], data["pending_count"]) == ("spam", "pending", 1)
    assert data["message"] == "1 commentaire marqué comme indésirable."
    assert data["pending_text"] == "1 commentaire en attente de modération"
    assert 'class="queue-card is-spam"' in data["row_html"]
    assert "Pas indésirable" in data["row_html"]

    undo = json.loads(
        admin_client.post(moderate_url(comment), {"status": "pending"}, **JSON).content
    )

    assert (undo["status"], undo["pending_count"]) == ("pending", 2)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_a_row_action_refuses_get_and_unknown_statuses(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING)

    assert admin_client.get(moderate_url(comment)).status_code == 405
    response = admin_client.post(moderate_url(comment), {"status": "publish"}, **JSON)

    assert response.status_code == 400
    assert "Action inconnue" in json.loads(response.content)["message"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_an_author_cannot_moderate_comments_on_someone_elses_post(client):
    from accounts.roles import ensure_roles

    author = UserFactory(is_staff=True)
    author.groups.add(ensure_roles()["Auteurs"])
    client.force_login(author)
    comment = CommentFactory(status=CommentStatus.PENDING)

    client.post(moderate_url(comment), {"status": "approved"})

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_an_inline_reply_is_published_under_the_moderators_name_and_approves(admin_client, staff):
    staff.first_name, staff.last_name = "Camille", "Rédaction"
    staff.save()
    comment = CommentFactory(status=CommentStatus.PENDING, author_name="Zoé")
    url = reverse("admin:comments_comment_reply", args=[comment.pk])

    response = admin_client.post(url, {"body": "Merci Zoé !"}, **JSON)

    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["message"] == "Votre réponse est publiée."
    assert data["previous"] is None and 'class="queue-card is-approved"' in data["row_html"]
    reply = Comment.objects.get(parent=comment)
    assert (reply.author_name, reply.status, reply.body) == (
        "Camille Rédaction",
        CommentStatus.APPROVED,
        "Merci Zoé !",
    )


def test_an_empty_inline_reply_is_refused_with_a_message(admin_client):
    comment = CommentFactory(status=CommentStatus.PENDING)
    url = reverse("admin:comments_comment_reply", args=[comment.pk])

    response = admin_client.post(url, {"body": "  "}, **JSON)

    assert response.status_code == 400
    assert json.loads(response.content)["message"]
    assert not Comment.objects.filter(parent=comment).exists()


def test_bulk_messages_use_real_plurals(admin_client):
    comments = [CommentFactory(status=CommentStatus.PENDING) for _ in range(2)]

    response = admin_client.post(
        CHANGELIST,
        {"action": "approve", "_selected_action": [c.pk for c in comments]},
        follow=True,
    )

    assert "2 commentaires approuvés." in response.content.decode()
    assert "(s)" not in response.content.decode()


def test_a_bulk_action_reaches_ticked_rows_that_moved_since_the_page_was_drawn(admin_client):
    waiting = CommentFactory(status=CommentStatus.PENDING)
    moved = CommentFactory(status=CommentStatus.PENDING)
    admin_client.post(moderate_url(moved), {"status": "approved"}, **JSON)  # by fetch, row kept

    admin_client.post(
        CHANGELIST, {"action": "mark_spam", "_selected_action": [waiting.pk, moved.pk]}
    )

    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}


def badge(client):
    html = client.get(reverse("admin:index")).content.decode()
    return html.split("data-pending-count>")[1].split("<")[0]


def test_the_badge_counts_pending_comments_exactly_after_every_change(
    admin_client, django_capture_on_commit_callbacks, settings
):  # new, approved, trashed, restored, deleted
    settings.COMMENTS_MODERATION = "all"
    post = PostFactory()
    assert badge(admin_client) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_create(post=post, author_name="Zoé", body="Un")
        second = comment_create(post=post, author_name="Léa", body="Deux", ip_address="10.0.0.2")
    assert badge(admin_client) == "2"

    admin_client.post(moderate_url(first), {"status": "approved"})
    assert badge(admin_client) == "1"

    admin_client.post(moderate_url(second), {"status": "trash"})
    assert badge(admin_client) == "0"

    admin_client.post(moderate_url(second), {"status": "restore"})
    assert badge(admin_client) == "1"
    Comment.objects.get(pk=second.pk).delete()
    assert badge(admin_client) == "0"


def test_the_badge_is_read_from_the_cache(admin_client, django_assert_num_queries):
    CommentFactory(status=CommentStatus.PENDING)
    assert pending_count() == 1
    Comment.objects.filter(status=CommentStatus.PENDING).update(status=CommentStatus.SPAM)

    assert pending_count() == 1  # no query: an update() that bypasses services is not seen
    with django_assert_num_queries(0):
        pending_count()


def test_the_badge_is_on_every_admin_page_beside_comments(admin_client):
    CommentFactory(status=CommentStatus.PENDING)

    html = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()

    assert 'Commentaires <span class="pending-badge" data-pending-badge>' in html


def test_a_comment_sent_to_spam_by_what_was_learned_says_so_in_the_queue(
    admin_client, staff, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_create(post=post, author_name="X", body="Un", ip_address="198.51.100.5")
    admin_client.post(moderate_url(first), {"status": "spam"})
    with django_capture_on_commit_callbacks(execute=True):
        again = comment_create(post=post, author_name="Y", body="Deux", ip_address="198.51.100.5")
    assert again.status == CommentStatus.SPAM

    html = admin_client.get(CHANGELIST, {"status": "spam"}).content.decode()

    why = "Pourquoi : Même adresse IP qu’un commentaire marqué comme indésirable."
    assert html.count(why) == 1  # the second; the first was a moderator's own decision
    assert html.index(why) < html.index(f'data-pk="{first.pk}"')  # newest first: the second
