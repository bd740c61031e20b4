"""Widgets: "Follow this blog by e-mail" for the sidebar, and a member's subscriptions."""

import html

from django import template
from django.urls import reverse
from django.utils.html import strip_tags

from subscriptions import services, tokens
from subscriptions.forms import FollowForm, MailPreferenceForm
from subscriptions.models import Subscription, SubscriptionState

register = template.Library()


@register.filter
def plain_text(value):
    """HTML as plain text, for the text part of mails: no tags, entities turned back to text."""
    return html.unescape(strip_tags(value))


@register.inclusion_tag("subscriptions/widgets/follow.html", takes_context=True)
def follow_blog(context):
    return {"form": FollowForm(auto_id="follow-%s"), "request": context.get("request")}


@register.inclusion_tag("subscriptions/widgets/my_subscriptions.html", takes_context=True)
def my_subscriptions(context):
    """For the account page: the member's running subscriptions, each with a button to end it,
    and, for those who moderate or write, which notifications they get."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"subscriptions": []}
    subscriptions = (
        Subscription.objects.of_person(user)
        .exclude(state=SubscriptionState.ENDED)
        .select_related("post")
    )
    rows = [(subscription, _end_url(subscription)) for subscription in subscriptions]
    preference_form = None
    if user.is_staff or user.has_perm(services.MODERATE_PERMISSION):
        preference_form = MailPreferenceForm(instance=services.preference_of(user))
    return {
        "subscriptions": rows,
        "preference_form": preference_form,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


def _end_url(subscription):
    token = tokens.unsubscribe_token(subscription_ids=[subscription.pk])
    return reverse("subscriptions:unsubscribe", args=[token])
