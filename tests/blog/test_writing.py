"""The writing desk's services: autosaves aside from the post, revisions kept and pruned, diffs."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from blog import writing
from blog.autosave import Autosave
from blog.models import Post
from blog.services import post_revision_restore, post_save_from_admin
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_autosave_never_touches_the_post():
    post = PostFactory(title="Publié", body="Le texte public.")
    author = post.author
    writing.autosave_store(user=author, post=post, title="Brouillon", body="Nouveau", excerpt="")
    writing.autosave_store(user=author, post=post, title="Brouillon 2", body="Neuf", excerpt="")
    post.refresh_from_db()
    assert (post.title, post.body) == ("Publié", "Le texte public.")
    assert list(Autosave.objects.values_list("title", "body")) == [("Brouillon 2", "Neuf")]


def test_autosave_is_offered_only_when_newer_and_different():
    post = PostFactory(body="Texte.")
    author = post.author
    assert writing.autosave_offer(user=author, post=post) is None
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        writing.autosave_store(user=author, post=post, title=post.title, body="Texte.", excerpt="")
    assert writing.autosave_offer(user=author, post=post) is None  # nothing new in it
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        saved = writing.autosave_store(user=author, post=post, title="T", body="Plus", excerpt="")
    assert writing.autosave_offer(user=author, post=post) == saved
    assert writing.autosave_offer(user=UserFactory(), post=post) is None


def test_autosave_of_a_new_post_is_offered_back_and_dropped_on_save():
    author = UserFactory()
    writing.autosave_store(user=author, post=None, title="Crash", body="Tapé", excerpt="")
    assert writing.autosave_offer(user=author, post=None).body == "Tapé"
    post = Post(title="Crash", slug="crash", body="Tapé", author=author)
    post_save_from_admin(post=post, changed_fields=["body"], user=author)
    assert not Autosave.objects.exists()


def test_editing_now_lists_others_with_a_recent_autosave():
    post = PostFactory()
    other = UserFactory(username="claire")
    writing.autosave_store(user=other, post=post, title="", body="", excerpt="")
    writing.autosave_store(user=post.author, post=post, title="", body="", excerpt="")
    assert [a.user for a in writing.editing_now(post=post, user=post.author)] == [other]
    later = timezone.now() + timedelta(seconds=151)
    with time_machine.travel(later):
        assert writing.editing_now(post=post, user=post.author) == []


def save(post, user, **changes):
    for name, value in changes.items():
        setattr(post, name, value)
    return post_save_from_admin(post=post, changed_fields=list(changes), user=user)


def test_each_save_keeps_a_revision_and_old_ones_are_pruned(settings):
    settings.BLOG_REVISIONS_KEEP = 3
    post = PostFactory(body="v0")
    for number in range(1, 6):
        save(post, post.author, body=f"v{number}")
    save(post, post.author)  # nothing changed: no revision
    kept = writing.revisions_of(post)
    assert [v.field_dict["body"] for v in kept] == ["v5", "v4", "v3"]
    assert kept[0].revision.user == post.author


def test_restore_puts_the_text_back_as_a_new_revision():
    post = PostFactory(title="Premier", body="Ancien texte", slug="premier")
    save(post, post.author)
    save(post, post.author, title="Second", body="Texte récent", slug="premier")
    old = writing.revisions_of(post)[-1]
    post_revision_restore(post=post, version=old, user=post.author)
    post.refresh_from_db()
    assert (post.title, post.body) == ("Premier", "Ancien texte")
    assert "Ancien texte" in post.body_html
    newest = writing.revisions_of(post)[0]
    assert newest.revision.comment.startswith("Restauré depuis la révision du ")


def test_text_diff_folds_long_unchanged_runs():
    old = "\n".join(f"ligne {n}" for n in range(20))
    new = old.replace("ligne 2\n", "ligne deux\n").replace("ligne 17", "ligne dix-sept")
    rows = writing.text_diff(old, new)
    assert ("delete", "ligne 2") in rows and ("insert", "ligne deux") in rows
    assert ("fold", "") in rows
    assert ("equal", "ligne 10") not in rows
    assert writing.text_diff("même", "même") == []
