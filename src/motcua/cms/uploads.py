"""Checks on uploaded documents: size, and a real type that matches the
file name's extension (a renamed executable is not a PDF)."""

from __future__ import annotations

import zipfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from motcua.cms.constants import DOCUMENT_SIGNATURES, OFFICE_ZIP_MARKERS


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _zip_has_marker(stream: IO[bytes], marker: str) -> bool:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if marker.startswith("application/"):
                # ODF: the first entry is "mimetype", holding the media type.
                return (
                    "mimetype" in names
                    and archive.read("mimetype").decode("ascii", "replace").strip() == marker
                )
            return any(n.startswith(marker) for n in names)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False


def check_document_upload(uploaded: IO[bytes] | None, name: str, size: int | None) -> None:
    """Raise ``ValidationError`` (Vietnamese message) unless the file is no
    larger than ``CMS_DOCUMENT_MAX_BYTES`` and its content is of the type its
    extension says."""
    if uploaded is None:
        return
    limit = settings.CMS_DOCUMENT_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    extension = _extension(name)
    signatures = DOCUMENT_SIGNATURES.get(extension)
    if signatures is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded."), code="file_type_not_allowed"
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    ok = any(head.startswith(sig) for sig in signatures)
    if ok and extension in OFFICE_ZIP_MARKERS:
        uploaded.seek(0)
        ok = _zip_has_marker(uploaded, OFFICE_ZIP_MARKERS[extension])  # type: ignore[arg-type]
    uploaded.seek(0)
    if not ok:
        raise ValidationError(
            _(
                "The content of the file is not a %(type)s file. Check that you chose the right "
                "file; renaming a file does not change its type."
            )
            % {"type": extension.upper()},
            code="file_type_mismatch",
        )
