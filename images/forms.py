"""The media library's form: the upload is judged and cleaned while the form is validated."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import conf, services
from .models import Image
from .processing import ImageRefusedError, too_large_message


class ImageAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_(
            "JPEG, PNG, GIF or WebP. The image is re-encoded without its metadata (place, camera); "
            "an animation is replaced by its first image."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    class Meta:
        model = Image
        fields = ["title", "alt_text"]

    class Media:
        # Refuses a file above the limit before it is sent, with the server's own message.
        js = ["js/upload-limit.js"]

    prepared = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_bytes = conf.settings.IMAGES_MAX_UPLOAD_BYTES
        self.fields["upload"].widget.attrs.update(
            {"data-max-bytes": max_bytes, "data-too-large": too_large_message(max_bytes)}
        )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if self.instance.pk is None:
                raise ValidationError(_("Choose an image to upload."), code="required")
            return upload
        try:
            self.prepared = services.image_prepare(fileobj=upload)
        except ImageRefusedError as refused:
            raise ValidationError(refused.message, code=refused.code) from None
        return upload
