"""The comment form: what a reader types, plus the anti-bot checks that need no database."""

import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import subject_field
from .services import clean_line

FORM_SALT = "comments.form"
USED_KEY_PREFIX = "comments:form-used:"
TIMESTAMP_PLACEHOLDER = "comment_timestamp"  # filled by the page cache (apps.py)
EXPIRED = _("This form has expired or was altered. Check your comment and send it again.")
TOO_FAST = _("That was very fast: take a moment to reread your comment, then send it again.")


def form_timestamp(post_pk):
    """The signed "form shown now for this post" value of the hidden `timestamp` field.

    It carries a random `once` that `spend_form_timestamp` records: each value sends one comment.
    """
    shown = {"post": post_pk, "at": int(time.time()), "once": secrets.token_urlsafe(12)}
    return signing.dumps(shown, salt=FORM_SALT)


def shared_form_timestamp(post_pk):
    """The timestamp of a form on a page every reader shares (a page file nginx serves).

    Bound to its post and signed now, but shown to any number of readers at unknown times, so it
    proves nothing of this reader: a comment sent with it is accepted and held for moderation
    (`CommentForm.unverified`). With JavaScript, static/js/comment-token.js swaps it for a
    `form_timestamp` of the reader's own (`form_token` view) as soon as the form is used.
    """
    return signing.dumps({"post": post_pk, "shared": True}, salt=FORM_SALT)


def spend_form_timestamp(value, max_age):
    """Mark a valid `form_timestamp` value used; False if it was already (a replay).

    Kept in the shared cache as long as the value could still be accepted, so every worker sees it.
    """
    once = _read(value, max_age).get("once")
    if not isinstance(once, str):
        return False  # signed before values were single-use
    return cache.add(f"{USED_KEY_PREFIX}{once}", True, timeout=max_age + 60)


def _read(value, max_age):
    data = signing.loads(value, salt=FORM_SALT, max_age=max_age)
    if not isinstance(data, dict) or not isinstance(data.get("post"), int):
        raise signing.BadSignature("not a comment form timestamp")
    return data


class LineField(forms.CharField):
    """One line of text: control characters (NUL, CR, LF...) become spaces before validation."""

    def to_python(self, value):
        return clean_line(super().to_python(value))


class TextField(forms.CharField):
    """Free text: NUL bytes dropped, line ends made Unix, before validation."""

    def to_python(self, value):
        text = super().to_python(value)
        return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    author_name = LineField(label=_("Name"), max_length=100)
    author_email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Never published."),
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address.")},  # Django says "courriel"
    )
    author_url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = TextField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 8}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (and screen readers), filled by naive bots.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    remember = forms.BooleanField(
        required=False,
        label=_("Save my name, e-mail and website in this browser for the next time I comment."),
    )
    notify_replies = forms.BooleanField(
        required=False, label=_("Notify me of new comments by e-mail")
    )
    subscribe_blog = forms.BooleanField(required=False, label=_("Notify me of new posts by e-mail"))

    MEMBER_HIDDEN = ("author_name", "author_email", "author_url", "remember")
    field_order = ["body"]  # as shown: the comment first, so its error comes first in the summary

    def __init__(self, *args, post, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.unverified = False  # sent with a shared page's timestamp: held for moderation
        self.member = user if user is not None and user.is_authenticated else None
        max_length = conf.settings.COMMENTS_MAX_LENGTH
        self.fields["body"].validators.append(MaxLengthValidator(max_length))
        self.fields["body"].widget.attrs["maxlength"] = max_length
        if self.member:
            for name in self.MEMBER_HIDDEN:
                del self.fields[name]
        if subject_field(post) == "page":
            del self.fields["notify_replies"]  # a page's discussion has no followers

    @property
    def fresh_timestamp(self):
        """A new signed timestamp for the form as shown now (a redisplayed form gets a new one)."""
        return form_timestamp(self.post.pk)

    def clean(self):
        """The anti-bot checks; their errors belong to the whole form (the fields are hidden)."""
        cleaned = super().clean()
        if cleaned.get("homepage"):
            self.add_error(
                None, forms.ValidationError(_("This field must stay empty."), "honeypot")
            )
        timestamp = cleaned.get("timestamp", "")
        shown = self._shown(timestamp)
        age = None if shown is None else time.time() - shown.get("at", 0)
        if shown is None:
            self.add_error(None, forms.ValidationError(EXPIRED, code="bad_timestamp"))
        elif shown.get("shared"):
            self.unverified = True  # a page file's form: nothing says when this reader saw it
        elif age < conf.settings.COMMENTS_MIN_SUBMIT_SECONDS:
            self.add_error(None, forms.ValidationError(TOO_FAST, code="too_fast"))
        elif not spend_form_timestamp(timestamp, conf.settings.COMMENTS_FORM_MAX_AGE_SECONDS):
            self.add_error(None, forms.ValidationError(EXPIRED, code="replayed_timestamp"))
        return cleaned

    def _shown(self, value):
        """What the signed timestamp says of the form; None if forged, expired or for another post."""
        try:
            data = _read(value, conf.settings.COMMENTS_FORM_MAX_AGE_SECONDS)
        except signing.BadSignature:
            return None
        return data if data["post"] == self.post.pk else None

    def commenter(self):
        """The author fields for `comment_create`: the member's identity, or what the guest typed."""
        if self.member:
            return {
                "author_name": self.member.get_full_name() or self.member.get_username(),
                "author_email": self.member.email,
                "author_url": "",
            }
        return {
            key: self.cleaned_data[key] for key in ("author_name", "author_email", "author_url")
        }


class CommentEditForm(forms.Form):
    """The new text of one's own comment, within the edit window."""

    body = TextField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_length = conf.settings.COMMENTS_MAX_LENGTH
        self.fields["body"].validators.append(MaxLengthValidator(max_length))
        self.fields["body"].widget.attrs["maxlength"] = max_length
