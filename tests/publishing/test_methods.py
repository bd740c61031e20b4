"""Every blogging method through Python's xmlrpc.client against the live site."""

import datetime
import xmlrpc.client

import pytest
from django.utils import timezone

from accounts.roles import AUTHORS
from blog.models import Post, Status
from comments.models import Comment, CommentStatus
from comments.roles import MODERATORS
from images.models import Image
from publishing.passwords import app_password_create
from tests.factories import CategoryFactory, CommentFactory, PostFactory, UserFactory
from tests.images.samples import jpeg, png
from tests.publishing.conftest import fault_of, member_of


def test_options_and_profile(rpc, author, author_password):
    options = rpc.wp.getOptions(1, "camille", author_password, ["blog_title", "nope"])
    assert list(options) == ["blog_title"] and options["blog_title"]["readonly"] is True
    assert rpc.wp.getProfile(1, "camille", author_password)["roles"] == [AUTHORS]


def test_get_posts_filters_and_pages_the_authors_own_posts(rpc, author, author_password):
    now = timezone.now()
    for number in range(3):
        PostFactory(
            author=author,
            title=f"Billet {number}",
            published_at=now - datetime.timedelta(days=number),
        )
    PostFactory(author=author, title="Brouillon", status=Status.DRAFT)
    PostFactory(title="D’une autre plume")
    page = rpc.wp.getPosts(
        1, "camille", author_password, {"number": 2, "offset": 1, "post_status": "publish"}
    )
    assert [p["post_title"] for p in page] == ["Billet 1", "Billet 2"]
    drafts = rpc.wp.getPosts(1, "camille", author_password, {"post_status": "draft"})
    assert [p["post_title"] for p in drafts] == ["Brouillon"]
    assert len(rpc.wp.getPosts(1, "camille", author_password)) == 4


def test_another_authors_post_is_refused_and_unchanged(rpc, author, author_password):
    theirs = PostFactory(title="Pas à moi")
    assert fault_of(lambda: rpc.wp.getPost(1, "camille", author_password, theirs.pk))[0] == 401
    code, message = fault_of(
        lambda: rpc.wp.editPost(1, "camille", author_password, theirs.pk, {"post_title": "Volé"})
    )
    assert (code, message) == (401, "Désolé, vous n’avez pas le droit de faire cela.")
    theirs.refresh_from_db()
    assert theirs.title == "Pas à moi"
    assert fault_of(lambda: rpc.wp.getPost(1, "camille", author_password, 999999))[0] == 404


def test_a_moderator_cannot_post(rpc, transactional_db):
    member_of(MODERATORS, "modo")
    password = app_password_create(user=UserFactory(username="modo"), name="Script")[1]
    assert fault_of(lambda: rpc.wp.newPost(1, "modo", password, {"post_title": "Non"}))[0] == 401
    assert not Post.objects.exists()


def test_bad_post_structs_change_nothing(rpc, author, author_password):
    for struct in (
        {"post_title": ""},
        {"post_title": "A", "post_status": "private"},
        {"post_title": "A", "post_status": "future"},
        {"post_title": "A", "post_date": "demain"},
        {"post_title": "A", "terms": {"post_format": [1]}},
        {"post_title": "A", "terms": {"category": [424242]}},
        {"post_title": ["A"]},
    ):
        assert fault_of(lambda s=struct: rpc.wp.newPost(1, "camille", author_password, s))[0] in (
            400,
            403,
            404,
        )
    assert not Post.objects.exists()


def test_scheduling_with_a_future_date_in_gmt(rpc, author, author_password):
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)
    stamp = xmlrpc.client.DateTime(when.strftime("%Y%m%dT%H:%M:%S"))
    post_id = rpc.wp.newPost(
        1,
        "camille",
        author_password,
        {
            "post_title": "Plus tard",
            "post_status": "future",
            "post_date_gmt": stamp,
            "post_excerpt": "Court.",
        },
    )
    post = Post.objects.get(pk=post_id)
    assert post.is_scheduled and post.excerpt == "Court."
    assert abs(post.published_at - when) < datetime.timedelta(seconds=1)


