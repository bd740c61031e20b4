"""Precise invalidation: what readers can see changes at once; what they cannot, changes nothing."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models.signals import m2m_changed, post_delete, post_save

from blog.models import Post
from blog.signals import post_published
from comments.models import Comment, CommentStatus
from comments.signals import comment_status_changed
from core.signals import site_restored
from pagecache import generation, receivers
from tests.factories import CategoryFactory, CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write's on-commit callbacks, as a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_new_approved_comment_shows_at_once(client, commit):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        CommentFactory(post=post, body_html="<p>Bravo pour ce texte</p>")
    assert "Bravo pour ce texte" in client.get(post.get_absolute_url()).content.decode()


def test_pending_comment_keeps_the_cached_page_until_approved(
    client, commit, django_assert_num_queries
):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        comment = CommentFactory(
            post=post, status=CommentStatus.PENDING, body_html="<p>En attente</p>"
        )
    with django_assert_num_queries(0):
        client.get(post.get_absolute_url())
    with commit():
        comment.status = CommentStatus.APPROVED
        comment.save()
        comment_status_changed.send(
            sender=type(comment), comment=comment, previous=CommentStatus.PENDING
        )
    assert "En attente" in client.get(post.get_absolute_url()).content.decode()


def test_edited_post_shows_on_its_page_and_the_home_page(client, commit):
    post = PostFactory(title="Ancien titre")
    client.get("/")
    client.get(post.get_absolute_url())
    with commit():
        post.title = "Nouveau titre"
        post.save()
    assert "Nouveau titre" in client.get("/").content.decode()
    assert "Nouveau titre" in client.get(post.get_absolute_url()).content.decode()


def test_newly_published_post_shows_on_the_home_page(client, commit):
    draft = PostFactory(title="Tout neuf", status="draft", announced_at=None)
    assert "Tout neuf" not in client.get("/").content.decode()
    with commit():
        draft.status = "published"
        draft.save()
    assert "Tout neuf" in client.get("/").content.decode()


def test_renamed_category_shows_on_every_page(client, commit):
    category = CategoryFactory(name="Voyages")
    post = PostFactory(categories=[category])
    client.get(post.get_absolute_url())
    with commit():
        category.name = "Randonnées"
        category.save()
    assert "Randonnées" in client.get(post.get_absolute_url()).content.decode()


def test_tag_added_to_a_post_shows_at_once(client, commit):
    post = PostFactory()
    client.get(post.get_absolute_url())
    with commit():
        post.tags.add(TagFactory(name="Marées"))
    assert "Marées" in client.get(post.get_absolute_url()).content.decode()


def test_deleted_post_disappears(client, commit):
    post = PostFactory(title="Bientôt parti")
    assert "Bientôt parti" in client.get("/").content.decode()
    with commit():
        post.delete()
    assert "Bientôt parti" not in client.get("/").content.decode()


def test_a_new_login_provider_shows_its_button_at_once(client, commit):
    from allauth.socialaccount.models import SocialApp
    from django.contrib.sites.models import Site

    post = PostFactory()
    assert "Google" not in client.get(post.get_absolute_url()).content.decode()
    with commit():
        app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
        app.sites.add(Site.objects.get_current())
    assert "Google" in client.get(post.get_absolute_url()).content.decode()


@pytest.fixture
def bumps(commit):
    """`bumps(write)`: whether running `write` (and its commit) replaced the generation."""

    def run(write):
        before = generation.current()
        with commit():
            write()
        return generation.current() != before

    return run


@pytest.mark.parametrize(
    ("watch", "expected"),
    [(("auth",), True), (("auth.User",), True), (("auth.user",), True), (("blog",), False)],
)
def test_a_model_is_watched_by_app_label_or_model_label(settings, watch, expected):
    settings.PAGE_CACHE_WATCH = watch
    assert receivers.watched(User) is expected


def test_a_held_comment_changes_pages_once_saved_again_or_deleted(bumps):
    post = PostFactory()
    held = CommentFactory(post=post, status=CommentStatus.PENDING)
    assert bumps(held.save)
    assert bumps(lambda: Comment.objects.get(pk=held.pk).delete())


def test_a_login_changes_nothing_a_renamed_user_does(bumps):
    user = User.objects.create(username="camille")
    user.first_name = "Camille"
    assert not bumps(lambda: user.save(update_fields=["last_login"]))
    assert bumps(lambda: user.save(update_fields=["first_name"]))
    assert bumps(user.save)


def test_models_nobody_reads_change_nothing(bumps):
    group = Group.objects.create(name="Relecteurs")
    permission = Permission.objects.first()
    assert not bumps(lambda: group.permissions.add(permission))
    assert not bumps(group.save)
    assert not bumps(group.delete)


def test_tags_removed_or_cleared_change_pages(bumps):
    post = PostFactory()
    first, second = TagFactory(), TagFactory()
    post.tags.add(first, second)
    assert bumps(lambda: post.tags.remove(first))
    assert bumps(post.tags.clear)


SIGNALS = [  # each signal, the receiver AppConfig.ready connects to it, and its name
    (post_save, receivers.on_save, "pagecache.save"),
    (post_delete, receivers.on_delete, "pagecache.delete"),
    (m2m_changed, receivers.on_m2m_changed, "pagecache.m2m"),
    (comment_status_changed, receivers.on_public_change, "pagecache.comment_status"),
    (post_published, receivers.on_public_change, "pagecache.post_published"),
    (site_restored, receivers.on_public_change, "pagecache.site_restored"),
]


def connect():
    for signal, receiver, uid in SIGNALS:
        signal.connect(receiver, dispatch_uid=uid)


def test_ready_wires_each_receiver_once_under_its_name(bumps):
    post, tag = PostFactory(), TagFactory()
    comment = CommentFactory(post=post)
    writes = [
        PostFactory,
        lambda: PostFactory().delete(),
        lambda: post.tags.add(tag),
        lambda: comment_status_changed.send(
            sender=Comment, comment=comment, previous=CommentStatus.PENDING
        ),
        lambda: post_published.send(sender=type(post), post=post),
        lambda: site_restored.send(sender=None),
    ]
    try:
        assert [signal.disconnect(dispatch_uid=uid) for signal, _, uid in SIGNALS] == [True] * 6
        assert [bumps(write) for write in writes] == [False] * 6
        connect()
        post.tags.clear()
        assert [bumps(write) for write in writes] == [True] * 6
    finally:
        connect()


def test_an_app_says_which_saves_of_its_model_show(settings, monkeypatch, bumps):
    """`watch(model, shows=...)`: only the saves it says readers see bump; a delete always does."""
    settings.PAGE_CACHE_WATCH = ()
    monkeypatch.setattr(receivers, "_shows", {})
    receivers.watch(Group, shows=lambda group, created: group.name.startswith("public"))
    assert not bumps(lambda: Group.objects.create(name="interne"))
    assert bumps(lambda: Group.objects.create(name="public-lecteurs"))
    assert bumps(lambda: Group.objects.get(name="interne").delete())


def test_a_many_to_many_change_bumps_once_made_not_when_announced(bumps):
    """Django announces a change (pre_add) before making it: only the change made (post_add)
    bumps, as it may yet fail."""
    through = Post.tags.through
    for action in ("pre_add", "pre_remove", "pre_clear"):
        assert not bumps(lambda a=action: receivers.on_m2m_changed(sender=through, action=a))
    for action in ("post_add", "post_remove", "post_clear"):
        assert bumps(lambda a=action: receivers.on_m2m_changed(sender=through, action=a))
