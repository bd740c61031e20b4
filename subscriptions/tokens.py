"""Signed links in mails: confirm a subscription, unsubscribe in one click, moderate a comment.

Each kind of link has its own salt, so a token made for one can never be used for another.
"""

from django.core import signing

from . import conf

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
MODERATE_SALT = "subscriptions.moderate"

# What a member can stop from a mail's unsubscribe link (fields of MailPreference).
STOP_COMMENTS_ON_MY_POSTS = "comments"
STOP_MODERATION = "moderation"


def confirm_token(subscription_ids):
    return signing.dumps(sorted(subscription_ids), salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """The subscription ids `token` confirms. Raises signing.BadSignature (or SignatureExpired)."""
    max_age = conf.settings.SUBSCRIPTIONS_CONFIRMATION_MAX_AGE
    ids = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    return [int(pk) for pk in ids]


def unsubscribe_token(*, subscription_ids=(), user=None, stop=None):
    """A link that ends `subscription_ids`, or stops the `stop` kind of mail sent to `user`."""
    if user is not None:
        return signing.dumps({"u": user.pk, "p": stop}, salt=UNSUBSCRIBE_SALT)
    return signing.dumps({"s": sorted(subscription_ids)}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """`{"s": [ids]}` or `{"u": user_pk, "p": what}`. Never expires: one may always stop."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict):
        raise signing.BadSignature("Unexpected payload")
    return payload


def moderate_token(*, comment, status):
    return signing.dumps({"c": comment.pk, "s": status}, salt=MODERATE_SALT)


def read_moderate_token(token):
    """`(comment_pk, status)`. Raises signing.BadSignature (or SignatureExpired)."""
    max_age = conf.settings.SUBSCRIPTIONS_MODERATION_LINK_MAX_AGE
    payload = signing.loads(token, salt=MODERATE_SALT, max_age=max_age)
    return int(payload["c"]), payload["s"]
