"""The member's own forms: their display name, and the confirmation to delete the account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=100,
        help_text=_("The name your next comments are signed with."),
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name to show with your comments."))
        return name


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account is deleted, my comments stay without my name."),
    )
