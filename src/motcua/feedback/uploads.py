"""Attachments checked for size and real type (DESIGN.md §6): the first
bytes decide what a file is, never its name or the browser's content type.
(The same approach as ``plans.uploads``; domain apps never import cms.)"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    extension: str


IMAGE_KINDS = {"jpeg", "png", "webp"}
ACCEPTED_KINDS = IMAGE_KINDS | {"pdf", "docx"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff(upload: IO[bytes]) -> Sniffed | None:
    """What the content is, from its signature; ``None`` if not a type we take."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
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
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return Sniffed("docx", DOCX, "docx")
    return None


def max_bytes() -> int:
    return int(settings.FEEDBACK_ATTACHMENT_MAX_MB) * 1024 * 1024


def check_attachment(upload: IO[bytes]) -> Sniffed:
    """Refuse an empty, too large or wrongly typed file (images must
    decode). The messages name the file, since several may be sent."""
    name = getattr(upload, "name", "") or _("the file")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if not size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"name": name, "size": round(size / 1024 / 1024, 1), "limit": limit // (1024 * 1024)}
        )
    sniffed = sniff(upload)
    if sniffed is None or sniffed.kind not in ACCEPTED_KINDS:
        raise ValidationError(
            _("%(name)s is not accepted: send a photo (JPEG, PNG, WebP), a PDF or a Word file.")
            % {"name": name}
        )
    if sniffed.kind in IMAGE_KINDS:
        from PIL import Image

        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
        except Exception as exc:
            raise ValidationError(
                _("%(name)s is damaged or not an image.") % {"name": name}
            ) from exc
        finally:
            upload.seek(0)
    return sniffed
