"""The sidebar widget and the account page's list of subscriptions."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from subscriptions.models import Subscription
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_blog_page_offers_to_follow_the_blog(client):
    PostFactory()

    response = client.get(reverse("blog:home"))

    assert 'action="/subscriptions/follow/"' in response.text
    assert "Suivre ce blog par e-mail" in response.text


def render_my_subscriptions(user):
    request = RequestFactory().get("/compte/")
    request.user = user
    template = Template("{% load subscriptions_tags %}{% my_subscriptions %}")
    return template.render(Context({"request": request, "csrf_token": "jeton"}))


def test_a_member_sees_their_subscriptions_and_can_end_each(client):
    member = UserFactory(email="membre@example.org")
    post = PostFactory(title="Le billet suivi")
    Subscription.objects.create(email="membre@example.org", kind="post", post=post, state="active")
    Subscription.objects.create(
        email="autre@example.org", kind="blog", state="pending", user=member
    )
    Subscription.objects.create(email="membre@example.org", kind="blog", state="ended")
    Subscription.objects.create(email="quelquun@example.org", kind="blog", state="active")

    html = render_my_subscriptions(member)

    assert "Nouveaux commentaires sur « Le billet suivi »" in html
    assert "Nouveaux billets de ce blog <em>(en attente de votre confirmation)</em>" in html
    assert html.count("/subscriptions/unsubscribe/") == 2
    assert "Notifications" not in html  # only those who write or moderate choose those
    for form in html.split('action="')[1:]:
        client.post(form.split('"')[0])
    assert list(Subscription.objects.exclude(state="ended").values_list("email", flat=True)) == [
        "quelquun@example.org"
    ]


def test_a_moderator_also_chooses_their_notifications(moderator):
    html = render_my_subscriptions(moderator)

    assert "Vous ne recevez ni billets ni commentaires par e-mail." in html
    assert 'name="moderation"' in html
    assert 'value="jeton"' in html
