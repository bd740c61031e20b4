"""The admin dashboard's "D'un coup d'œil": drafts, scheduled posts, comments, a quick draft."""

from django import template
from django.apps import apps
from django.contrib import admin
from django.utils import timezone

from ..models import Post, Status

register = template.Library()

# Rows shown in each list of the dashboard.
GLANCE_ROWS = 5


def _admin_queryset(request, model):
    """What the admin would list of `model` to this person (None if they may not see it)."""
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_permission(request):
        return None
    return model_admin.get_queryset(request)


@register.inclusion_tag("admin/blog/glance.html", takes_context=True)
def writing_glance(context):
    request = context["request"]
    posts = _admin_queryset(request, Post)
    glance = {"request": request, "csrf_token": context.get("csrf_token")}
    if posts is not None:
        now = timezone.now()
        unfinished = posts.filter(status__in=[Status.DRAFT, Status.PENDING])
        glance["drafts"] = list(unfinished.order_by("-updated_at")[:GLANCE_ROWS])
        scheduled = posts.filter(status=Status.PUBLISHED, published_at__gt=now)
        glance["scheduled"] = list(scheduled.order_by("published_at")[:GLANCE_ROWS])
        glance["can_add_post"] = request.user.has_perm("blog.add_post")
    # Comments live in an app above the blog: looked up by name, through their own admin.
    comments = _admin_queryset(request, apps.get_model("comments", "Comment"))
    if comments is not None:
        glance["awaiting"] = comments.filter(status="pending").count()
        recent = comments.filter(status="approved").select_related("post")
        glance["comments"] = list(recent.order_by("-created_at")[:GLANCE_ROWS])
    return glance
