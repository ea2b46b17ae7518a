"""NĐ 30/2020 documents: the same description printed as DOCX and PDF."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from motcua.core.documents import (
    BulletList,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    content_disposition,
    docx_text,
    font_faces,
    render_docx,
    render_docx_template,
    render_html,
    render_pdf,
)


def _doc(**overrides) -> OfficialDocument:
    values = dict(
        issuer="Sở Y tế",
        parent_body="UBND tỉnh Khánh Hòa",
        symbol="BC-SYT",
        number="5",
        place="Khánh Hòa",
        issued_on=date(2026, 1, 5),
        doc_type="Báo cáo",
        subject="Kết quả công tác tuyên truyền quý IV năm 2025",
        recipients=["Ủy ban nhân dân tỉnh Khánh Hòa"],
        body=[
            Paragraph("Thực hiện Kế hoạch số 15/KH-SYT, Sở Y tế báo cáo như sau:"),
            Heading("I. KẾT QUẢ"),
            Table(
                ["TT", "Nội dung", "Số lượng"],
                [["1", "Tin, bài", "1.234"]],
                align="clr",
                total=True,
            ),
            BulletList(["Phát 500 tờ rơi;", "- Tổ chức 2 hội nghị."]),
        ],
        copies_to=["Như trên;", "Lưu: VT, VP."],
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Thị Bích",
    )
    values.update(overrides)
    return OfficialDocument(**values)


def test_number_and_date_follow_nd30():
    doc = _doc()
    assert doc.number_line == "Số: 05/BC-SYT"
    assert doc.date_line == "Khánh Hòa, ngày 05 tháng 01 năm 2026"
    assert _doc(issued_on=date(2026, 11, 23), number="123").date_line.endswith(
        "ngày 23 tháng 11 năm 2026"
    )
    blank = _doc(number="", issued_on=None, year=2026)
    assert re.fullmatch(r"Số:\s+/BC-SYT", blank.number_line)
    assert re.fullmatch(r"Khánh Hòa, ngày\s+tháng\s+năm 2026", blank.date_line)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_docx_has_the_header_body_and_signature_block():
    from docx import Document

    content = render_docx(_doc())
    text = _flat(docx_text(content))
    for expected in (
        "UBND TỈNH KHÁNH HÒA",
        "SỞ Y TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-SYT",
        "Khánh Hòa, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa",
        "TT | Nội dung | Số lượng",
        "1 | Tin, bài | 1.234",
        "- Phát 500 tờ rơi;",
        "- Tổ chức 2 hội nghị.",
        "Nơi nhận:",
        "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Bích",
    ):
        assert expected in text, expected
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert section.different_first_page_header_footer  # no number on page 1
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "DỰ THẢO" not in text and "DỰ THẢO" in docx_text(render_docx(_doc(draft=True)))


def test_pdf_prints_in_liberation_serif_on_a4():
    from pypdf import PdfReader

    pdf = render_pdf(_doc(body=[Paragraph("Đoạn văn bản dài. " * 400)]))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = _flat(reader.pages[0].extract_text())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 05/BC-SYT" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    # Page 2 is numbered in the top margin; page 1 is not.
    assert "2" in [line.strip() for line in reader.pages[1].extract_text().splitlines()]
    assert "1" not in [line.strip() for line in reader.pages[0].extract_text().splitlines()]
    if font_faces():
        fonts = {
            str(f["/BaseFont"])
            for p in reader.pages
            for f in (p["/Resources"].get("/Font") or {}).values()
        }
        assert fonts and all("ND30-Serif" in f for f in fonts)


def test_document_text_is_escaped_and_nothing_is_fetched():
    html = render_html(_doc(subject='<img src="http://example.com/x.png">'))
    assert "<img" not in html and "&lt;img" in html
    from motcua.core.documents import _fonts_only_fetcher

    with pytest.raises(ValueError):
        _fonts_only_fetcher().fetch("http://example.com/x.png")
    with pytest.raises(ValueError):
        _fonts_only_fetcher().fetch("file:///etc/passwd")


def test_docx_templates_are_filled_with_docxtpl():
    from docx import Document

    template = Document()
    template.add_paragraph("Kính gửi: {{ ten }}")
    template.add_paragraph("Mã hồ sơ: {{ ma }}")
    buffer = io.BytesIO()
    template.save(buffer)
    out = render_docx_template(
        buffer.getvalue(), {"ten": "Nguyễn Văn An <b>", "ma": "SYT-260115-0042"}
    )
    text = docx_text(out)
    assert "Kính gửi: Nguyễn Văn An <b>" in text and "SYT-260115-0042" in text


def test_content_disposition_has_an_ascii_fallback():
    value = content_disposition("Báo cáo quý I.pdf")
    assert 'filename="Bao cao quy I.pdf"' in value and "filename*=UTF-8''B%C3%A1o" in value
