"""The links in mails, followed for real through the test client, and the follow form."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from blog.services import post_announce_due
from comments.models import CommentStatus
from subscriptions import tokens
from subscriptions.models import MailPreference, ModerationMail, Subscription
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def path_of(url):
    return urlsplit(url).path


def follow(client, on_commit, address):
    return on_commit(client.post, reverse("subscriptions:follow"), {"email": address})


def test_a_guest_follows_the_blog_after_confirming_then_gets_new_posts(client, smtp, on_commit):
    response = follow(client, on_commit, "Lecteur@Example.org")

    assert response.status_code == 200
    assert "Consultez votre boîte aux lettres" in response.text
    assert Subscription.objects.get().state == "pending"
    confirmation = smtp.only_to("lecteur@example.org")
    assert confirmation.subject == "[Le Carnet] Merci de confirmer votre abonnement"
    assert "Nouveaux billets de ce blog" in confirmation.text
    confirm_url = confirmation.link("/subscriptions/confirm/")
    assert confirm_url.startswith("https://carnet.example/subscriptions/confirm/")

    page = client.get(path_of(confirm_url))  # what a link checker would do: nothing starts
    assert page.status_code == 200
    assert "Oui, envoyez-moi ces e-mails" in page.text
    assert Subscription.objects.get().state == "pending"
    done = client.post(path_of(confirm_url))
    assert "Abonnement confirmé" in done.text
    assert Subscription.objects.get().state == "active"

    PostFactory(title="Un nouveau billet", announced_at=None)
    on_commit(post_announce_due)
    assert smtp.to("lecteur@example.org")[-1].subject == "[Le Carnet] Un nouveau billet"


def test_asking_again_within_the_hour_sends_no_second_confirmation(client, smtp, on_commit):
    follow(client, on_commit, "victime@example.org")
    again = follow(client, on_commit, "victime@example.org")

    assert "il y a moins d’une heure" in again.text
    assert len(smtp.to("victime@example.org")) == 1
    with time_machine.travel(timedelta(hours=1, minutes=1)):
        follow(client, on_commit, "victime@example.org")
    assert len(smtp.to("victime@example.org")) == 2


def test_an_invalid_address_keeps_what_was_typed(client, smtp):
    response = client.post(reverse("subscriptions:follow"), {"email": "pas une adresse"})

    assert response.status_code == 400
    assert 'value="pas une adresse"' in response.text
    assert "Saisissez une adresse de courriel valide." in response.text
    assert smtp.received == []


def test_an_address_with_a_line_break_is_refused(client, smtp, on_commit):
    response = follow(client, on_commit, "a@example.org\r\nBcc: b@example.org")

    assert response.status_code == 400
    assert Subscription.objects.count() == 0


def test_the_follow_page_shows_the_form(client):
    response = client.get(reverse("subscriptions:follow"))

    assert response.status_code == 200
    assert "Suivre ce blog par e-mail" in response.text


def test_unsubscribing_in_one_click_works_as_rfc_8058_asks(smtp, on_commit):
    Subscription.objects.create(email="lecteur@example.org", kind="blog", state="active")
    PostFactory(title="Un billet", announced_at=None)
    on_commit(post_announce_due)
    mail = smtp.only_to("lecteur@example.org")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = mail["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url in mail.text
    mail_client = Client(enforce_csrf_checks=True)  # a mail client has no session nor token

    response = mail_client.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.state == "ended"
    assert subscription.ended_at is not None
    PostFactory(title="Un autre billet", announced_at=None)
    on_commit(post_announce_due)
    assert len(smtp.to("lecteur@example.org")) == 1


def test_the_unsubscribe_link_shows_a_button_and_stops_nothing_until_pressed(client):
    subscription = Subscription.objects.create(email="l@example.org", kind="blog", state="active")
    url = reverse(
        "subscriptions:unsubscribe",
        args=[tokens.unsubscribe_token(subscription_ids=[subscription.pk])],
    )

    page = client.get(url)

    assert page.status_code == 200
    assert "Ne plus recevoir ces e-mails ?" in page.text
    assert "Nouveaux billets de ce blog" in page.text
    subscription.refresh_from_db()
    assert subscription.state == "active"
    client.post(url)
    subscription.refresh_from_db()
    assert subscription.state == "ended"


def test_a_moderator_stops_moderation_mails_from_the_link(client, moderator):
    url = reverse(
        "subscriptions:unsubscribe",
        args=[tokens.unsubscribe_token(user=moderator, stop=tokens.STOP_MODERATION)],
    )

    client.post(url)

    assert MailPreference.objects.get(user=moderator).moderation == ModerationMail.NONE


@pytest.mark.parametrize("name", ["confirm", "unsubscribe"])
def test_an_altered_link_gets_a_clear_400(client, name):
    response = client.get(reverse(f"subscriptions:{name}", args=["WzFd:1xVkUZ:falsifie"]))

    assert response.status_code == 400
    assert "Ce lien ne fonctionne pas" in response.text


def test_an_expired_confirmation_link_says_so(client, settings):
    subscription = Subscription.objects.create(email="l@example.org", kind="blog")
    url = reverse("subscriptions:confirm", args=[tokens.confirm_token([subscription.pk])])

    with time_machine.travel(timedelta(days=8)):
        response = client.post(url)

    assert response.status_code == 400
    assert "Il a expiré" in response.text
    subscription.refresh_from_db()
    assert subscription.state == "pending"


def moderate_url(comment, status):
    return reverse(
        "subscriptions:moderate", args=[tokens.moderate_token(comment=comment, status=status)]
    )


def test_a_moderation_link_needs_a_login_first(client):
    comment = CommentFactory(status=CommentStatus.PENDING)

    response = client.get(moderate_url(comment, CommentStatus.APPROVED))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_moderation_link_is_refused_to_a_member_who_may_not_moderate(client):
    comment = CommentFactory(status=CommentStatus.PENDING)
    client.force_login(UserFactory())

    response = client.post(moderate_url(comment, CommentStatus.SPAM))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_a_moderator_approves_from_the_mail_link_by_a_button_then_undoes(
    client, smtp, on_commit, moderator
):
    post = PostFactory(title="Le billet")
    from comments.services import comment_create

    held = on_commit(
        comment_create, post=post, author_name="Bastien", author_email="a@example.org", body="Bravo"
    )
    link = smtp.only_to("moderatrice@example.org").link("/subscriptions/moderate/")
    client.force_login(moderator)

    shown = on_commit(client.get, path_of(link))  # opening the link (or a scanner) acts on nothing

    assert shown.status_code == 200
    assert "Marquer ce commentaire comme « Approuvé » ?" in shown.text
    assert "a@example.org" in shown.text and "<button" in shown.text
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING

    done = on_commit(client.post, path_of(link))

    assert "Commentaire marqué « Approuvé »" in done.text
    assert "Annuler (retour à « En attente »)" in done.text
    held.refresh_from_db()
    assert held.status == CommentStatus.APPROVED

    undone = on_commit(client.post, path_of(link), {"undo": "pending"})

    assert "Annulé : le commentaire est de nouveau « En attente »" in undone.text
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING


def test_a_mail_link_refuses_an_unknown_undo(client, moderator):
    comment = CommentFactory(status=CommentStatus.PENDING)
    client.force_login(moderator)

    response = client.post(moderate_url(comment, CommentStatus.APPROVED), {"undo": "gone"})

    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_a_member_saves_their_notification_preferences(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("subscriptions:preferences"),
        {"moderation": "digest", "next": "/compte/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    preference = MailPreference.objects.get(user=moderator)
    assert (preference.moderation, preference.comments_on_my_posts) == ("digest", False)


def test_preferences_never_redirect_elsewhere(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("subscriptions:preferences"),
        {"moderation": "each", "comments_on_my_posts": "on", "next": "https://ailleurs.example/"},
    )

    assert response["Location"] == reverse("blog:home")
