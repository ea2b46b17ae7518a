"""Admin forms of images and documents (settings
``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``):
they refuse what must not be published — an image without alt text, a
document too large or whose content does not match its type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from motcua.cms.uploads import check_document_upload


class ImageForm(BaseImageForm):
    """The description is the image's alt text: required whenever the full
    form is submitted (adding or editing an image). The multiple-upload step
    sends the file alone; pages then refuse an image without alt text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].label = _("Description (alt text)")
            self.fields["description"].help_text = _(
                "What the image shows, for people who cannot see it. Required."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            "description" in self.fields
            and self.add_prefix("description") in self.data
            and not (cleaned.get("description") or "").strip()
        ):
            self.add_error(
                "description",
                _("Describe the image for people who cannot see it (alt text)."),
            )
        return cleaned


class DocumentForm(BaseDocumentForm):
    """Uploaded documents are checked for size and real type."""

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_document_upload(uploaded, uploaded.name, getattr(uploaded, "size", None))
        return uploaded
