"""Upload checks: size, dossier total, real type."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from motcua.dossiers.uploads import check_upload
from motcua.testing.dossier_factories import docx_file, fake_pdf, jpeg_file, pdf_file, png_file


@pytest.mark.parametrize(
    ("upload", "kind"),
    [(pdf_file(), "pdf"), (png_file(), "png"), (jpeg_file(), "jpeg"), (docx_file(), "docx")],
)
def test_the_four_accepted_types_pass(upload, kind):
    assert check_upload(upload).sniffed.kind == kind


def test_content_decides_not_the_name():
    checked = check_upload(png_file("scan.pdf"))
    assert checked.sniffed.content_type == "image/png"
    assert checked.name == "scan.pdf"


@pytest.mark.parametrize(
    "upload",
    [
        fake_pdf(),
        SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),  # signature only
        SimpleUploadedFile("a.docx", b"PK\x03\x04 not a zip"),
        SimpleUploadedFile("a.txt", "Xin chào".encode()),
    ],
)
def test_other_content_is_refused(upload):
    with pytest.raises(ValidationError) as exc:
        check_upload(upload)
    assert exc.value.code == "wrong_type"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert exc.value.code == "empty"


def test_the_file_limit_is_a_setting(settings):
    settings.DOSSIER_FILE_MAX_MB = 1
    check_upload(pdf_file(size=1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        check_upload(pdf_file(size=1024 * 1024 + 1))
    assert exc.value.code == "too_large"


def test_the_dossier_limit_counts_what_is_stored(settings):
    settings.DOSSIER_TOTAL_MAX_MB = 2
    check_upload(pdf_file(size=1024 * 1024), already_stored=1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        check_upload(pdf_file(size=1024 * 1024), already_stored=1024 * 1024 + 1)
    assert exc.value.code == "dossier_too_large"


def test_messages_are_in_vietnamese_and_name_the_file():
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        check_upload(fake_pdf("hoa-don.pdf"))
    assert "hoa-don.pdf" in exc.value.messages[0]
