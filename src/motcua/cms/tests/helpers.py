"""Helpers of the website tests: published pages, images and documents."""

from __future__ import annotations

import io
import json
import uuid
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from motcua.cms.models import (
    DocumentLibraryPage,
    DocumentPage,
    GuideIndexPage,
    GuidePage,
    NewsIndexPage,
    NewsPage,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_image(description: str = "Ảnh minh họa quầy tiếp nhận", title: str = "Ảnh") -> Any:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 450), "#0b4f8a").save(buffer, "PNG")
    image = get_image_model()(
        title=title, description=description, file=ImageFile(buffer, name=f"{uuid.uuid4().hex}.png")
    )
    image._set_image_file_metadata()
    image.save()
    return image


def make_document(title: str = "Kế hoạch", content: bytes = PDF, name: str = "ke-hoach.pdf") -> Any:
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def paragraph(html: str) -> str:
    return json.dumps([{"type": "paragraph", "value": html, "id": str(uuid.uuid4())}])


def publish(parent: Any, page: Any, user: Any = None) -> Any:
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def add_news(
    index: NewsIndexPage,
    *,
    title: str,
    unit: Any,
    summary: str = "Tóm tắt tin.",
    body: str = "<p>Nội dung tin.</p>",
    image: Any = None,
    categories: tuple[Any, ...] = (),
    day: date | None = None,
    live: bool = True,
    slug: str | None = None,
) -> NewsPage:
    page = NewsPage(
        title=title,
        slug=slug or uuid.uuid4().hex[:12],
        summary=summary,
        unit=unit,
        body=paragraph(body),
        lead_image=image,
    )
    if day is not None:
        page.date = day
    page.categories.set(list(categories))
    if live:
        return publish(index, page)
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


def add_guide(
    index: GuideIndexPage, *, title: str, unit: Any, step: str = "<p>Làm theo.</p>"
) -> GuidePage:
    steps = json.dumps(
        [
            {
                "type": "step",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": "Bước đầu tiên",
                    "body": step,
                    "image": {"image": None, "alt_text": "", "decorative": False},
                },
            }
        ]
    )
    return publish(
        index,
        GuidePage(
            title=title, slug=uuid.uuid4().hex[:12], summary="Hướng dẫn.", unit=unit, steps=steps
        ),
    )


def add_document(
    library: DocumentLibraryPage,
    *,
    title: str,
    unit: Any,
    doc_type: str = "ke-hoach",
    year: int = 2024,
    number: str = "",
    issuer: str = "Sở Y tế tỉnh Khánh Hòa",
    file: Any = None,
) -> DocumentPage:
    return publish(
        library,
        DocumentPage(
            title=title,
            slug=uuid.uuid4().hex[:12],
            summary="Tóm tắt văn bản.",
            doc_type=doc_type,
            year=year,
            number=number,
            issuer=issuer,
            unit=unit,
            file=file or make_document(title=title),
        ),
    )
