"""From a comment or a publication to the mails a real SMTP server receives."""

import pytest

from blog.services import post_announce_due
from comments.models import Comment, CommentKind, CommentStatus
from comments.services import comment_create, comment_moderate
from subscriptions.models import (
    Delivery,
    DeliveryStatus,
    MailPreference,
    Subscription,
    SubscriptionKind,
)
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    author = UserFactory(username="ines", email="ines@example.org")
    return PostFactory(title="Le pain du dimanche, pas à pas !", author=author)


def comment(on_commit, post, **fields):
    fields = {
        "author_name": "Bastien",
        "author_email": "bastien@example.org",
        "body": "Bravo pour la recette.",
    } | fields
    return on_commit(comment_create, post=post, **fields)


def follower(post, email):
    return Subscription.objects.create(
        email=email, kind=SubscriptionKind.POST, post=post, state="active"
    )


def test_the_author_hears_of_an_approved_comment(smtp, on_commit, post):
    staff = UserFactory(username="jules", email="jules@example.org", is_staff=True)

    new = comment(
        on_commit, post, user=staff, author_name="jules", author_email="jules@example.org"
    )

    assert new.status == CommentStatus.APPROVED
    mail = smtp.only_to("ines@example.org")
    assert mail.recipients == ["ines@example.org"]
    assert (
        mail.subject == "[Le Carnet] Nouveau commentaire sur « Le pain du dimanche, pas à pas ! »"
    )
    assert mail["From"] == "Le Carnet <carnet@example.org>"
    assert "jules a commenté votre billet" in mail.text
    assert "Bravo pour la recette." in mail.text
    assert f"https://carnet.example/comment/{new.pk}/" in mail.text
    assert "Bravo pour la recette." in mail.html


def test_a_held_comment_goes_to_the_author_and_the_moderators_once_each(
    smtp, on_commit, post, moderator
):
    held = comment(on_commit, post)

    assert held.status == CommentStatus.PENDING
    to_author = smtp.only_to("ines@example.org")
    assert "attend la modération" in to_author.text
    assert "/subscriptions/moderate/" not in to_author.text  # the author may not moderate
    to_moderator = smtp.only_to("moderatrice@example.org")
    assert to_moderator.subject == ("[Le Carnet] À modérer : « Le pain du dimanche, pas à pas ! »")
    assert "Bravo pour la recette." in to_moderator.text
    for label in ("Approuver", "Indésirable", "Corbeille"):
        assert f"{label} : https://carnet.example/subscriptions/moderate/" in to_moderator.text
    assert len(smtp.received) == 2


def test_an_author_who_moderates_gets_one_mail_with_the_links(smtp, on_commit, moderator):
    own_post = PostFactory(author=moderator)

    comment(on_commit, own_post)

    mail = smtp.only_to("moderatrice@example.org")
    assert "https://carnet.example/subscriptions/moderate/" in mail.text
    assert len(smtp.received) == 1


def test_moderators_who_chose_the_digest_get_no_mail_per_comment(smtp, on_commit, post, moderator):
    MailPreference.objects.create(user=moderator, moderation="digest")

    comment(on_commit, post)

    assert smtp.to("moderatrice@example.org") == []


def test_followers_of_the_discussion_get_new_approved_comments_never_their_own(
    smtp, on_commit, post
):
    follower(post, "bastien@example.org")
    follower(post, "jules@example.org")
    staff = UserFactory(username="jules", email="jules@example.org", is_staff=True)

    reply = comment(
        on_commit, post, user=staff, author_name="jules", author_email="jules@example.org"
    )

    assert smtp.to("jules@example.org") == []
    mail = smtp.only_to("bastien@example.org")
    assert (
        mail.subject == "[Le Carnet] Nouveau commentaire sur « Le pain du dimanche, pas à pas ! »"
    )
    assert "jules a commenté « Le pain du dimanche, pas à pas ! »" in mail.text
    assert "Bravo pour la recette." in mail.text
    assert f"?replytocom={reply.pk}#respond" in mail.link("replytocom")


def test_a_held_comment_reaches_followers_once_approved_and_only_once(
    smtp, on_commit, post, moderator
):
    follower(post, "jules@example.org")
    held = comment(on_commit, post)
    assert smtp.to("jules@example.org") == []

    on_commit(comment_moderate, comment=held, status=CommentStatus.APPROVED)
    on_commit(comment_moderate, comment=held, status=CommentStatus.SPAM)
    on_commit(comment_moderate, comment=held, status=CommentStatus.APPROVED)

    assert "Bravo pour la recette." in smtp.only_to("jules@example.org").text


