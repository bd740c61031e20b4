"""Forms of the moderation admin."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import conf
from .forms import TextField


class AdminReplyForm(forms.Form):
    body = TextField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per form, not at import, so the setting can change; a field's validators are
        # built when it is, so the limit is added as one (setting max_length alone checks nothing).
        body, limit = self.fields["body"], conf.settings.COMMENTS_MAX_LENGTH
        body.max_length = limit
        body.validators.append(MaxLengthValidator(limit))
        body.widget.attrs["maxlength"] = str(limit)
