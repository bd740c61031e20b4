"""The writing desk's admin views: autosave, live preview, image picker and upload, revisions.

`WritingDeskMixin` adds them to the post admin; each checks the same permissions as the change
form and answers a refusal in French with the right 4xx, never a 500.
"""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from images.forms import ImageAdminForm
from images.models import Image
from images.services import image_store

from . import conf, publishing, writing
from .markup import Markup, clean_source, render_body
from .services import post_quick_draft, post_revision_restore

# Images the picker lists at once (newest first; the search narrows them).
PICKER_SIZE = 60


class DraftTextForm(forms.Form):
    """The text the editor sends to be kept aside or previewed."""

    post = forms.IntegerField(required=False, min_value=1)
    title = forms.CharField(required=False, max_length=300, strip=False)
    body = forms.CharField(required=False, strip=False)
    excerpt = forms.CharField(required=False, strip=False)
    markup = forms.ChoiceField(required=False, choices=Markup.choices)

    def clean(self):
        data = super().clean()
        limit = conf.settings.BLOG_AUTOSAVE_MAX_CHARS
        for name in ("title", "body", "excerpt"):
            data[name] = clean_source(data.get(name) or "")
            if len(data[name]) > limit:
                raise forms.ValidationError(
                    gettext_lazy("This text is too long to be kept aside: save the post instead.")
                )
        return data


