"""Documents other apps publish to the website's document library
(``core.documents.register_document_publisher``): e.g. the consolidated
communication report the Province receives, once the leader approved it.
The approval happened in that app, so the page is published at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from motcua.cms.constants import DocumentType
from motcua.core.text import clean_text, strip_accents

if TYPE_CHECKING:
    from motcua.core.documents import DocumentToPublish


def publish_to_library(document: DocumentToPublish) -> str:
    """File ``document`` in the document library as a published report and
    return the page's stable address (``/trang/<id>/``)."""
    from motcua.cms.models import DocumentLibraryPage, DocumentPage
    from motcua.cms.selectors import department_unit

    library = DocumentLibraryPage.objects.live().order_by("path").first()
    if library is None:
        raise ValidationError(_("The website has no document library to publish to."))
    title = clean_text(document.title)[:255] or document.filename
    base = slugify(strip_accents(title))[:70] or "van-ban"
    taken = set(library.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    department = department_unit()
    issued = document.issued_on
    with transaction.atomic():
        stored = get_document_model()(title=title)
        stored.file.save(document.filename, ContentFile(document.content), save=False)
        stored._set_document_file_metadata()
        stored.save()
        page = DocumentPage(
            title=title,
            slug=slug,
            summary=clean_text(document.description or title)[:400],
            doc_type=DocumentType.REPORT,
            issue_date=issued,
            year=(issued or timezone.localdate()).year,
            issuer=department.name if department else settings.MOTCUA_SITE["department"],
            unit=department,
            file=stored,
        )
        page.live = False
        library.add_child(instance=page)
        page.save_revision().publish()
    return f"/trang/{page.pk}/"
