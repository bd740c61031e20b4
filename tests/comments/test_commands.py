"""check_comment_trees and empty_comment_trash."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment, CommentStatus
from comments.services import comment_moderate
from tests.comments.trees import assert_nested_sets_valid
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_check_comment_trees_reports_then_repairs():
    root = CommentFactory(author_name="A")
    CommentFactory(post=root.post, parent=root, author_name="B")
    out = StringIO()
    call_command("check_comment_trees", stdout=out)
    assert "Tous les arbres de commentaires sont valides." in out.getvalue()
    Comment.objects.filter(pk=root.pk).update(rght=2)
    with pytest.raises(CommandError, match="--repair"):
        call_command("check_comment_trees", stdout=StringIO(), stderr=StringIO())
    call_command("check_comment_trees", "--repair", stdout=StringIO(), stderr=StringIO())
    assert_nested_sets_valid()


def test_empty_comment_trash_after_30_days(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    old = CommentFactory()
    comment_moderate(comment=old, status=CommentStatus.TRASH)
    recent = CommentFactory()
    time_machine.shift(timedelta(days=31))
    comment_moderate(comment=recent, status=CommentStatus.TRASH)
    out = StringIO()
    call_command("empty_comment_trash", stdout=out)
    assert "1 commentaire(s) supprimé(s)" in out.getvalue()
    assert list(Comment.objects.all()) == [recent]
