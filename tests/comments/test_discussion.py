"""The discussion a member gets: the shared comment page from the cache, their own parts added.

The page cache is on as shipped (the shared part lives for a content generation) and members
always get a freshly rendered page: what they see must change exactly when the discussion does.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comments import conf
from comments.models import Comment, CommentStatus
from comments.services import comment_delete, comment_edit, comment_moderate
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The page cache on as shipped, without the member page kept in front of the discussion's
    own cache (tests/pagecache/test_members.py): each page here is rendered for its member."""
    settings.PAGE_CACHE_ENABLED = True
    member_pages = "pagecache.members.MemberPageCacheMiddleware"
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != member_pages]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write's on-commit callbacks (the generation bump), as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def lea():
    return UserFactory(username="lea", first_name="Léa")


@pytest.fixture
def member(client, lea):
    client.force_login(lea)
    return client


@pytest.fixture
def post():
    return PostFactory(title="Le pain du dimanche")


def page(client, post, number=1):
    url = post.get_absolute_url()
    if number > 1:
        url = reverse("blog:post_comments", kwargs={**post.date_kwargs(), "comment_page": number})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_shared_part_really_comes_from_the_cache(member, post):
    """A write no signal announces (a raw UPDATE) does not show: the member got the kept part."""
    comment = CommentFactory(post=post, body_html="<p>Première version</p>")
    assert "Première version" in page(member, post)
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Changé en douce</p>")
    assert "Première version" in page(member, post)


def test_new_approved_comment_shows(member, post, commit):
    CommentFactory(post=post)
    page(member, post)
    with commit():
        CommentFactory(post=post, body_html="<p>Tout juste arrivé</p>")
    assert "Tout juste arrivé" in page(member, post)


def test_approval_shows(member, post, commit):
    held = CommentFactory(post=post, status=CommentStatus.PENDING, body_html="<p>Retenu</p>")
    assert "Retenu" not in page(member, post)
    with commit():
        comment_moderate(comment=held, status=CommentStatus.APPROVED)
    assert "Retenu" in page(member, post)


def test_edit_shows(member, post, lea, commit):
    mine = CommentFactory(post=post, user=lea, body_html="<p>Brouillon</p>")
    assert "Brouillon" in page(member, post)
    with commit():
        comment_edit(comment=mine, body="Texte revu et corrigé", user=lea)
    assert "Texte revu et corrigé" in page(member, post)


@pytest.mark.parametrize("status", [CommentStatus.SPAM, CommentStatus.TRASH])
def test_moderation_shows(member, post, commit, status):
    comment = CommentFactory(post=post, body_html="<p>Achetez ici</p>")
    assert "Achetez ici" in page(member, post)
    with commit():
        comment_moderate(comment=comment, status=status)
    assert "Achetez ici" not in page(member, post)


def test_deletion_shows(member, post, commit):
    comment = CommentFactory(post=post, status=CommentStatus.TRASH)
    CommentFactory(post=post, body_html="<p>Reste là</p>")
    CommentFactory(post=post, body_html="<p>Bientôt parti</p>")
    assert "Bientôt parti" in page(member, post)
    with commit():
        comment_delete(comment=comment)
        Comment.objects.get(body_html="<p>Bientôt parti</p>").delete()
    shown = page(member, post)
    assert "Bientôt parti" not in shown
    assert "Reste là" in shown


def test_post_change_shows(member, post, lea, commit):
    """The post's author marks their own comments (bypostauthor): saving the post shows."""
    CommentFactory(post=post, user=lea)
    assert "bypostauthor" not in page(member, post)
    with commit():
        post.author = lea
        post.save()
    assert "bypostauthor" in page(member, post)


def test_settings_that_show_are_in_the_key(member, post, settings):
    for _ in range(3):
        CommentFactory(post=post)
    assert "Page de commentaires" not in page(member, post)
    settings.COMMENTS_PER_PAGE = 2
    assert "Page de commentaires 1 sur 2" in page(member, post)


def test_each_comment_page_is_its_own(member, post, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(post=post, body_html="<p>Le premier</p>")
    CommentFactory(post=post, body_html="<p>Le second</p>")
    assert "Le premier" in page(member, post)
    second = page(member, post, 2)
    assert "Le second" in second
    assert "Le premier" not in second


def test_member_sees_their_pending_comment_and_no_one_else_does(member, client, post, lea):
    CommentFactory(post=post, body_html="<p>Approuvé</p>")
    CommentFactory(
        post=post, user=lea, status=CommentStatus.PENDING, body_html="<p>Le mien, en attente</p>"
    )
    other = UserFactory(username="noe")
    CommentFactory(
        post=post, user=other, status=CommentStatus.PENDING, body_html="<p>Celui de Noé</p>"
    )
    mine = page(member, post)
    assert "Le mien, en attente" in mine
    assert "Votre commentaire est en attente de modération." in mine
    assert "Celui de Noé" not in mine
    client.force_login(other)
    theirs = page(client, post)
    assert "Celui de Noé" in theirs
    assert "Le mien, en attente" not in theirs
    client.logout()
    shown = page(client, post)
    assert "Approuvé" in shown
    assert "en attente" not in shown


def edit_url(comment):
    return reverse("comments:edit", kwargs={"pk": comment.pk})


def test_edit_links_on_own_comments_only(member, client, post, lea):
    mine = CommentFactory(post=post, user=lea)
    other = UserFactory(username="noe")
    theirs = CommentFactory(post=post, user=other)
    guest = CommentFactory(post=post)
    shown = page(member, post)
    assert edit_url(mine) in shown
    assert edit_url(theirs) not in shown
    assert edit_url(guest) not in shown
    client.force_login(other)
    shown = page(client, post)
    assert edit_url(theirs) in shown
    assert edit_url(mine) not in shown
    client.logout()
    shown = page(client, post)
    assert "comment-edit-link" not in shown
    assert "<!--edit-" not in shown


def test_edit_link_goes_when_the_edit_time_is_over(member, post, lea):
    mine = CommentFactory(post=post, user=lea)
    assert edit_url(mine) in page(member, post)
    later = timezone.now() + timedelta(minutes=conf.settings.COMMENTS_EDIT_MINUTES + 1)
    with time_machine.travel(later):
        shown = page(member, post)
    assert edit_url(mine) not in shown
    assert "<!--edit-" not in shown


def test_reply_link_answer_is_named_in_the_form(member, post):
    comment = CommentFactory(post=post, author_name="Bastien")
    response = member.get(f"{post.get_absolute_url()}?replytocom={comment.pk}")
    assert "Répondre à Bastien" in response.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_member_page_in_a_fixed_number_of_queries(member, post, count, django_assert_num_queries):
    """Session, member, post, its categories, its tags, the member's pending comments here: the
    same with 3 comments or 60, once the discussion is kept."""
    for _ in range(count):
        CommentFactory(post=post)
    page(member, post)
    with django_assert_num_queries(6):
        page(member, post)


def test_admin_preview_shows_the_comments_without_a_form(admin_client, post):
    CommentFactory(post=post, body_html="<p>Déjà là</p>")
    response = admin_client.get(reverse("admin:blog_post_preview", args=[post.pk]))
    shown = response.content.decode()
    assert "Déjà là" in shown
    assert 'id="commentform"' not in shown
    assert 'id="commentform"' in page(admin_client, post)
