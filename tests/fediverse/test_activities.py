"""A remote Mastodon account follows the blog, replies, edits and deletes its reply, likes and
boosts a post; the blog answers; a blocked instance loses its followers."""

import json

import pytest

from comments.models import Comment, CommentKind, CommentStatus
from comments.services import comment_create, comment_moderate
from fediverse.models import DomainBlock, Follower, Reaction
from fediverse.services import domain_block_apply
from tests.factories import PostFactory, StaffFactory

from .peer import ACTIVITY, PUBLIC, Peer, verify_from_blog

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return PostFactory(title="Le pain du dimanche", author__username="camille")


def follow(peer, target="http://testserver/fediverse/blog/"):
    return {
        "id": peer.activity_id("Follow"),
        "type": "Follow",
        "actor": peer.uri,
        "object": target,
    }


def reply(peer, in_reply_to, text="Très beau billet !", to=(PUBLIC,), note_id=None):
    note = {
        "id": note_id or peer.server.url(f"/users/alice/statuses/{peer.counter + 1}"),
        "type": "Note",
        "attributedTo": peer.uri,
        "inReplyTo": in_reply_to,
        "content": f'<p><span class="h-card">@blog</span> {text}</p>',
        "to": list(to),
        "cc": [],
    }
    return {"id": peer.activity_id("Create"), "type": "Create", "actor": peer.uri, "object": note}


def blog_key(client):
    return client.get("/fediverse/blog/").json()["publicKey"]["publicKeyPem"]


def test_follow_is_accepted_with_a_signed_answer(send, peer, client, on_commit, post):
    activity = follow(peer)
    assert on_commit(send, activity).status_code == 202
    follower = Follower.objects.select_related("actor").get()
    assert follower.username == "blog" and follower.actor.shared_inbox == peer.shared_inbox
    [(headers, accept)] = peer.received()
    assert accept["type"] == "Accept" and accept["object"]["id"] == activity["id"]
    assert accept["actor"] == "http://testserver/fediverse/blog/"
    body = json.dumps(accept).encode()
    assert verify_from_blog(headers, body, peer.inbox, blog_key(client)) == (
        "http://testserver/fediverse/blog/#main-key"
    )


def test_undo_follow(send, peer, on_commit, post):
    activity = follow(peer, "http://testserver/fediverse/camille/")
    on_commit(send, activity)
    assert Follower.objects.get().username == "camille"
    undo = {"id": peer.activity_id("Undo"), "type": "Undo", "actor": peer.uri, "object": activity}
    assert on_commit(send, undo).status_code == 202
    assert not Follower.objects.exists()


def test_reply_waits_for_approval_then_shows_in_the_thread(send, peer, client, on_commit, post):
    peer.avatar = _png()
    url = f"http://testserver{post.get_absolute_url()}"
    assert on_commit(send, reply(peer, url)).status_code == 202
    comment = Comment.objects.get()
    assert comment.kind == CommentKind.ACTIVITYPUB and comment.status == CommentStatus.PENDING
    assert comment.author_name == "Alice Durand"
    assert comment.author_url == peer.server.url("/@alice")
    assert comment.body == "Très beau billet !"  # the opening mention dropped
    assert "Très beau billet" not in client.get(post.get_absolute_url()).content.decode()
    comment_moderate(comment=comment, status=CommentStatus.APPROVED)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Très beau billet" in page and "Alice Durand" in page
    assert peer.server.url("/@alice") in page
    assert ("GET", "/avatar.png") in [(m, p) for m, p, _h, _b in peer.server.requests]


