"""Uploads checked for size and real type (DESIGN.md §6): the first bytes
decide what a file is, never its name or the browser's content type."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.plans.constants import EvidenceKind


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "jpeg", "png", "webp", "pdf", "docx", "xlsx", "pptx"
    content_type: str
    extension: str


PHOTO_KINDS = {"jpeg", "png", "webp"}
FILE_KINDS = PHOTO_KINDS | {"pdf", "docx", "xlsx", "pptx"}
_OOXML = {
    "word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


def _read_head(upload: IO[bytes], size: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sniff(upload: IO[bytes]) -> Sniffed | None:
    """What the content is, from its signature; ``None`` if not a type we take."""
    head = _read_head(upload)
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg", "image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png", "image/png", "png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("webp", "image/webp", "webp")
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", "application/pdf", "pdf")
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, (kind, content_type) in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return Sniffed(kind, content_type, kind)
    return None


def check_evidence_upload(upload: IO[bytes] | None, kind: str, max_bytes: int) -> Sniffed:
    """Refuse a missing, empty, too large, or wrongly typed evidence file
    (a photo must be JPEG, PNG or WebP and open as an image)."""
    if upload is None:
        raise ValidationError(_("Choose a file to upload."))
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if not size:
        raise ValidationError(_("The file is empty."))
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": max_bytes // (1024 * 1024)}
        )
    sniffed = sniff(upload)
    allowed = PHOTO_KINDS if kind == EvidenceKind.PHOTO else FILE_KINDS
    if sniffed is None or sniffed.kind not in allowed:
        if kind == EvidenceKind.PHOTO:
            raise ValidationError(_("A photo must be a JPEG, PNG or WebP image."))
        raise ValidationError(
            _(
                "This type of file is not accepted: upload a PDF, Word, Excel, PowerPoint or image file."
            )
        )
    if sniffed.kind in PHOTO_KINDS:
        _check_image(upload)
    return sniffed


def _check_image(upload: IO[bytes]) -> None:
    """The image must decode (a renamed or truncated file is refused)."""
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except Exception as exc:
        raise ValidationError(_("The image file is damaged or not an image.")) from exc
    finally:
        upload.seek(0)


def check_xlsx_upload(upload: IO[bytes] | None, max_bytes: int) -> None:
    """An activities spreadsheet: an .xlsx workbook within the size limit."""
    if upload is None:
        raise ValidationError(_("Choose a file to upload."))
    size = getattr(upload, "size", 0) or 0
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": max_bytes // (1024 * 1024)}
        )
    sniffed = sniff(upload)
    if sniffed is None or sniffed.kind != "xlsx":
        raise ValidationError(_("The file must be an Excel workbook (.xlsx)."))
