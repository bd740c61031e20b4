from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import GRAINS

# The longest period one page shows: beyond, a chart by day has more bars than pixels.
MAX_DAYS = 800


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    grain = forms.ChoiceField(label=_("By"), choices=list(GRAINS.items()), required=False)
    post = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"] - timedelta(days=29)
        data["grain"] = data.get("grain") or "day"
        if data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        if (data["end"] - data["start"]).days > MAX_DAYS:
            raise forms.ValidationError(
                _("Choose a period of at most %(days)d days.") % {"days": MAX_DAYS}
            )
        return data

    def period(self):
        """(start, end, grain): the cleaned choice, or the last 30 days by day when invalid."""
        if self.is_valid():
            data = self.cleaned_data
            return data["start"], data["end"], data["grain"]
        end = timezone.localdate()
        return end - timedelta(days=29), end, "day"
