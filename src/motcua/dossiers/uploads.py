"""Uploads of dossiers, checked for size and real type (DESIGN.md §6).

What a file is comes from its first bytes, never from its name or the
content type the browser claims. Accepted: PDF, JPEG, PNG and Word (DOCX).
Images must decode. Limits per file and per dossier are settings
(``DOSSIER_FILE_MAX_MB``, ``DOSSIER_TOTAL_MAX_MB``). Messages name the file,
since several are sent at once.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.text import clean_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the file input offers (a hint for the picker; the server decides).
ACCEPT_ATTR = ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png," + DOCX


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str
    extension: str


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks, with what we know of it."""

    name: str
    size: int
    sha256: str
    sniffed: Sniffed


def file_max_bytes() -> int:
    return int(settings.DOSSIER_FILE_MAX_MB) * 1024 * 1024


def dossier_max_bytes() -> int:
    return int(settings.DOSSIER_TOTAL_MAX_MB) * 1024 * 1024


def sniff(upload: IO[bytes]) -> Sniffed | None:
    """The real type of ``upload`` from its signature, or ``None``."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", "application/pdf", "pdf")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg", "image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png", "image/png", "png")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return Sniffed("docx", DOCX, "docx")
    return None


def _image_decodes(upload: IO[bytes]) -> bool:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
        return True
    except Exception:  # any decoder error means "not an image"
        return False
    finally:
        upload.seek(0)


def _size_of(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return int(size)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def ensure_fits(name: str, size: int, *, already_stored: int) -> None:
    """Refuse a file that takes the dossier over ``DOSSIER_TOTAL_MAX_MB``."""
    if already_stored + size > dossier_max_bytes():
        raise ValidationError(
            _(
                "“%(name)s” does not fit: the files of a dossier may total at most %(limit)s MB "
                "and %(used)s MB are already attached."
            )
            % {"name": name, "limit": settings.DOSSIER_TOTAL_MAX_MB, "used": _mb(already_stored)},
            code="dossier_too_large",
        )


def display_name(upload: IO[bytes]) -> str:
    """The name the citizen gave, cleaned (NFC), without any path."""
    raw = str(getattr(upload, "name", "") or "")
    name = clean_text(raw.replace("\\", "/").rsplit("/", 1)[-1])
    return name[:200] or _("file")


def check_upload(upload: IO[bytes], *, already_stored: int = 0) -> CheckedUpload:
    """Refuse an empty, too large or wrongly typed file, or one that takes
    the dossier over its total; ``already_stored`` is the size of the
    dossier's current files. Raises ``ValidationError`` (Vietnamese)."""
    name = display_name(upload)
    size = _size_of(upload)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    limit = file_max_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s MB); a file may be at most %(limit)s MB.")
            % {"name": name, "size": _mb(size), "limit": settings.DOSSIER_FILE_MAX_MB},
            code="too_large",
        )
    ensure_fits(name, size, already_stored=already_stored)
    sniffed = sniff(upload)
    if sniffed is None or (sniffed.kind in ("jpeg", "png") and not _image_decodes(upload)):
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPG, PNG or Word (DOCX) file. "
                "Scan or save the document in one of these formats."
            )
            % {"name": name},
            code="wrong_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name=name, size=size, sha256=digest.hexdigest(), sniffed=sniffed)
