"""Posts submitted for review: the author is told by e-mail when an editor publishes theirs."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .identity import blog_title
from .models import Post


def tell_author_published(*, post_id, editor_id):
    """Mail the author of post `post_id` that `editor_id` published it; return whether it went."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    editor = get_user_model().objects.filter(pk=editor_id).first()
    if post is None or editor is None or not post.author.email:
        return False
    site_name = blog_title()
    context = {
        "post": post,
        "editor": editor.get_full_name() or editor.get_username(),
        "author": post.author.get_full_name() or post.author.get_username(),
        "post_url": settings.SITE_URL + post.get_absolute_url(),
        "scheduled": post.is_scheduled,
        "site_name": site_name,
        "site_url": settings.SITE_URL,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("mail/post_reviewed_subject.txt", context)
        body = render_to_string("mail/post_reviewed.txt", context)
    sender = formataddr((site_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=sender,
        to=[post.author.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    return message.send() == 1
