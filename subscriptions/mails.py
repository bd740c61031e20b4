"""Each delivery's mail, rendered from templates/mail/ in plain text and HTML, in French.

Every mail carries a signed one-click unsubscribe link and the RFC 8058 headers. Whatever comes
from people (names, titles) reaches a header only through `one_line`, so it cannot add headers.
"""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from blog.identity import blog_title
from comments.models import Comment, CommentStatus

from . import conf, tokens
from .models import MailKind, Subscription, SubscriptionState


def one_line(text):
    """`text` on one line: every line break or other run of whitespace becomes one space."""
    return " ".join(str(text).split())


def absolute(path):
    return settings.SITE_URL + path


def build(delivery):
    """The mail for `delivery`, or None when it is no longer wanted (unsubscribed, moderated…)."""
    context = CONTEXTS[delivery.kind](delivery)
    if context is None:
        return None
    site_name = blog_title()
    unsubscribe_url = absolute(
        reverse("subscriptions:unsubscribe", args=[_unsubscribe_token(delivery)])
    )
    context |= {
        "site_name": site_name,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "delivery": delivery,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"mail/{delivery.kind}_subject.txt", context)
        text = render_to_string(f"mail/{delivery.kind}.txt", context)
        html = render_to_string(f"mail/{delivery.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=text,
        from_email=formataddr((one_line(site_name), parseaddr(settings.DEFAULT_FROM_EMAIL)[1])),
        to=[delivery.recipient],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _unsubscribe_token(delivery):
    if delivery.kind == MailKind.CONFIRM:
        return tokens.unsubscribe_token(subscription_ids=delivery.subscription_ids)
    if delivery.kind in (MailKind.REPLY, MailKind.NEW_POST):
        return tokens.unsubscribe_token(subscription_ids=[delivery.subscription_id])
    if delivery.kind == MailKind.NEW_COMMENT:
        return tokens.unsubscribe_token(user=delivery.user, stop=tokens.STOP_COMMENTS_ON_MY_POSTS)
    return tokens.unsubscribe_token(user=delivery.user, stop=tokens.STOP_MODERATION)


def moderation_links(comment):
    """The one-click approve / spam / trash addresses for `comment`, by status."""
    return {
        status.value: absolute(
            reverse(
                "subscriptions:moderate",
                args=[tokens.moderate_token(comment=comment, status=status)],
            )
        )
        for status in (CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.TRASH)
    }


def _comment_context(comment):
    post = comment.subject  # a post, or a page whose imported discussion is read-only
    post_url = absolute(post.get_absolute_url())
    comment_url = absolute(comment.get_absolute_url())
    return {
        "comment": comment,
        "post": post,
        "post_url": post_url,
        "comment_url": comment_url,
        "reply_url": f"{post_url}?replytocom={comment.pk}#respond"
        if comment.post_id
        else comment_url,
    }


def _confirm(delivery):
    subscriptions = list(
        Subscription.objects.filter(
            pk__in=delivery.subscription_ids, state=SubscriptionState.PENDING
        ).select_related("post")
    )
    if not subscriptions:
        return None
    token = tokens.confirm_token(s.pk for s in subscriptions)
    max_age = conf.settings.SUBSCRIPTIONS_CONFIRMATION_MAX_AGE
    return {
        "subscriptions": subscriptions,
        "confirm_url": absolute(reverse("subscriptions:confirm", args=[token])),
        "valid_days": max_age.days,
    }


def _new_comment(delivery):
    comment = delivery.comment
    context = _comment_context(comment)
    context["held"] = comment.status == CommentStatus.PENDING
    if context["held"] and delivery.user.has_perm("comments.change_comment"):
        context["moderation"] = moderation_links(comment)
    return context


def _moderate(delivery):
    comment = delivery.comment
    if comment.status != CommentStatus.PENDING:
        return None
    return _comment_context(comment) | {"moderation": moderation_links(comment)}


def _reply(delivery):
    comment = delivery.comment
    if (
        delivery.subscription.state != SubscriptionState.ACTIVE
        or comment.status != CommentStatus.APPROVED
    ):
        return None
    return _comment_context(comment)


def _new_post(delivery):
    post = delivery.post
    if delivery.subscription.state != SubscriptionState.ACTIVE or not post.is_public:
        return None
    return {"post": post, "post_url": absolute(post.get_absolute_url())}


def _digest(delivery):
    limit = conf.settings.SUBSCRIPTIONS_DIGEST_MAX_COMMENTS
    waiting = Comment.objects.filter(status=CommentStatus.PENDING).select_related("post", "page")
    comments = list(waiting.order_by("created_at")[:limit])
    if not comments:
        return None
    return {
        "comments": [_comment_context(c) | {"moderation": moderation_links(c)} for c in comments],
        "waiting_count": waiting.count() if len(comments) == limit else len(comments),
    }


CONTEXTS = {
    MailKind.CONFIRM: _confirm,
    MailKind.NEW_COMMENT: _new_comment,
    MailKind.MODERATE: _moderate,
    MailKind.REPLY: _reply,
    MailKind.NEW_POST: _new_post,
    MailKind.DIGEST: _digest,
}
