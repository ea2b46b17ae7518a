"""Administrative documents in the format of NĐ 30/2020/NĐ-CP (Phụ lục I),
as DOCX for staff to edit and PDF for archives and citizens.

One structured description (``OfficialDocument``: the header elements,
the body as blocks, the recipients and the signature block) gives both
files: the PDF from one HTML template (``core/documents/nd30.html``) by
WeasyPrint, the DOCX built with python-docx. ``render_docx_template``
fills a staff-edited DOCX template (docxtpl) for forms whose layout is
fixed by a circular (the one-stop forms).

NĐ 30 layout (domain-vn.md §6): A4 portrait; margins top and bottom
20 mm, left 30 mm, right 15 mm; Times New Roman (Liberation Serif 2 has
its metrics and the Vietnamese glyphs; Liberation 1.x lacks them);
page numbers centred in the top margin from page 2. Header: parent body
(upper case) and issuing body (upper case, bold, short rule) at top left
with "Số: 05/BC-SYT" under them; Quốc hiệu (bold upper case) and Tiêu ngữ
(bold, rule as long as the text) at top right with the italic place and
date under them. Then the document type (bold upper case) and the subject
(bold, short rule), "Kính gửi", the body (justified, first-line indent
1 cm, 6 pt between paragraphs), and the footer: "Nơi nhận" (12 pt italic
bold, list in 11 pt) at left, the signature block at right.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.text import slugify

from motcua.core.text import clean_text, strip_accents

logger = logging.getLogger(__name__)

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
# A gap left for the clerk to write in ("Số:      /BC-SYT").
BLANK = "\u00a0" * 6

# Page geometry, NĐ 30 Phụ lục I §I.4 (mm).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
# Times New Roman on the reader's Word; Liberation Serif 2 (same metrics,
# Vietnamese glyphs) for the PDF and LibreOffice.
DOCX_FONT = "Times New Roman"
PDF_FONT_FAMILY = "ND30 Serif"
# Where Debian's fonts-liberation2 puts the fonts (scripts/ensure-fonts).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/liberation2"),
    Path("/usr/local/share/fonts/liberation2"),
)
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}


# ----------------------------------------------------------------- blocks
@dataclass(frozen=True)
class Heading:
    """A heading of the body: level 1 "I. KẾT QUẢ…" (bold), level 2
    "1. Kết quả…" (bold), level 3 "a) …" (bold italic)."""

    text: str
    level: int = 1
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (justified, first-line indent unless ``indent`` is off)."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True
    align: str = "justify"  # justify, left, center, right
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    """Items printed as "- item" paragraphs, the Vietnamese administrative style."""

    items: Sequence[str]
    kind: ClassVar[str] = "list"

    @property
    def dashed(self) -> list[str]:
        return [item if item.startswith("-") else f"- {item}" for item in self.items]


@dataclass(frozen=True)
class Table:
    """A table with a header row. ``align``: one of "l", "c", "r" per
    column (numbers right-aligned); ``widths``: relative widths; the last
    row is bold when ``total`` is set."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    align: str = ""
    widths: Sequence[float] = ()
    total: bool = False
    caption: str = ""
    kind: ClassVar[str] = "table"

    def column_align(self, index: int) -> str:
        return {"r": "right", "c": "center"}.get(self.align[index : index + 1], "left")

    def relative_widths(self) -> list[float]:
        if len(self.widths) == len(self.columns):
            total = float(sum(self.widths)) or 1.0
            return [w / total for w in self.widths]
        return [1 / len(self.columns)] * len(self.columns)

    @property
    def header(self) -> list[dict[str, str]]:
        """Column titles with their width (percent) and alignment, for templates."""
        return [
            {"title": title, "width": f"{width * 100:.1f}%"}
            for title, width in zip(self.columns, self.relative_widths(), strict=True)
        ]

    @property
    def body_rows(self) -> list[list[dict[str, str]]]:
        """Cells with their alignment, for templates."""
        return [
            [{"value": str(value), "align": self.column_align(i)} for i, value in enumerate(row)]
            for row in self.rows
        ]


Block = Heading | Paragraph | BulletList | Table


def paragraphs(text: str, **options: Any) -> list[Paragraph]:
    """Each non-empty line of ``text`` as a body paragraph; a line that
    starts with "- " keeps its dash."""
    return [
        Paragraph(clean_text(line), **options) for line in (text or "").splitlines() if line.strip()
    ]


