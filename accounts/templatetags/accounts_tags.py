"""The "log in with" part of the comment form, as data for its template."""

import re

from allauth.account.adapter import get_adapter as get_account_adapter
from django import template
from django.template.loader import select_template
from django.urls import reverse

from accounts import login_buttons, security_log
from pagecache.placeholders import placeholder

register = template.Library()

# Who the member comments as: on a page kept for every member, filled in for each one
# (registered in AccountsConfig.ready).
MEMBER_NAME = "member_name"


@register.simple_tag(takes_context=True)
def comment_login(context, post):
    """Providers to log in with (guests), or who the member is commenting as (members)."""
    request = context["request"]
    return_to = f"{post.get_absolute_url()}#respond"
    user = request.user
    if user.is_authenticated:
        return {
            "member": user,
            "display_name": placeholder(request, MEMBER_NAME),
            "provider": login_buttons.current_provider_name(request),
            "return_to": return_to,
            "change_to": f"{post.get_absolute_url()}#comment-login",
        }
    return {"providers": login_buttons.login_buttons(request, next_url=return_to)}


@register.simple_tag(takes_context=True)
def login_providers(context, next_url=""):
    """Providers with their login URL, returning to `next_url` if it is on this site."""
    request = context["request"]
    if not (next_url and get_account_adapter(request).is_safe_url(next_url)):
        next_url = reverse("blog:home")
    return login_buttons.login_buttons(request, next_url=next_url)


@register.simple_tag(takes_context=True)
def security_events(context):
    """The signed-in member's latest sign-in events (the security page shows them)."""
    return security_log.recent_security_events(context["request"].user)


@register.simple_tag
def provider_logo(provider_id):
    """The provider's logo, a local SVG drawn inline (no request elsewhere); OpenID's for others."""
    names = ["accounts/icons/openid.svg"]
    if re.fullmatch(r"[a-z0-9_]+", provider_id or ""):
        names.insert(0, f"accounts/icons/{provider_id}.svg")
    return select_template(names).render()