def test_media_upload_library_and_refusals(rpc, author, author_password):
    sent = rpc.wp.uploadFile(
        1,
        "camille",
        author_password,
        {"name": "a.png", "type": "image/png", "bits": xmlrpc.client.Binary(png((300, 200)))},
    )
    image = Image.objects.get()
    assert sent["type"] == "image/png" and sent["id"] == str(image.pk)
    library = rpc.wp.getMediaLibrary(1, "camille", author_password, {})
    assert [item["attachment_id"] for item in library] == [str(image.pk)]
    assert rpc.wp.getMediaItem(1, "camille", author_password, image.pk)["metadata"]["width"] == 300
    code, message = fault_of(
        lambda: rpc.wp.uploadFile(
            1,
            "camille",
            author_password,
            {"name": "x.png", "bits": xmlrpc.client.Binary(b"pas une image")},
        )
    )
    assert code == 500 and message
    assert (
        fault_of(lambda: rpc.wp.uploadFile(1, "camille", author_password, {"name": "x.png"}))[0]
        == 400
    )
    assert Image.objects.count() == 1


def test_huge_request_is_refused_before_reading(live_server, author, settings):
    settings.PUBLISHING_MAX_REQUEST_BYTES = 2_000_000
    import urllib.error
    import urllib.request

    body = xmlrpc.client.dumps(
        (1, "camille", "x", {"bits": xmlrpc.client.Binary(b"0" * 2_000_000)}), "wp.uploadFile"
    ).encode()
    request = urllib.request.Request(
        f"{live_server.url}/xmlrpc.php", data=body, headers={"Content-Type": "text/xml"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 413


def test_metaweblog_round_trip(rpc, author, author_password):
    CategoryFactory(name="Voyages", slug="voyages")
    post_id = rpc.metaWeblog.newPost(
        1,
        "camille",
        author_password,
        {
            "title": "Par MetaWeblog",
            "description": "<p>Bonjour.</p>",
            "categories": ["Voyages"],
            "mt_keywords": "mer, vent",
            "mt_allow_comments": 0,
        },
        True,
    )
    post = Post.objects.get(pk=post_id)
    assert post.is_public and not post.comments_open
    assert rpc.metaWeblog.editPost(post_id, "camille", author_password, {"title": "Retouché"}, True)
    read = rpc.metaWeblog.getPost(post_id, "camille", author_password)
    assert (read["title"], read["categories"], read["mt_keywords"]) == (
        "Retouché",
        ["Voyages"],
        "mer, vent",
    )
    assert [
        p["postid"] for p in rpc.metaWeblog.getRecentPosts(1, "camille", author_password, 5)
    ] == [post_id]
    assert [
        c["categoryName"] for c in rpc.metaWeblog.getCategories(1, "camille", author_password)
    ] == ["Voyages"]
    media = rpc.metaWeblog.newMediaObject(
        1,
        "camille",
        author_password,
        {"name": "b.jpg", "type": "image/jpeg", "bits": xmlrpc.client.Binary(jpeg((200, 100)))},
    )
    assert media["url"].startswith("http")


def test_movable_type_and_blogger(rpc, author, author_password):
    voyages = CategoryFactory(name="Voyages", slug="voyages")
    post = PostFactory(author=author, status=Status.DRAFT)
    assert "mt.supportedMethods" in rpc.mt.supportedMethods()
    assert rpc.mt.getCategoryList(1, "camille", author_password) == [
        {"categoryId": str(voyages.pk), "categoryName": "Voyages"}
    ]
    assert rpc.mt.setPostCategories(
        post.pk, "camille", author_password, [{"categoryId": str(voyages.pk)}]
    )
    assert (
        rpc.mt.getPostCategories(post.pk, "camille", author_password)[0]["categoryName"]
        == "Voyages"
    )
    assert rpc.mt.publishPost(post.pk, "camille", author_password)
    post.refresh_from_db()
    assert post.is_public
    assert rpc.blogger.getUsersBlogs("", "camille", author_password)[0]["blogid"] == "1"
    assert (
        fault_of(lambda: rpc.blogger.deletePost("", post.pk, "camille", author_password, True))[0]
        == 401
    )
    author.is_superuser = True
    author.save()
    assert rpc.blogger.deletePost("", post.pk, "camille", author_password, True)
    assert not Post.objects.exists()


def test_comments_read_counted_moderated_and_deleted(rpc, author, author_password):
    post = PostFactory(author=author)
    held = CommentFactory(post=post, status=CommentStatus.PENDING, body="En attente.")
    CommentFactory(post=post, body="Publié.")
    CommentFactory(body="Sur un autre billet.")
    assert rpc.wp.getCommentCount(1, "camille", author_password, post.pk) == {
        "approved": 1,
        "awaiting_moderation": 1,
        "spam": 0,
        "total_comments": 2,
    }
    listed = rpc.wp.getComments(1, "camille", author_password, {"status": "hold"})
    assert [c["content"] for c in listed] == ["En attente."]
    assert rpc.wp.getComment(1, "camille", author_password, held.pk)["status"] == "hold"
    # An "Auteur" reads the comments on their posts but does not moderate them.
    assert (
        fault_of(
            lambda: rpc.wp.editComment(
                1, "camille", author_password, held.pk, {"status": "approve"}
            )
        )[0]
        == 401
    )
    author.is_superuser = True
    author.save()
    assert rpc.wp.editComment(1, "camille", author_password, held.pk, {"status": "approve"})
    held.refresh_from_db()
    assert held.status == CommentStatus.APPROVED
    assert rpc.wp.deleteComment(1, "camille", author_password, held.pk)
    assert not Comment.objects.filter(pk=held.pk).exists()


def test_wordpress_post_and_term_methods_by_xmlrpc_client(rpc, author, author_password):
    """wp.newTerm, wp.getTerms, wp.getTerm, wp.newPost, wp.editPost, wp.getPost, wp.deletePost."""
    tag_id = rpc.wp.newTerm(1, "camille", author_password, {"taxonomy": "post_tag", "name": "Mer"})
    assert [t["name"] for t in rpc.wp.getTerms(1, "camille", author_password, "post_tag")] == [
        "Mer"
    ]
    assert rpc.wp.getTerm(1, "camille", author_password, "post_tag", tag_id)["slug"] == "mer"
    voyages = CategoryFactory(name="Voyages", slug="voyages")
    post_id = rpc.wp.newPost(
        1,
        "camille",
        author_password,
        {
            "post_title": "Premier jet",
            "post_content": "Du *Markdown*.",
            "post_status": "pending",
            "terms": {"category": [voyages.pk], "post_tag": [tag_id]},
        },
    )
    assert rpc.wp.getPost(1, "camille", author_password, post_id)["post_status"] == "pending"
    assert rpc.wp.editPost(
        1, "camille", author_password, post_id, {"post_title": "Relu", "post_status": "publish"}
    )
    read = rpc.wp.getPost(1, "camille", author_password, post_id)
    assert (read["post_title"], read["post_status"]) == ("Relu", "publish")
    assert sorted(t["name"] for t in read["terms"]) == ["Mer", "Voyages"]
    assert Post.objects.get(pk=post_id).is_public
    author.is_superuser = True  # an "Auteur" may not delete; an administrator may
    author.save()
    assert rpc.wp.deletePost(1, "camille", author_password, post_id) is True
    assert not Post.objects.exists()
    assert fault_of(lambda: rpc.wp.deletePost(1, "camille", author_password, post_id))[0] == 404


def test_private_password_and_custom_fields_get_a_clear_fault(rpc, author, author_password):
    post = PostFactory(author=author, title="Public")
    refusals = {
        "private": {"post_status": "private"},
        "password": {"post_password": "secret"},
        "custom fields": {"custom_fields": [{"key": "humeur", "value": "gaie"}]},
    }
    messages = {}
    for name, struct in refusals.items():
        code, messages[name] = fault_of(
            lambda s=struct: rpc.wp.editPost(1, "camille", author_password, post.pk, s)
        )
        assert code == 400
        assert (
            fault_of(
                lambda s=struct: rpc.wp.newPost(
                    1, "camille", author_password, {"post_title": "N", **s}
                )
            )[0]
            == 400
        )
    assert "pas de billets privés" in messages["private"] and "brouillon" in messages["private"]
    assert "protégés par un mot de passe" in messages["password"]
    assert "champs personnalisés" in messages["custom fields"]
    post.refresh_from_db()
    assert post.is_public and Post.objects.count() == 1
    # What editors send by default is accepted.
    assert rpc.wp.editPost(
        1, "camille", author_password, post.pk, {"post_password": "", "custom_fields": []}
    )


def test_edit_comment_changes_every_wordpress_field(rpc, author, author_password):
    post = PostFactory(author=author)
    held = CommentFactory(post=post, status=CommentStatus.PENDING, body="Premier jet.")
    author.is_superuser = True
    author.save()
    when = xmlrpc.client.DateTime("20260102T03:04:05")
    assert rpc.wp.editComment(
        1,
        "camille",
        author_password,
        held.pk,
        {
            "status": "approve",
            "content": "Texte **corrigé**.",
            "author": "Lectrice\nFidèle",
            "author_url": "https://lectrice.example/",
            "author_email": "lectrice@example.org",
            "date_created_gmt": when,
        },
    )
    held.refresh_from_db()
    assert held.status == CommentStatus.APPROVED
    assert held.body == "Texte **corrigé**." and "<strong>corrigé</strong>" in held.body_html
    assert (held.author_name, held.author_url, held.author_email) == (
        "Lectrice Fidèle",
        "https://lectrice.example/",
        "lectrice@example.org",
    )
    assert held.created_at == datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    read = rpc.wp.getComment(1, "camille", author_password, held.pk)
    assert (read["status"], read["author"]) == ("approve", "Lectrice Fidèle")


def test_bad_comment_edits_change_nothing(rpc, author, author_password):
    comment = CommentFactory(post=PostFactory(author=author), body="Intact.")
    author.is_superuser = True
    author.save()
    for struct in (
        {"content": ""},
        {"content": "x" * 100_000},
        {"content": ["liste"]},
        {"author": "   "},
        {"author_email": "pas-une-adresse", "content": "Changé."},
        {"author_url": "javascript:alert(1)"},
        {"date_created_gmt": "hier"},
        {"status": "approve", "author": 12},
        {"status": "publiée"},
    ):
        code, message = fault_of(
            lambda s=struct: rpc.wp.editComment(1, "camille", author_password, comment.pk, s)
        )
        assert code == 400 and message
    fresh = Comment.objects.get(pk=comment.pk)
    assert (fresh.body, fresh.author_name, fresh.status, fresh.created_at) == (
        "Intact.",
        comment.author_name,
        comment.status,
        comment.created_at,
    )
    assert fault_of(lambda: rpc.wp.editComment(1, "camille", author_password, 424242, {}))[0] == 404


def test_a_revoked_password_changes_nothing(rpc, author, author_password):
    from publishing.models import ApplicationPassword
    from publishing.passwords import app_password_revoke

    post = PostFactory(author=author, title="Avant")
    app_password_revoke(user=author, pk=ApplicationPassword.objects.get().pk)
    for call in (
        lambda: rpc.wp.newPost(1, "camille", author_password, {"post_title": "Nouveau"}),
        lambda: rpc.wp.editPost(1, "camille", author_password, post.pk, {"post_title": "Après"}),
        lambda: rpc.metaWeblog.editPost(post.pk, "camille", author_password, {"title": "X"}),
    ):
        assert fault_of(call)[0] == 403
    post.refresh_from_db()
    assert post.title == "Avant" and Post.objects.count() == 1


def test_api_posts_are_announced_and_refresh_cached_pages(
    rpc, author, author_password, settings, live_server
):
    import urllib.request

    from blog.signals import post_published

    settings.PAGE_CACHE_ENABLED = True
    announced = []

    def heard(sender, post, **kwargs):
        announced.append(post.title)

    post_published.connect(heard)
    try:

        def home():
            with urllib.request.urlopen(f"{live_server.url}/", timeout=30) as response:
                return response.read().decode()

        assert "Par l’éditeur" not in home()  # now in the page cache
        post_id = rpc.wp.newPost(
            1,
            "camille",
            author_password,
            {"post_title": "Par l’éditeur", "post_status": "publish", "post_content": "x"},
        )
        assert "Par l’éditeur" in home()
        rpc.wp.editPost(1, "camille", author_password, post_id, {"post_title": "Retitré"})
        page = home()
        assert "Retitré" in page and "Par l’éditeur" not in page
    finally:
        post_published.disconnect(heard)
    assert announced == ["Par l’éditeur"]