# --------------------------------------------------------------- document
@dataclass
class OfficialDocument:
    """The elements of an administrative document (NĐ 30/2020, Phụ lục I).

    ``number`` empty leaves "Số:      /BC-SYT" for the clerk to fill in on
    issue; ``issued_on`` empty leaves the day and month blank in the same
    way ("ngày    tháng    năm 2026"). ``doc_type`` empty makes a công văn
    (Mẫu 1.5): the subject goes under the number as "V/v …"."""

    issuer: str  # cơ quan ban hành, e.g. "Sở Y tế"
    symbol: str  # e.g. "BC-SYT"
    place: str  # địa danh, e.g. "Khánh Hòa"
    subject: str  # trích yếu
    doc_type: str = ""  # "BÁO CÁO", "KẾ HOẠCH"…; empty: công văn
    parent_body: str = ""  # cơ quan chủ quản, e.g. "UBND tỉnh Khánh Hòa"
    number: str = ""
    issued_on: date | None = None
    year: int | None = None  # for a blank date
    recipients: Sequence[str] = ()  # Kính gửi
    body: Sequence[Block] = ()
    copies_to: Sequence[str] = ()  # Nơi nhận
    signer_authority: str = ""  # "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"…
    signer_title: str = ""  # "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    draft: bool = False
    footer_lines: Sequence[str] = field(default_factory=tuple)  # address, phone… (ô 13)

    # -- header texts (NĐ 30, Phụ lục I, ô 3 and 4) --------------------------
    @property
    def number_line(self) -> str:
        """ "Số: 05/BC-SYT" (numbers under 10 get a leading zero)."""
        number = (self.number or "").strip()
        if number.isdigit() and int(number) < 10:
            number = f"{int(number):02d}"
        if not number:
            # Left blank for the clerk; no-break spaces so layouts keep the gap.
            return f"Số:{BLANK}/{self.symbol}"
        return f"Số: {number}/{self.symbol}"

    @property
    def date_line(self) -> str:
        """ "Khánh Hòa, ngày 05 tháng 01 năm 2020": days under 10 and the
        months January and February get a leading zero."""
        if self.issued_on is None:
            year = self.year or date.today().year
            return f"{self._place_day}{BLANK}tháng{BLANK}năm {year}"
        day = self.issued_on
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        return f"{self._place_day} {day.day:02d} tháng {month} năm {day.year}"

    @property
    def _place_day(self) -> str:
        return f"{self.place}, ngày" if self.place else "Ngày"

    @property
    def filename_stem(self) -> str:
        base = f"{self.symbol}-{self.subject}"
        return slugify(strip_accents(base))[:80] or "van-ban"

    def copies_lines(self) -> list[str]:
        """The "Nơi nhận" list, each line starting with "- "."""
        return [line if line.startswith("-") else f"- {line}" for line in self.copies_to]


# ------------------------------------------------------------------- PDF
@lru_cache(maxsize=1)
def _font_dir() -> Path | None:
    for directory in FONT_DIRS:
        if all((directory / name).is_file() for name in FONT_FILES.values()):
            return directory
    logger.warning(
        "fonts-liberation2 not found in %s: PDFs fall back to the system serif font, which may "
        "lack Vietnamese glyphs (run scripts/ensure-fonts)",
        ", ".join(map(str, FONT_DIRS)),
    )
    return None


def font_faces() -> list[dict[str, str]]:
    """``@font-face`` rules of the PDF template (empty without the fonts)."""
    directory = _font_dir()
    if directory is None:
        return []
    return [
        {"weight": weight, "style": style, "url": (directory / name).as_uri()}
        for (weight, style), name in FONT_FILES.items()
    ]


def _fonts_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that loads the font files and nothing else:
    report text is user input, and a PDF must never make a request."""
    from weasyprint.urls import URLFetcher

    directory = _font_dir()

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file" and directory is not None:
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_relative_to(directory):
                    return super().fetch(url, headers)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            raise ValueError(f"resource not allowed in a document: {url[:80]}")

    return FontsOnly(allowed_protocols={"file", "data"}, timeout=5)


def render_html(doc: OfficialDocument) -> str:
    """The document as the HTML that the PDF is printed from."""
    return render_to_string(
        "core/documents/nd30.html",
        {"doc": doc, "font_faces": font_faces(), "font_family": PDF_FONT_FAMILY},
    )


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as a PDF (A4, NĐ 30 layout)."""
    from weasyprint import HTML

    html = HTML(string=render_html(doc), base_url="file:///", url_fetcher=_fonts_only_fetcher())
    return html.write_pdf()


