"""The post form of the admin: the editor, ASCII slugs, a clear "publish now / schedule / keep as
draft" choice, and a refusal to save over someone else's newer text."""

from django import forms
from django.core.validators import validate_slug
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import writing
from .models import Page, Post
from .publishing import PublishState, state_of, status_and_date
from .slugs import unique_slug

# Reading speed for the reading time shown under the editor (adults reading French silently).
WORDS_PER_MINUTE = 230


class EditorWidget(forms.Textarea):
    """The body's textarea with a Markdown toolbar, a word count and the live preview beside it.

    static/js/admin/editor.js brings it to life; without JavaScript it is a large textarea.
    """

    template_name = "blog/admin/editor_widget.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 24, "class": "carnet-editor__text", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        routes = {"preview": "live_preview", "images": "images", "upload": "upload_image"}
        context["widget"]["urls"] = {
            key: reverse(f"admin:blog_post_{route}") for key, route in routes.items()
        }
        context["widget"]["texts"] = {
            "placeholder-text": _("text"),
            "words-one": ngettext("%(count)s word", "%(count)s words", 1),
            "words-other": ngettext("%(count)s word", "%(count)s words", 2),
            "minutes-one": ngettext(
                "%(count)s minute of reading", "%(count)s minutes of reading", 1
            ),
            "minutes-other": ngettext(
                "%(count)s minute of reading", "%(count)s minutes of reading", 2
            ),
            "words-per-minute": WORDS_PER_MINUTE,
            "uploading": _("Uploading the image…"),
        }
        return context


class AsciiSlugField(forms.SlugField):
    """A slug the prepopulation makes ASCII; a slug already saved is kept even with accents."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "allow_unicode": True})
        self.widget.attrs["data-slug-from"] = "id_title"


class AsciiSlugMixin:
    """A typed slug must be ASCII, unless it is the one already saved (imported with accents)."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug and slug != self.instance.slug:
            validate_slug(slug)
        return slug


class PostAdminForm(AsciiSlugMixin, forms.ModelForm):
    edited_version = forms.CharField(widget=forms.HiddenInput, required=False)
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=2000,
        help_text=_("Separated by commas; new tags are created as needed."),
    )
    state = forms.ChoiceField(
        label=_("Status"),
        choices=PublishState.choices,
        initial=PublishState.DRAFT,
        help_text=_("A date to come schedules the post; the main button says what it will do."),
    )

    class Meta:
        model = Post
        fields = [
            "title",
            "slug",
            "markup",
            "body",
            "excerpt",
            "published_at",
            "author",
            "sticky",
            "categories",
            "comments_open",
            "pings_open",
        ]
        field_classes = {"slug": AsciiSlugField}
        widgets = {"body": EditorWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The end of the post’s address: /YYYY/MM/DD/slug/. Empty: made from the title."
        )
        # The admin shows help texts as HTML: escaped, the marker is seen instead of swallowed.
        self.fields["excerpt"].help_text = escape(
            _(
                "Optional. Otherwise, the text before the <!--more--> marker, or the first paragraph."
            )
        )
        if "author" in self.fields:
            self.fields["author"].label_from_instance = display_name
        self.was_public = bool(self.instance.pk) and self.instance.is_public
        if self.instance.pk:
            self.initial["state"] = state_of(self.instance)
            self.initial["edited_version"] = version_token(self.instance.updated_at)
            self.initial["tag_names"] = ", ".join(tag.name for tag in self.instance.tags.all())
        when = self.fields.get("published_at")
        if when is not None and hasattr(when.widget, "widgets"):
            date, time = when.widget.widgets
            date.attrs["aria-label"] = _("Publication date: day")
            time.attrs["aria-label"] = _("Publication date: time")

    def clean(self):
        data = super().clean()
        self._check_not_overwriting()
        if not data.get("slug") and data.get("title"):
            data["slug"] = unique_slug(
                Post.objects.all(), data["title"], exclude_pk=self.instance.pk
            )
        if data.get("state"):
            try:
                data["status"], data["published_at"] = status_and_date(
                    state=PublishState(data["state"]),
                    when=data.get("published_at"),
                    was_public=self.was_public,
                    date_changed=self._date_typed(data.get("published_at")),
                )
            except ValueError as refused:
                self.add_error("published_at", str(refused))
        return data

    def _date_typed(self, when):
        """Whether the author typed a publication date other than the post's (to the second)."""
        before = self.instance.published_at if self.instance.pk else None
        if when is None or before is None:
            return when is not None and "published_at" in self.changed_data
        return abs((when - before).total_seconds()) >= 1

    def _check_not_overwriting(self):
        """Refuse to save over a version saved since this form was opened; keep both texts.

        The admin's change view runs in a transaction: the row is locked until the save.
        """
        if not self.instance.pk:
            return
        current = Post.objects.select_for_update().select_related("author").get(pk=self.instance.pk)
        if self.cleaned_data.get("edited_version") == version_token(current.updated_at):
            return
        self.conflict = current
        self.data = self.data.copy()
        self.data["edited_version"] = version_token(current.updated_at)
        when = date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        self.add_error(
            None,
            _(
                "This post was saved by %(name)s on %(date)s, after you opened it. Your text is "
                "kept below and theirs beside it: merge them, then save again to replace theirs."
            )
            % {"name": display_name(last_editor(current)), "date": when},
        )

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.tags.set(writing.tags_for_names(self.cleaned_data.get("tag_names", "")))

    def save(self, commit=True):
        self.instance.status = self.cleaned_data["status"]
        self.instance.published_at = self.cleaned_data["published_at"]
        return super().save(commit)


def version_token(updated_at):
    """What the form remembers of the version it opened: the post's modification time."""
    return updated_at.isoformat() if updated_at else ""


def last_editor(post):
    """Who saved `post` last: the person of its newest revision, else its author."""
    newest = writing.revisions_of(post)[:1]
    return (newest[0].revision.user if newest else None) or post.author


def display_name(user):
    """A person's name as readers see it: their full name, else their login."""
    return user.get_full_name() or user.get_username()


class PageAdminForm(AsciiSlugMixin, forms.ModelForm):
    """A page's slug is ASCII as a post's is, made from the title when left empty."""

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "parent",
            "menu_order",
            "in_menu",
            "markup",
            "body",
            "status",
            "published_at",
            "author",
            "comments_open",
        ]
        field_classes = {"slug": AsciiSlugField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The end of the page’s address. Empty: made from the title."
        )

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("title"):
            siblings = Page.objects.filter(parent=data.get("parent"))
            data["slug"] = unique_slug(
                siblings, data["title"], exclude_pk=self.instance.pk, fallback="page"
            )
        return data
