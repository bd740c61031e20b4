from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MailPreference


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MailPreferenceForm(forms.ModelForm):
    class Meta:
        model = MailPreference
        fields = ["comments_on_my_posts", "moderation"]