# ------------------------------------------------------------------ DOCX
def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def _set_cell_borders_none(table: Any) -> None:
    """Layout tables (header, signature) print without borders."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _bottom_rule(paragraph: Any) -> None:
    """A solid line under a paragraph (its length is set by the indents)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def _estimated_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough printed width: enough to size the short rules NĐ 30 asks
    for (1/3 to 1/2 of the text above them)."""
    per_char = size_pt * 0.3528 * (0.62 if bold else 0.55)  # pt -> mm, average glyph
    return len(text) * per_char


def _run(
    paragraph: Any,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = DOCX_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    return run


def _para(
    container: Any,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    indent_mm: float = 0,
    space_after: float = 0,
    underline: bool = False,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if indent_mm:
        fmt.first_line_indent = _mm(indent_mm)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _short_rule(
    container: Any,
    text: str,
    size: float,
    column_mm: float,
    *,
    bold: bool = True,
    fraction: float = 0.4,
) -> None:
    """An empty paragraph whose bottom border is ``fraction`` of the text
    width, centred in the column (NĐ 30: 1/3 to 1/2 of the text)."""
    from docx.shared import Pt

    rule = max(10.0, min(column_mm - 4, _estimated_width_mm(text, size, bold=bold) * fraction))
    side = max(0.0, (column_mm - rule) / 2)
    paragraph = _para(container, size=2)
    paragraph.paragraph_format.left_indent = _mm(side)
    paragraph.paragraph_format.right_indent = _mm(side)
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.paragraph_format.line_spacing = Pt(2)
    _bottom_rule(paragraph)


def _page_number_header(section: Any) -> None:
    """Page numbers centred in the top margin, none on page 1 (NĐ 30)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cell_width(cell: Any, width_mm: float) -> None:
    cell.width = _mm(width_mm)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as DOCX (Times New Roman, A4, NĐ 30 margins)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = _mm(PAGE_WIDTH_MM), _mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = _mm(MARGIN_TOP_MM), _mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = _mm(MARGIN_LEFT_MM), _mm(MARGIN_RIGHT_MM)
    section.header_distance = _mm(10)
    _page_number_header(section)
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    normal.font.size = Pt(14)
    document.core_properties.title = f"{doc.doc_type} {doc.subject}".strip()
    document.core_properties.language = "vi-VN"
    text_width = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
    left_w, right_w = 65.0, text_width - 65.0

    body = document._body
    first = document.paragraphs[0] if document.paragraphs else None
    if first is not None:
        first._p.getparent().remove(first._p)

    if doc.draft:
        _para(body, DRAFT_MARK, size=13, bold=True, align="left", space_after=4)

    # -- header: ô 1-4 ---------------------------------------------------
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _set_cell_borders_none(header)
    for row in header.rows:
        _cell_width(row.cells[0], left_w)
        _cell_width(row.cells[1], right_w)
    left, right = header.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if doc.parent_body:
        _para(left, doc.parent_body.upper(), size=13)
    _para(left, doc.issuer.upper(), size=13, bold=True)
    _short_rule(left, doc.issuer.upper(), 13, left_w)
    _para(right, NATIONAL_TITLE, size=12, bold=True)
    _para(right, NATIONAL_MOTTO, size=13, bold=True, underline=True, space_after=2)
    number_cell, date_cell = header.rows[1].cells
    number_cell.paragraphs[0]._p.getparent().remove(number_cell.paragraphs[0]._p)
    date_cell.paragraphs[0]._p.getparent().remove(date_cell.paragraphs[0]._p)
    _para(number_cell, doc.number_line, size=13)
    if not doc.doc_type:
        _para(number_cell, f"V/v {doc.subject}", size=12)
    _para(date_cell, doc.date_line, size=14, italic=True)

    # -- title: ô 5a ---------------------------------------------------------
    if doc.doc_type:
        _para(body, "", size=8)
        _para(body, doc.doc_type.upper(), size=14, bold=True)
        _para(body, doc.subject, size=14, bold=True)
        _short_rule(body, doc.subject, 14, text_width, fraction=0.35)

    # -- Kính gửi: ô 9a --------------------------------------------------------
    if doc.recipients:
        if len(doc.recipients) == 1:
            _para(
                body, f"Kính gửi: {doc.recipients[0]}", size=14, space_after=6
            ).paragraph_format.space_before = Pt(6)
        else:
            _para(body, "Kính gửi:", size=14, align="left").paragraph_format.left_indent = _mm(45)
            for name in doc.recipients:
                p = _para(body, f"- {name}", size=14, align="left")
                p.paragraph_format.left_indent = _mm(55)
            body.add_paragraph()

    # -- body: ô 6 -------------------------------------------------------------
    for block in doc.body:
        _docx_block(document, block, text_width)

    # -- footer: ô 9b, 7 -------------------------------------------------------
    _para(body, "", size=8)
    footer = document.add_table(rows=1, cols=2)
    footer.autofit = False
    _set_cell_borders_none(footer)
    _cell_width(footer.rows[0].cells[0], 75)
    _cell_width(footer.rows[0].cells[1], text_width - 75)
    received, signature = footer.rows[0].cells
    received.paragraphs[0]._p.getparent().remove(received.paragraphs[0]._p)
    signature.paragraphs[0]._p.getparent().remove(signature.paragraphs[0]._p)
    if doc.copies_to:
        _para(received, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
        for line in doc.copies_lines():
            _para(received, line, size=11, align="left")
    if doc.signer_authority:
        _para(signature, doc.signer_authority.upper(), size=14, bold=True)
    if doc.signer_title:
        _para(signature, doc.signer_title.upper(), size=14, bold=True)
    for _ in range(4):
        _para(signature, "", size=14)
    if doc.signer_name:
        _para(signature, doc.signer_name, size=14, bold=True)
    for line in doc.footer_lines:
        _para(body, line, size=11, align="left")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_block(document: Any, block: Block, text_width: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Pt

    body = document._body
    if isinstance(block, Heading):
        p = _para(
            body,
            block.text,
            size=14,
            bold=True,
            italic=block.level >= 3,
            align="justify",
            indent_mm=10,
            space_after=6,
        )
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = True
    elif isinstance(block, Paragraph):
        _para(
            body,
            block.text,
            size=14,
            bold=block.bold,
            italic=block.italic,
            align=block.align,
            indent_mm=10 if block.indent else 0,
            space_after=6,
        )
    elif isinstance(block, BulletList):
        for item in block.items:
            text = item if item.startswith("-") else f"- {item}"
            _para(body, text, size=14, align="justify", indent_mm=10, space_after=6)
    elif isinstance(block, Table):
        if block.caption:
            _para(body, block.caption, size=13, italic=True, align="center", space_after=3)
        table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
        table.style = document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [w * text_width for w in block.relative_widths()]
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                _cell_width(cell, width)
        for index, title in enumerate(block.columns):
            cell = table.rows[0].cells[index]
            cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
            _para(cell, title, size=12, bold=True, align="center")
        last = len(block.rows) - 1
        for r, values in enumerate(block.rows):
            for c, value in enumerate(values):
                cell = table.rows[r + 1].cells[c]
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
                _para(
                    cell,
                    str(value),
                    size=12,
                    bold=block.total and r == last,
                    align=block.column_align(c),
                )
        _para(body, "", size=6)


def render_docx_template(template: str | Path | bytes, context: dict[str, Any]) -> bytes:
    """Fill a DOCX template (Jinja tags inside Word, docxtpl) with
    ``context``; values are escaped. For forms whose layout is fixed by a
    circular and kept as an editable Word file."""
    from docxtpl import DocxTemplate

    source: Any = io.BytesIO(template) if isinstance(template, bytes) else str(template)
    tpl = DocxTemplate(source)
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def docx_text(content: bytes) -> str:
    """The text of a DOCX (paragraphs and table cells, in order), for
    previews, search and tests."""
    from docx import Document

    document = Document(io.BytesIO(content))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                " ".join(
                                    "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                    for p in cell.iterchildren()
                                    if p.tag.endswith("}p")
                                ).strip()
                            )
                    lines.append(" | ".join(cells))
    return "\n".join(lines)


def content_disposition(filename: str) -> str:
    """An ``attachment`` header value with an ASCII fallback name."""
    from urllib.parse import quote

    ascii_name = strip_accents(filename).encode("ascii", "ignore").decode() or "van-ban"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


# ------------------------------------------------------------- publication
@dataclass(frozen=True)
class DocumentToPublish:
    """A finished document an app offers to the website's document library."""

    title: str
    filename: str
    content: bytes
    content_type: str = "application/pdf"
    description: str = ""
    issued_on: date | None = None


# Registered by the website app (``AppConfig.ready()``): takes the
# document, files it in the document library, returns its public address.
_PUBLISHERS: list[Any] = []


def register_document_publisher(publisher: Any) -> None:
    """Let apps publish documents through ``publisher(DocumentToPublish) -> url``."""
    if publisher not in _PUBLISHERS:
        _PUBLISHERS.append(publisher)


def unregister_document_publisher(publisher: Any) -> None:
    if publisher in _PUBLISHERS:
        _PUBLISHERS.remove(publisher)


def can_publish_documents() -> bool:
    """Whether a document library is there to publish to."""
    return bool(_PUBLISHERS)


def publish_document(document: DocumentToPublish) -> str | None:
    """Publish through the registered publisher; its public address, or
    ``None`` when no website app has registered one."""
    if not _PUBLISHERS:
        return None
    return str(_PUBLISHERS[0](document))