def test_second_reply_of_a_known_account_is_approved_at_once(send, peer, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    on_commit(send, reply(peer, url))
    comment_moderate(comment=Comment.objects.get(), status=CommentStatus.APPROVED)
    on_commit(send, reply(peer, url, text="Et encore merci."))
    assert Comment.objects.latest("pk").status == CommentStatus.APPROVED


def test_reply_to_a_comment_lands_under_it(send, peer, on_commit, post):
    parent = comment_create(post=post, author_name="Zoé", body="Premier !")
    comment_moderate(comment=parent, status=CommentStatus.APPROVED)
    on_commit(send, reply(peer, f"http://testserver/comment/{parent.pk}/"))
    answer = Comment.objects.get(kind=CommentKind.ACTIVITYPUB)
    assert answer.parent_id == parent.pk


def test_edit_and_delete_from_mastodon(send, peer, client, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    created = reply(peer, url)
    on_commit(send, created)
    comment_moderate(comment=Comment.objects.get(), status=CommentStatus.APPROVED)
    note = dict(created["object"], content="<p>Très beau billet, corrigé.</p>")
    update = {"id": peer.activity_id("Update"), "type": "Update", "actor": peer.uri, "object": note}
    assert on_commit(send, update).status_code == 202
    assert "corrigé" in client.get(post.get_absolute_url()).content.decode()
    delete = {
        "id": peer.activity_id("Delete"),
        "type": "Delete",
        "actor": peer.uri,
        "object": {"id": note["id"], "type": "Tombstone"},
    }
    assert on_commit(send, delete).status_code == 202
    assert not Comment.objects.exists()


def test_nobody_else_edits_or_deletes_a_reply(peer, client, send, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    created = reply(peer, url)
    on_commit(send, created)
    mallory = Peer(peer.server, "mallory")
    note = dict(created["object"], content="<p>Piraté</p>")
    for kind in ("Update", "Delete"):
        forged = {
            "id": mallory.activity_id(kind),
            "type": kind,
            "actor": mallory.uri,
            "object": note,
        }
        body = json.dumps(forged).encode()
        headers = mallory.signed_headers("/fediverse/inbox/", body)
        headers.pop("content-type")
        response = on_commit(
            client.post, "/fediverse/inbox/", body, content_type=ACTIVITY, headers=headers
        )
        assert response.status_code == 202
    assert Comment.objects.get().body == "Très beau billet !"


def test_private_reply_is_never_shown(send, peer, client, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    private = reply(peer, url, text="Entre nous.", to=["http://testserver/fediverse/blog/"])
    assert on_commit(send, private).status_code == 202
    assert not Comment.objects.exists()
    assert "Entre nous" not in client.get(post.get_absolute_url()).content.decode()


def test_likes_and_boosts_are_counted_in_french(send, peer, client, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    like = {"id": peer.activity_id("Like"), "type": "Like", "actor": peer.uri, "object": url}
    boost = {
        "id": peer.activity_id("Announce"),
        "type": "Announce",
        "actor": peer.uri,
        "object": url,
    }
    on_commit(send, like)
    on_commit(send, boost)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "1\u00a0partage, 1\u00a0mention J’aime" in page
    undo = {"id": peer.activity_id("Undo"), "type": "Undo", "actor": peer.uri, "object": like}
    on_commit(send, undo)
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["announce"]


def test_the_blogs_answer_goes_back_to_the_replier(send, peer, client, on_commit, post):
    url = f"http://testserver{post.get_absolute_url()}"
    created = reply(peer, url)
    on_commit(send, created)
    remote = Comment.objects.get()
    comment_moderate(comment=remote, status=CommentStatus.APPROVED)
    staff = StaffFactory()
    answer = on_commit(
        comment_create,
        post=post,
        parent=remote,
        user=staff,
        author_name="Camille",
        body="Merci Alice !",
    )
    headers, create = peer.received()[-1]
    assert create["type"] == "Create" and create["object"]["inReplyTo"] == created["object"]["id"]
    assert create["object"]["to"] == [peer.uri]
    assert create["object"]["id"] == f"http://testserver/comment/{answer.pk}/"
    verify_from_blog(headers, json.dumps(create).encode(), peer.inbox, blog_key(client))


def test_a_readers_answer_goes_back_once_approved_and_only_once(send, peer, on_commit, post):
    created = reply(peer, f"http://testserver{post.get_absolute_url()}")
    on_commit(send, created)
    remote = Comment.objects.get()
    on_commit(comment_moderate, comment=remote, status=CommentStatus.APPROVED)
    peer.server.requests.clear()
    answer = on_commit(
        comment_create, post=post, parent=remote, author_name="Zoé", body="Je suis d’accord."
    )
    assert answer.status == CommentStatus.PENDING and peer.received() == []
    on_commit(comment_moderate, comment=answer, status=CommentStatus.APPROVED)
    [(_headers, create)] = peer.received()
    assert create["object"]["content"].startswith("<p>Zoé a écrit\u00a0:</p>")
    assert "Je suis d’accord" in create["object"]["content"]
    on_commit(comment_moderate, comment=answer, status=CommentStatus.SPAM)
    on_commit(comment_moderate, comment=answer, status=CommentStatus.APPROVED)
    assert len(peer.received()) == 1


def test_blocking_an_instance_removes_its_followers(send, peer, on_commit, post):
    on_commit(send, follow(peer))
    block = DomainBlock.objects.create(domain="127.0.0.1")
    assert domain_block_apply(block=block) == 1
    assert not Follower.objects.exists()


def _png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 64), "#36c").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_like_refreshes_the_cached_page(send, peer, client, on_commit, post, settings):
    settings.PAGE_CACHE_ENABLED = True
    url = f"http://testserver{post.get_absolute_url()}"
    assert "mention J’aime" not in client.get(post.get_absolute_url()).content.decode()
    like = {"id": peer.activity_id("Like"), "type": "Like", "actor": peer.uri, "object": url}
    on_commit(send, like)
    assert "1\u00a0mention J’aime" in client.get(post.get_absolute_url()).content.decode()
