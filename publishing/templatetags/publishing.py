"""{% app_passwords %}: the account page's section listing and creating application passwords."""

from django import template
from django.urls import reverse

from ..forms import AppPasswordForm

register = template.Library()


@register.inclusion_tag("publishing/app_passwords.html", takes_context=True)
def app_passwords(context):
    request = context["request"]
    user = request.user
    if not user.is_staff:
        return {"shown": False}
    return {
        "shown": True,
        "rows": list(user.application_passwords.all()),
        "form": AppPasswordForm(),
        "endpoint": request.build_absolute_uri(reverse("xmlrpc")),
        "csrf_token": context.get("csrf_token"),
    }