def test_pingbacks_are_not_sent_to_discussion_followers(smtp, on_commit, post, settings):
    settings.COMMENTS_MODERATE_PINGS = False
    follower(post, "jules@example.org")

    comment(on_commit, post, kind=CommentKind.PINGBACK, author_email="", author_name="Institut")

    assert smtp.to("jules@example.org") == []
    assert smtp.only_to("ines@example.org")


def test_fediverse_replies_are_sent_to_discussion_followers(smtp, on_commit, post, settings):
    settings.COMMENTS_MODERATION = "none"
    follower(post, "jules@example.org")

    comment(
        on_commit,
        post,
        kind=CommentKind.ACTIVITYPUB,
        author_email="0123abcd@fediverse.invalid",
        author_name="Alice Durand",
        body="Une réponse de Mastodon.",
    )

    assert "Une réponse de Mastodon." in smtp.only_to("jules@example.org").text


def test_the_comment_form_checkboxes_ask_for_confirmation_in_one_mail(smtp, on_commit, post):
    comment(on_commit, post, notify_replies=True, subscribe_blog=True)

    mail = smtp.only_to("bastien@example.org")
    assert mail.subject == "[Le Carnet] Merci de confirmer votre abonnement"
    assert "Nouveaux commentaires sur « Le pain du dimanche, pas à pas ! »" in mail.text
    assert "Nouveaux billets de ce blog" in mail.text
    assert set(Subscription.objects.values_list("kind", "state")) == {
        ("post", "pending"),
        ("blog", "pending"),
    }


def test_a_published_post_reaches_each_active_follower_once(smtp, on_commit, post):
    for address in ("un@example.org", "deux@example.org"):
        Subscription.objects.create(email=address, kind=SubscriptionKind.BLOG, state="active")
    Subscription.objects.create(email="attente@example.org", kind=SubscriptionKind.BLOG)
    new_post = PostFactory(
        title="Devenons des experts",
        excerpt="Tout le bonheur se trouve dans la connaissance.",
        announced_at=None,
    )

    on_commit(post_announce_due)
    on_commit(post_announce_due)
    new_post.title = "Devenons des experts (modifié)"
    new_post.save()
    on_commit(post_announce_due)

    assert sorted(r for m in smtp.received for r in m.recipients) == [
        "deux@example.org",
        "un@example.org",
    ]
    mail = smtp.only_to("un@example.org")
    assert mail.subject == "[Le Carnet] Devenons des experts"
    assert "Tout le bonheur se trouve dans la connaissance." in mail.text
    assert f"https://carnet.example{new_post.get_absolute_url()}" in mail.text
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2


def test_spam_bothers_nobody(smtp, on_commit, post, moderator):
    from comments.models import ModerationWord, WordAction

    ModerationWord.objects.create(word="casino", action=WordAction.SPAM)

    spam = comment(on_commit, post, body="Le meilleur casino en ligne")

    assert spam.status == CommentStatus.SPAM
    assert smtp.received == []


def test_approving_a_page_comment_mails_no_follower(smtp, on_commit, post, moderator):
    """A page's (imported) discussion has no followers: the blog's are not told either."""
    follower(post, "jules@example.org")
    Subscription.objects.create(
        email="lea@example.org", kind=SubscriptionKind.BLOG, post=None, state="active"
    )
    held = CommentFactory(post=None, page=PageFactory(), status=CommentStatus.PENDING)

    on_commit(comment_moderate, comment=held, status=CommentStatus.APPROVED)

    assert Comment.objects.get(pk=held.pk).status == CommentStatus.APPROVED
    assert smtp.received == []


@pytest.mark.django_db(transaction=True)
def test_a_comment_deleted_before_its_mails_are_queued_is_no_error(client, settings):
    """A moderator deletes the comment between its commit and the listeners: no 500, no mail."""
    from django.db import transaction
    from django.db.models.signals import post_save
    from django.urls import reverse

    from comments.forms import CommentForm

    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    author = UserFactory(username="ines", email="ines@example.org")
    post = PostFactory(author=author)
    UserFactory(username="jules", email="jules@example.org", is_staff=True, is_superuser=True)

    def delete_once_committed(sender, instance, created, **kwargs):
        if created:  # runs before comment_posted: it was queued first
            transaction.on_commit(lambda: Comment.objects.filter(pk=instance.pk).delete())

    post_save.connect(delete_once_committed, sender=Comment, dispatch_uid="test.quick_moderator")
    try:
        response = client.post(
            reverse("comments:post", args=[post.pk]),
            {
                "author_name": "Bastien",
                "author_email": "bastien@example.org",
                "body": "Bravo pour la recette.",
                "timestamp": CommentForm(post=post).fresh_timestamp,
                "notify_replies": "on",
            },
        )
    finally:
        post_save.disconnect(sender=Comment, dispatch_uid="test.quick_moderator")
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert not Delivery.objects.exists()
