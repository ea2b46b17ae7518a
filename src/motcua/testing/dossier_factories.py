"""Helpers for tests of the online submission (owned by the dossiers app's
submission side; ``lookup_factories`` builds dossiers directly for lookup).

Files are real in their first bytes: a PDF header, a PNG that decodes, a
minimal DOCX zip — what ``dossiers.uploads`` checks."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import actions
from motcua.dossiers.constants import DeliveryMethod
from motcua.dossiers.models import Dossier


def pdf_file(name: str = "don-de-nghi.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size > len(body):
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_file(name: str = "anh-4x6.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 6), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg_file(name: str = "anh.jpg") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 6), (30, 30, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def docx_file(name: str = "ban-khai.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def fake_pdf(name: str = "virus.pdf") -> SimpleUploadedFile:
    """Claims to be a PDF; is a Windows executable."""
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 60, content_type="application/pdf")


APPLICANT = {
    "applicant_kind": "person",
    "applicant_name": "Nguyễn Văn An",
    "applicant_id_number": "056090001234",
    "organisation_name": "",
    "tax_code": "",
    "applicant_phone": "+84905123456",
    "applicant_email": "congdan@motcua.test",
    "applicant_address": "12 Lê Thánh Tôn",
    "applicant_province": None,
    "applicant_ward": None,
}


def make_draft(procedure: Any, user: Any, *, complete: bool = False, **applicant: Any) -> Dossier:
    """A draft of ``procedure`` for ``user``; ``complete=True`` fills the
    applicant, attaches a PDF to every required document and chooses the
    counter, so it can be submitted."""
    dossier = actions.do_create_draft(procedure, acting_user=user)
    if complete:
        dossier = actions.do_save_applicant(dossier, acting_user=user, **{**APPLICANT, **applicant})
        for doc in actions.required_documents(dossier):
            if doc.is_required:
                actions.do_attach_file(
                    dossier, acting_user=user, upload=pdf_file(f"{doc.pk}.pdf"), requirement=doc
                )
        dossier = actions.do_save_delivery(
            dossier, acting_user=user, delivery_method=DeliveryMethod.COUNTER
        )
    return dossier


def make_submitted(
    procedure: Any, user: Any, *, token: str | None = None, **applicant: Any
) -> Dossier:
    """A complete draft, submitted."""
    import secrets

    dossier = make_draft(procedure, user, complete=True, **applicant)
    return actions.do_submit_dossier(
        dossier, acting_user=user, token=token or secrets.token_urlsafe(16)
    )
