"""Uploads in the admin: documents are checked for size and real type,
images need their description (alt text)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from motcua.cms.tests.helpers import PDF

pytestmark = pytest.mark.django_db


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def upload_document(client, name: str, content: bytes):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Văn bản",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("ke-hoach.pdf", PDF), ("ke-hoach.docx", DOCX), ("ke-hoach.odt", ODT)],
)
def test_real_documents_are_accepted(client, personas, name, content):
    client.force_login(personas.editor)
    response = upload_document(client, name, content)
    assert response.status_code == 302, response.content[:2000]
    assert get_document_model().objects.filter(title="Văn bản").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 an executable renamed"),
        ("ke-hoach.pdf", b"<html><script>alert(1)</script></html>"),
        ("ke-hoach.docx", PDF),
        ("ke-hoach.docx", _zip({"xl/workbook.xml": b"<x/>"})),
        ("ke-hoach.xlsx", DOCX),
        ("ke-hoach.odt", _zip({"mimetype": b"application/x-other"})),
        ("ke-hoach.exe", b"MZ\x90\x00"),
    ],
)
def test_documents_whose_content_does_not_match_their_name_are_refused(
    client, personas, name, content
):
    client.force_login(personas.editor)
    response = upload_document(client, name, content)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_document_model().objects.exists()


def test_documents_over_the_size_limit_are_refused(client, personas, settings):
    settings.CMS_DOCUMENT_MAX_BYTES = 1024
    client.force_login(personas.editor)
    response = upload_document(client, "lon.pdf", PDF + b"0" * 2048)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not get_document_model().objects.exists()


def test_check_messages_say_what_is_wrong():
    from django.core.exceptions import ValidationError

    from motcua.cms.uploads import check_document_upload

    with pytest.raises(ValidationError) as error:
        check_document_upload(io.BytesIO(b"MZ"), "a.pdf", 2)
    assert error.value.code == "file_type_mismatch"
    with pytest.raises(ValidationError) as error:
        check_document_upload(io.BytesIO(PDF), "a.pdf", 10**10)
    assert error.value.code == "file_too_large"


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#b3261e").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_needs_its_description(client, personas):
    client.force_login(personas.editor)
    data = {"title": "Ảnh", "collection": Collection.get_first_root_node().pk, "description": ""}
    response = client.post(
        "/admin/images/add/", {**data, "file": SimpleUploadedFile("a.png", _png())}
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not get_image_model().objects.exists()
    data["description"] = "Quầy tiếp nhận hồ sơ"
    response = client.post(
        "/admin/images/add/", {**data, "file": SimpleUploadedFile("a.png", _png())}
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().description == "Quầy tiếp nhận hồ sơ"


def test_a_file_that_is_not_an_image_is_refused(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh",
            "collection": Collection.get_first_root_node().pk,
            "description": "Ảnh",
            "file": SimpleUploadedFile("a.png", b"MZ not an image"),
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