def _refusal(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def _form_refusal(form):
    message = " ".join(str(error) for errors in form.errors.values() for error in errors)
    return _refusal(message, 400)


class WritingDeskMixin:
    def get_urls(self):
        routes = [
            ("autosave/", self.autosave_view, "autosave"),
            ("quick-draft/", self.quick_draft_view, "quick_draft"),
            ("live-preview/", self.live_preview_view, "live_preview"),
            ("images/", self.images_view, "images"),
            ("upload-image/", self.upload_image_view, "upload_image"),
            ("<int:pk>/revisions/<int:version_id>/", self.revision_view, "revision"),
            (
                "<int:pk>/revisions/<int:version_id>/restore/",
                self.revision_restore_view,
                "revision_restore",
            ),
        ]
        extra = [
            path(route, self.admin_site.admin_view(func), name=f"blog_post_{name}")
            for route, func, name in routes
        ]
        return [*extra, *super().get_urls()]

    # Autosave and preview ---------------------------------------------------------------------

    def _post_for_writing(self, request, pk):
        """The post `pk` if the user may change it (None for a new post); raise otherwise."""
        if pk is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        post = self.get_object(request, str(pk))
        if post is None:
            raise Http404(_("This post no longer exists."))
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        return post

    def autosave_view(self, request):
        if request.method != "POST":
            return _refusal(_("Autosaves are sent with POST."), 405)
        form = DraftTextForm(request.POST)
        if not form.is_valid():
            return _form_refusal(form)
        data = form.cleaned_data
        post = self._post_for_writing(request, data["post"])
        autosave = writing.autosave_store(
            user=request.user,
            post=post,
            title=data["title"],
            body=data["body"],
            excerpt=data["excerpt"],
        )
        when = time_format(timezone.localtime(autosave.saved_at), "TIME_FORMAT")
        return JsonResponse(
            {
                "saved_at": autosave.saved_at.isoformat(),
                "message": _("Draft saved aside at %(time)s.") % {"time": when},
            }
        )

    def live_preview_view(self, request):
        if request.method != "POST":
            return _refusal(_("The preview is asked for with POST."), 405)
        form = DraftTextForm(request.POST)
        if not form.is_valid():
            return _form_refusal(form)
        data = form.cleaned_data
        self._post_for_writing(request, data["post"])
        context = {
            "title": data["title"],
            "body_html": render_body(data["body"], data["markup"] or Markup.MARKDOWN),
        }
        response = TemplateResponse(request, "blog/admin/live_preview.html", context)
        response["Cache-Control"] = "private, no-store"
        return response

    def quick_draft_view(self, request):
        """The dashboard's quick draft: a title and a few lines kept as a draft, as WordPress's."""
        if request.method != "POST":
            return _refusal(_("A quick draft is sent with POST."), 405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DraftTextForm(request.POST)
        typed = form.is_valid() and (form.cleaned_data["title"] + form.cleaned_data["body"]).strip()
        if not typed:
            messages.error(request, _("Write a title or a few words to keep a draft."))
            return HttpResponseRedirect(reverse("admin:index"))
        post = post_quick_draft(
            user=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
        )
        messages.success(request, _("Draft saved."))
        return HttpResponseRedirect(reverse("admin:blog_post_change", args=[post.pk]))

    # Images -----------------------------------------------------------------------------------

    def images_view(self, request):
        if request.method != "GET":
            return _refusal(_("The media library is read with GET."), 405)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        images = Image.objects.order_by("-created_at", "-pk")
        words = request.GET.get("q", "").strip()[:100]
        if words:
            images = images.filter(title__icontains=words)
        return JsonResponse({"images": [_image_json(image) for image in images[:PICKER_SIZE]]})

    def upload_image_view(self, request):
        if request.method != "POST":
            return _refusal(_("Images are uploaded with POST."), 405)
        if not request.user.has_perm("images.add_image"):
            return _refusal(_("You may not add images to the media library."), 403)
        upload = request.FILES.get("image")
        if upload is None:
            return _refusal(_("Choose an image to upload."), 400)
        title = PurePath(upload.name or "").stem[:200] or _("Pasted image")
        form = ImageAdminForm(data={"title": title, "alt_text": ""}, files={"upload": upload})
        if not form.is_valid():
            return _form_refusal(form)
        image = image_store(image=form.instance, prepared=form.prepared)
        return JsonResponse(_image_json(image), status=201)

    # Revisions --------------------------------------------------------------------------------

    def _post_and_version(self, request, pk, version_id):
        post = self._post_for_writing(request, pk)
        version = Version.objects.get_for_object(post).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("This revision no longer exists."))
        return post, version

    def revision_view(self, request, pk, version_id):
        post, version = self._post_and_version(request, pk, version_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": post,
            "version": version,
            "diffs": writing.revision_diff(version=version, post=post),
            "title": _("Revision of %(date)s") % {"date": _localised(version)},
        }
        return TemplateResponse(request, "admin/blog/post/revision.html", context)

    def revision_restore_view(self, request, pk, version_id):
        if request.method != "POST":
            return _refusal(_("A revision is restored with POST."), 405)
        post, version = self._post_and_version(request, pk, version_id)
        post_revision_restore(post=post, version=version, user=request.user)
        messages.success(
            request, _("The revision of %(date)s is restored.") % {"date": _localised(version)}
        )
        return HttpResponseRedirect(reverse("admin:blog_post_change", args=[post.pk]))

    # The change form's context ------------------------------------------------------------------

    def writing_context(self, request, post):
        """What the change form shows beside the fields: autosave offer, editors, revisions."""
        offer = writing.autosave_offer(user=request.user, post=post)
        context = {
            "autosave_offer": offer,
            "autosave_json": {name: getattr(offer, name) for name in writing.TEXT_FIELDS}
            if offer
            else None,
            "autosave_seconds": conf.settings.BLOG_AUTOSAVE_SECONDS,
        }
        was_public = post is not None and post.is_public
        labels = publishing.button_labels(was_public=was_public)
        state = publishing.state_of(post) if post is not None else publishing.PublishState.DRAFT
        context["publish_label"] = labels[state]
        context["publish_labels"] = {str(key): str(label) for key, label in labels.items()}
        if post is not None:
            context["editing_now"] = writing.editing_now(post=post, user=request.user)
            context["revisions"] = writing.revisions_of(post)
        return context


def _localised(version):
    return date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


def _image_json(image):
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt_text,
        "reference": image.reference,
        "thumbnail": image.thumbnail_url,
    }
