"""The post form of the admin, with a clear "publish now / schedule / keep as draft" choice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Post, Status


class PublishChoice:
    DRAFT = "draft"
    NOW = "now"
    SCHEDULE = "schedule"

    choices = [
        (DRAFT, _("Keep as a draft")),
        (NOW, _("Publish now")),
        (SCHEDULE, _("Schedule for the publication date")),
    ]


class PostAdminForm(forms.ModelForm):
    publish = forms.ChoiceField(
        label=_("Publication"),
        choices=PublishChoice.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Leave empty to follow the status and date chosen below."),
    )

    class Meta:
        model = Post
        fields = [
            "title",
            "slug",
            "markup",
            "body",
            "excerpt",
            "status",
            "published_at",
            "author",
            "sticky",
            "categories",
            "tags",
            "comments_open",
            "pings_open",
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("publish")
        if choice == PublishChoice.DRAFT:
            data["status"] = Status.DRAFT
        elif choice == PublishChoice.NOW:
            data["status"] = Status.PUBLISHED
            data["published_at"] = timezone.now()
        elif choice == PublishChoice.SCHEDULE:
            when = data.get("published_at")
            if not when or when <= timezone.now():
                self.add_error("published_at", _("To schedule, choose a date in the future."))
            data["status"] = Status.PUBLISHED
        return data

    def save(self, commit=True):
        self.instance.status = self.cleaned_data["status"]
        self.instance.published_at = self.cleaned_data["published_at"]
        return super().save(commit)
