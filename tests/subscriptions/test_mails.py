"""What each mail says, in French, and that nothing people typed can add a header."""

import pytest

from comments.models import Comment, CommentStatus
from comments.signals import comment_posted
from subscriptions import mails
from subscriptions.models import Delivery, MailKind, Subscription
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

INJECTION = "Titre\r\nBcc: pirate@example.org\r\nX-Injected: oui"


def test_line_breaks_in_names_and_titles_never_become_headers(smtp, on_commit, settings):
    settings.BLOG_TITLE = "Le Carnet\nBcc: pirate@example.org"
    author = UserFactory(email="auteur@example.org")
    post = PostFactory(title=INJECTION, author=author)
    comment = CommentFactory(post=post, author_name="Bastien\r\nCc: pirate@example.org")

    on_commit(
        comment_posted.send,
        sender=Comment,
        comment=comment,
        notify_replies=False,
        subscribe_blog=False,
    )

    mail = smtp.only_to("auteur@example.org")
    assert mail.recipients == ["auteur@example.org"]
    assert [r for m in smtp.received for r in m.recipients] == ["auteur@example.org"]
    assert mail["Bcc"] is None and mail["Cc"] is None and mail["X-Injected"] is None
    assert mail.subject == (
        "[Le Carnet Bcc: pirate@example.org] Nouveau commentaire sur "
        "« Titre Bcc: pirate@example.org X-Injected: oui »"
    )
    assert mail["From"] == '"Le Carnet Bcc: pirate@example.org" <carnet@example.org>'


def test_one_line_folds_every_kind_of_line_break():
    assert mails.one_line(" a\r\nb\u2028c\x0bd\x85e  ") == "a b c d e"


def test_every_mail_has_plain_text_html_and_the_one_click_headers(smtp_settings):
    subscription = Subscription.objects.create(email="l@example.org", kind="blog", state="active")
    post = PostFactory(
        title="Devenons des experts", excerpt="Le *bonheur* est dans la connaissance & le partage."
    )

    message = mails.build(
        Delivery(
            kind=MailKind.NEW_POST, recipient="l@example.org", subscription=subscription, post=post
        )
    )

    assert message.to == ["l@example.org"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://carnet.example/subscriptions/unsubscribe/"
    )
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<em>bonheur</em>" in html
    assert "Le bonheur est dans la connaissance & le partage." in message.body
    assert f"https://carnet.example{post.get_absolute_url()}" in message.body
    assert "Vous recevez ce message parce que vous suivez ce blog par e-mail." in message.body


def test_a_moderation_mail_is_dropped_once_the_comment_is_moderated(moderator):
    comment = CommentFactory(status=CommentStatus.APPROVED)

    delivery = Delivery(
        kind=MailKind.MODERATE, recipient=moderator.email, user=moderator, comment=comment
    )

    assert mails.build(delivery) is None


def test_the_digest_lists_each_waiting_comment_with_its_links(smtp_settings, moderator):
    CommentFactory(status=CommentStatus.PENDING, body="Premier en attente")
    CommentFactory(status=CommentStatus.PENDING, body="Second en attente")

    message = mails.build(Delivery(kind=MailKind.DIGEST, recipient=moderator.email, user=moderator))

    assert message.subject == "[Le Carnet] 2 commentaires attendent la modération"
    assert "Premier en attente" in message.body and "Second en attente" in message.body
    assert message.body.count("Approuver : https://carnet.example/subscriptions/moderate/") == 2


def test_the_digest_names_the_page_of_a_waiting_page_comment(smtp_settings, moderator):
    page = PageFactory(title="À propos")
    CommentFactory(post=None, page=page, status=CommentStatus.PENDING, author_name="Zoé")

    message = mails.build(Delivery(kind=MailKind.DIGEST, recipient=moderator.email, user=moderator))

    assert "Zoé sur « À propos »" in message.body
    assert message.body.count("Approuver : https://carnet.example/subscriptions/moderate/") == 1


def test_the_moderation_mail_carries_the_blog_title_set_in_the_admin_and_the_sender(
    smtp_settings, moderator
):
    from blog.identity import SiteIdentity

    SiteIdentity.objects.create(title="Le pain et les jours")
    comment = CommentFactory(
        status=CommentStatus.PENDING, author_email="zoe@example.org", ip_address="203.0.113.7"
    )

    message = mails.build(
        Delivery(kind=MailKind.MODERATE, recipient=moderator.email, user=moderator, comment=comment)
    )

    assert message.subject.startswith("[Le pain et les jours] ")
    assert message.from_email == "Le pain et les jours <carnet@example.org>"
    assert "zoe@example.org" in message.body and "203.0.113.7" in message.body
    assert "Carnet" not in message.subject
