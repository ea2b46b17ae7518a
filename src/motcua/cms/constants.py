"""Choices and limits of the Department's website."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    """Kinds of document in the library. The values appear in filter URLs
    (``/van-ban/?loai=ke-hoach``): never change them."""

    PLAN = "ke-hoach", _("Plan")
    REPORT = "bao-cao", _("Report")
    SATISFACTION_REPORT = "bao-cao-hai-long", _("Satisfaction report")
    LEGAL = "van-ban-phap-luat", _("Legal document")
    OTHER = "khac", _("Other document")


# News, documents and search results per page.
NEWS_PER_PAGE = 10
DOCUMENTS_PER_PAGE = 20
SEARCH_PER_PAGE = 10
# Results per provider on the search page before "all results".
SEARCH_SECTION_LIMIT = 5
# Items in the RSS and Atom feeds.
FEED_ITEMS = 20
# Latest news on the home page; related news under an article.
HOME_NEWS = 4
RELATED_NEWS = 3
# Units whose hotline the home page lists (the contact page lists all).
HOME_HOTLINES = 6

# Uploaded documents: the largest accepted file (bytes) is in settings
# (CMS_DOCUMENT_MAX_BYTES); the real type must match the extension.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    # Word 97-2003 and Excel 97-2003: OLE2 compound files.
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
# Inside the ZIP container of office documents: a member that only that
# format has (OOXML part folder, or the ODF ``mimetype`` entry's value).
OFFICE_ZIP_MARKERS: dict[str, str] = {
    "docx": "word/",
    "xlsx": "xl/",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
