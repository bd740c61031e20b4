"""Demo content on an empty database, and never twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Category, Page, Post

pytestmark = pytest.mark.django_db


def test_demo_content_on_empty_database_then_nothing():
    out = StringIO()
    call_command("demo_content", stdout=out)
    assert "mot de passe" in out.getvalue()
    published = Post.objects.published()
    assert published.count() >= 8
    assert len({(p.published_at.year, p.published_at.month) for p in published}) >= 3
    assert Post.objects.filter(status="draft").count() == 1
    assert sum(p.is_scheduled for p in Post.objects.all()) == 1
    assert Category.objects.filter(parent=None).count() == 3
    assert Category.objects.exclude(parent=None).count() == 1
    assert Page.objects.get(slug="a-propos").title == "À propos"

    before = Post.objects.count()
    again = StringIO()
    call_command("demo_content", stdout=again)
    assert "rien n’a été ajouté" in again.getvalue()
    assert Post.objects.count() == before
