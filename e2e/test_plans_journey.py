"""The communication plan and its reports, in a real browser against the
production server with the demo data:

the Office's coordinator copies the 2020 plan to 2021 and issues it; the
hospital's focal point files the first-quarter report with evidence (a
link to the website and a photo), its director approves and submits it on
time; the deadline passes and the CDC, which has not reported, is reminded
by e-mail; the CDC files late from the link in that e-mail; the coordinator
drafts the consolidated report, submits it (its figures freeze), approves
it and downloads it as DOCX and PDF in the NĐ 30 layout.

Buttons and links of the plans screens are found by their stable form
actions and addresses (the interface strings are being translated); axe
checks that each has an accessible name.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PASSWORD = "motcua-demo-2026"
COORDINATOR = "vanphong@motcua.test"
HOSPITAL_FOCAL = "daumoi@motcua.test"
HOSPITAL_HEAD = "giamdoc.bv@motcua.test"
CDC_FOCAL = "daumoi.cdc@motcua.test"
CDC_HEAD = "giamdoc.cdc@motcua.test"
LINK = re.compile(r"https?://[^\s<>\"']+/can-bo/ke-hoach/ky-bao-cao/\d+/don-vi/\d+/")


def _png() -> bytes:
    """A small real PNG (a photo of the event, as far as the server can tell)."""
    import struct
    import zlib

    width, height = 8, 8
    raw = b"".join(b"\x00" + b"\xc8\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _sign_in(new_context: Any, email: str) -> Page:
    page = new_context().new_page()
    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/login/"))
    return page


def _post(page: Page, action: str) -> None:
    """Click the submit button of the form posting to ``action``."""
    page.locator(f"form[action$='{action}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def _file_result(
    page: Page, activity_code: str, *, articles: str, spending: str, photo: bool
) -> None:
    page.get_by_role("link", name=re.compile(rf"^{activity_code}\. ")).click()
    page.locator("input[name=articles]").fill(articles)
    page.locator("input[name=participants]").fill("120")
    page.locator("input[name=spending_vnd]").fill(spending)
    page.locator("textarea[name=narrative]").fill("Đăng tin, bài hướng dẫn nộp hồ sơ trực tuyến.")
    page.locator("main form.form-wide button[type=submit]").first.click()
    expect(page.locator("input[name='link-url']")).to_be_visible()
    page.locator("input[name='link-url']").fill("/tin-tuc/")
    page.locator("input[name='link-title']").fill("Chuyên mục tin tức CCHC")
    page.locator("input[name='link-url']").locator("xpath=ancestor::form").locator("button").click()
    expect(page.locator(".evidence-list")).to_contain_text("Chuyên mục tin tức CCHC")
    if photo:
        page.locator("input[name='upload-file']").set_input_files(
            files=[{"name": "hoi-nghi-quy-1.png", "mimeType": "image/png", "buffer": _png()}]
        )
        page.locator("input[name='upload-title']").fill("Ảnh hội nghị")
        page.locator("input[name='upload-file']").locator("xpath=ancestor::form").locator(
            "button"
        ).click()
        expect(page.locator(".evidence-list")).to_contain_text("Ảnh hội nghị")
    page.locator(".breadcrumbs a").last.click()


def test_plans_journey(server: Any, new_context: Any, shoot: Any, a11y: Any, tmp_path: Any) -> None:
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()

    # -- The coordinator copies the 2020 plan to 2021 and issues it.
    office = _sign_in(new_context, COORDINATOR)
    office.goto("/can-bo/ke-hoach/")
    office.get_by_role("link", name="Tuyên truyền cải cách hành chính năm 2020 của Sở Y tế").click()
    expect(office.locator("h1")).to_contain_text("năm 2020")
    a11y.check(office, "plan-2020")
    shoot(office, "01-plan-2020")
    office.locator("a[href$='/sao-chep/']").click()
    expect(office.locator("input[name=year]")).to_have_value("2021")
    office.locator("main form button[type=submit]").click()
    expect(office.locator("h1")).to_contain_text("năm 2021")
    office.locator("a[href$='/ban-hanh/']").click()
    office.locator("input[name=number]").fill("15")
    office.locator("input[name=issued_on]").fill("20/01/2021")
    office.locator("main form button[type=submit]").click()
    expect(office.locator("main")).to_contain_text("15/KH-SYT")
    # Quarter I: the deadline is set a week ahead for this journey.
    office.locator("table a[href*='/ky-bao-cao/']").first.click()
    period_url = office.url
    office.locator("details summary").first.click()
    office.locator("input[name=unit_deadline]").fill(f"{today + timedelta(days=7):%d/%m/%Y}")
    office.locator("input[name=department_deadline]").fill(f"{today + timedelta(days=14):%d/%m/%Y}")
    office.locator("form[action$='/thoi-han/'] button").click()
    expect(office.locator("main")).to_contain_text(f"{today + timedelta(days=7):%d/%m/%Y}")
    shoot(office, "02-period-open")

    # -- The hospital's focal point files its report with evidence.
    focal = _sign_in(new_context, HOSPITAL_FOCAL)
    focal.goto("/can-bo/ke-hoach/")
    focal.locator("a[href*='/ky-bao-cao/'][href*='/don-vi/']").first.click()
    focal.locator("main form button[type=submit]").click()
    expect(focal.locator("h1")).to_contain_text("Bệnh viện Đa khoa tỉnh Khánh Hòa")
    report_url = focal.url
    _file_result(focal, "HĐ04", articles="6", spending="2.500.000", photo=True)
    expect(focal).to_have_url(report_url)
    a11y.check(focal, "unit-report")
    shoot(focal, "03-unit-report-draft")
    _post(focal, "/trinh-duyet/")
    expect(focal.locator(".messages")).to_be_visible()

    # -- Its director approves and submits it (on time).
    head = _sign_in(new_context, HOSPITAL_HEAD)
    head.goto(report_url)
    _post(head, "/duyet/")
    _post(head, "/gui/")
    expect(head.locator(".badge--ok").first).to_be_visible()
    shoot(head, "04-unit-report-submitted")

    # -- The deadline passes; the CDC has not reported and is reminded.
    office.goto(period_url)
    office.locator("details summary").first.click()
    office.locator("input[name=unit_deadline]").fill(f"{today - timedelta(days=1):%d/%m/%Y}")
    office.locator("form[action$='/thoi-han/'] button").click()
    cdc_row = office.locator("tr", has_text="Trung tâm Kiểm soát bệnh tật tỉnh Khánh Hòa")
    expect(cdc_row.locator(".badge--missing")).to_be_visible()
    hospital_row = office.locator("tr", has_text="Bệnh viện Đa khoa tỉnh Khánh Hòa")
    expect(hospital_row.locator(".badge--ok").first).to_be_visible()
    a11y.check(office, "completeness")
    shoot(office, "05-completeness-overdue")
    cdc_row.locator("form[action*='/nhac/'] button").click()
    expect(office.locator(".messages")).to_contain_text(CDC_FOCAL)
    message = server.wait_for_mail(CDC_FOCAL)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Trung tâm Kiểm soát bệnh tật tỉnh Khánh Hòa" in body and "quá hạn" in body
    link = LINK.search(body)
    assert link, body

    # -- The CDC files late, from the link in the reminder.
    cdc = _sign_in(new_context, CDC_FOCAL)
    cdc.goto(link.group(0))
    cdc.locator("main form button[type=submit]").click()
    expect(cdc.locator("h1")).to_contain_text("Trung tâm Kiểm soát bệnh tật")
    _file_result(cdc, "HĐ10", articles="4", spending="1.000.000", photo=False)
    _post(cdc, "/trinh-duyet/")
    cdc_head = _sign_in(new_context, CDC_HEAD)
    cdc_head.goto(cdc.url)
    _post(cdc_head, "/duyet/")
    _post(cdc_head, "/gui/")

    office.goto(period_url)
    expect(
        office.locator("tr", has_text="Trung tâm Kiểm soát bệnh tật tỉnh Khánh Hòa").locator(
            ".badge--late"
        )
    ).to_be_visible()

    # -- The coordinator drafts, submits, approves and downloads the consolidated report.
    _post(office, "/bao-cao-tong-hop/")
    expect(office.locator("h1")).to_contain_text("quý I năm 2021")
    office.locator("textarea[name=proposals]").fill(
        "Đề nghị Sở Nội vụ tổ chức tập huấn kỹ năng tuyên truyền cải cách hành chính."
    )
    office.locator("input[name=signer_authority]").fill("KT. GIÁM ĐỐC")
    office.locator("input[name=signer_title]").fill("PHÓ GIÁM ĐỐC")
    office.locator("input[name=signer_name]").fill("Nguyễn Văn Hùng")
    office.locator("form.form-wide button[type=submit]").click()
    a11y.check(office, "consolidated")
    _post(office, "/trinh/")
    expect(office.locator("main")).to_contain_text("10")  # 6 + 4 articles, frozen
    office.locator("form[action$='/duyet/'] input[name=number]").fill("25")
    _post(office, "/duyet/")
    expect(office.locator("main")).to_contain_text("25/BC-SYT")
    shoot(office, "06-consolidated-approved")

    with office.expect_download() as pdf_download:
        office.locator("a[href$='bao-cao.pdf']").click()
    pdf_path = tmp_path / "bao-cao.pdf"
    pdf_download.value.save_as(pdf_path)
    with office.expect_download() as docx_download:
        office.locator("a[href$='bao-cao.docx']").click()
    docx_path = tmp_path / "bao-cao.docx"
    docx_download.value.save_as(docx_path)

    from docx import Document
    from pypdf import PdfReader

    pdf_text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(str(pdf_path)).pages
    )
    document = Document(str(docx_path))
    docx_text = " ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    docx_text = " ".join(docx_text.split())
    for text in (pdf_text, docx_text):
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Số: 25/BC-SYT" in text and "BÁO CÁO" in text
        assert "Kính gửi: Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)" in text
        assert "quý I năm 2021" in text
        assert "10 tin, bài" in text and "3.500.000 đồng" in text
        assert "1 đơn vị gửi muộn (Trung tâm Kiểm soát bệnh tật tỉnh Khánh Hòa)" in text
        assert "Nơi nhận:" in text and "Nguyễn Văn Hùng" in text
        assert "DỰ THẢO" not in text
    assert io.BytesIO(pdf_path.read_bytes()).read(5) == b"%PDF-"
    shoot(office, "07-downloaded")
    a11y.assert_clean()
