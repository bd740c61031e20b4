"""Forms of the moderation admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import conf
from .forms import TextField


class AdminReplyForm(forms.Form):
    body = TextField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = conf.settings.COMMENTS_MAX_LENGTH
