"""The admin's import and export forms, as WordPress's Tools › Import and Tools › Export."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blog.models import Category, Post

from . import conf


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("WordPress export"),
        help_text=_(
            "The .xml file of WordPress’s Tools › Export, or the .zip WordPress.com gives."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.zip,text/xml,application/zip"}),
    )
    fetch_media = forms.BooleanField(
        label=_("Also download the images of the media library"),
        help_text=_("From public addresses only; files that are not images stay on WordPress."),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = conf.settings.WORDPRESS_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(too_large_message(limit))
        return upload


def too_large_message(limit):
    return gettext(
        "This file is larger than %(limit)s, the most this site accepts "
        "(WORDPRESS_IMPORT_MAX_BYTES). Split the export in WordPress (by category or by date) "
        "and import the parts one after the other."
    ) % {"limit": filesizeformat(limit)}


class ExportForm(forms.Form):
    class Content(models.TextChoices):
        ALL = "all", _("All content: posts, pages, media, comments")
        POSTS = "posts", _("Posts only, chosen below")

    content = forms.ChoiceField(
        label=_("What to export"),
        choices=Content.choices,
        initial=Content.ALL,
        widget=forms.RadioSelect,
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("tree_id", "lft"),
        required=False,
        empty_label=_("All categories"),
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=get_user_model().objects.filter(pk__in=Post.objects.values("author_id")),
        required=False,
        empty_label=_("All authors"),
    )
    start = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("This date comes before the first one: swap them."))
        return data

    def filters(self):
        """The keyword arguments of `exporter.export_posts`, or None for the whole blog."""
        data = self.cleaned_data
        if data["content"] == self.Content.ALL:
            return None
        return {key: data[key] for key in ("category", "author", "start", "end")}
