"""What the APIs say about the blog and its user: the one blog, the profile, the options."""

from django.urls import reverse

from blog.identity import current_identity

BLOG_ID = "1"


def blog_struct(request, user):
    return {
        "isAdmin": user.is_superuser,
        "url": request.build_absolute_uri(reverse("blog:home")),
        "blogid": BLOG_ID,
        "blogName": current_identity().title,
        "xmlrpc": request.build_absolute_uri(reverse("xmlrpc")),
    }


def profile_struct(request, user):
    return {
        "user_id": str(user.pk),
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "bio": "",
        "email": user.email,
        "nickname": user.get_full_name() or user.get_username(),
        "nicename": user.get_username(),
        "url": "",
        "display_name": user.get_full_name() or user.get_username(),
        "registered": user.date_joined.strftime("%Y%m%dT%H:%M:%S"),
        "roles": [group.name for group in user.groups.all()],
    }


def options(request):
    identity = current_identity()
    home = request.build_absolute_uri(reverse("blog:home"))
    values = {
        "software_name": "Carnet",
        "software_version": "1",
        "blog_url": home,
        "home_url": home,
        "blog_title": identity.title,
        "blog_tagline": identity.tagline,
        "time_zone": "0",
    }
    return {
        name: {"desc": name, "readonly": True, "value": value} for name, value in values.items()
    }
