"""Announcing posts: once, when they become public, never again."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from blog.models import Status
from blog.services import post_announce_due, post_save_from_admin
from blog.signals import post_body_changed, post_published
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    received = []

    def receiver(sender, post, **kwargs):
        received.append(post.slug)

    post_published.connect(receiver)
    yield received
    post_published.disconnect(receiver)


def test_scheduled_post_is_announced_once_when_due(announced, django_capture_on_commit_callbacks):
    when = timezone.now() + timedelta(hours=2)
    PostFactory(slug="plus-tard", published_at=when, announced_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert post_announce_due() == []
    with time_machine.travel(when + timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            post_announce_due()
            post_announce_due()
    assert announced == ["plus-tard"]


def test_drafts_are_never_announced(announced, django_capture_on_commit_callbacks):
    PostFactory(status=Status.DRAFT, announced_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        post_announce_due()
    assert announced == []


def test_editing_the_body_of_a_public_post_signals_it(django_capture_on_commit_callbacks):
    changed = []
    post_body_changed.connect(receiver := lambda sender, post, **kw: changed.append(post.pk))
    try:
        post = PostFactory()
        post.body = "Autre texte"
        with django_capture_on_commit_callbacks(execute=True):
            post_save_from_admin(post=post, changed_fields=["body"])
            post_save_from_admin(post=post, changed_fields=["title"])
    finally:
        post_body_changed.disconnect(receiver)
    assert changed == [post.pk]
