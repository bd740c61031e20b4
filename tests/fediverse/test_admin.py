"""The block list in the admin: adding an instance removes its followers and reactions."""

import pytest
from django.urls import reverse

from fediverse.models import DomainBlock, Follower, Reaction, ReactionKind, RemoteActor
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def remote(uri):
    return RemoteActor.objects.create(
        uri=uri, domain=uri.split("/")[2], key_id=f"{uri}#k", public_pem="", inbox=f"{uri}/inbox"
    )


def test_blocking_an_instance_in_the_admin_removes_its_followers(admin_client):
    spam = remote("https://media.spam.example/users/x")
    friend = remote("https://amis.example/users/y")
    Follower.objects.create(username="blog", actor=spam)
    Follower.objects.create(username="blog", actor=friend)
    post = PostFactory()
    Reaction.objects.create(
        activity_id="https://media.spam.example/likes/1",
        actor_uri=spam.uri,
        post=post,
        kind=ReactionKind.LIKE,
    )
    response = admin_client.post(
        reverse("admin:fediverse_domainblock_add"),
        {"domain": " Spam.Example. ", "reason": "Pourriels"},
    )
    assert response.status_code == 302
    assert DomainBlock.objects.get().domain == "spam.example"
    assert list(Follower.objects.values_list("actor__uri", flat=True)) == [friend.uri]
    assert not Reaction.objects.exists()


def test_the_block_list_speaks_french(admin_client):
    html = admin_client.get(reverse("admin:fediverse_domainblock_changelist")).content.decode()
    assert "Instances bloquées" in html
    html = admin_client.get(reverse("admin:fediverse_domainblock_add")).content.decode()
    assert "Ajouter une instance bloquée" in html
