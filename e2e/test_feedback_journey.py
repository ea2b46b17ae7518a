"""Feedback in a real browser against the production server with the demo
data:

a citizen (not signed in) sends a question about the pharmacy room with a
photo and consent to publish; the code and key arrive by e-mail; the
room's handler takes it and drafts the answer; the approver approves it
and publishes it; the citizen opens the tracking link from the e-mail,
rates the answer satisfactory; the answer appears in /hoi-dap/ (masked,
found without accents) and in the site search /tim-kiem/. axe checks the
form, the tracking page and /hoi-dap/.

Buttons are found by their stable form actions (the interface strings are
being translated).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PASSWORD = "motcua-demo-2026"
HANDLER = "thuly@motcua.test"
APPROVER = "pheduyet@motcua.test"
CITIZEN_EMAIL = "tran.thi.mai@motcua.test"
TRACK = re.compile(r"https?://[^\s<>\"']+/phan-anh-kien-nghi/(PAKN-\d{6}-\d{4})/\?k=([A-Z0-9]+)")


def _png() -> bytes:
    import struct
    import zlib

    width, height = 8, 8
    raw = b"".join(b"\x00" + b"\x20\x80\xc8" * width for _ in range(height))

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


def _body(message: Any) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else str(message)


def test_feedback_journey(server: Any, new_context: Any, shoot: Any, a11y: Any) -> None:
    # -- A citizen sends a question with a photo, agreeing to publication.
    citizen = new_context().new_page()
    citizen.goto("/phan-anh-kien-nghi/")
    a11y.check(citizen, "form")
    shoot(citizen, "01-form")
    # A first try without a contact: refused, nothing typed is lost.
    citizen.locator("input[name=kind][value=hoi_dap]").check()
    citizen.locator("select[name=topic]").select_option("pharmacy")
    citizen.locator("select[name=unit]").select_option(label="— Phòng Nghiệp vụ Dược")
    citizen.locator("input[name=title]").fill(
        "Gia hạn giấy chứng nhận đủ điều kiện kinh doanh dược"
    )
    citizen.locator("textarea[name=content]").fill(
        "Tôi là Trần Thị Mai, điện thoại 0905 777 888. Nhà thuốc của tôi cần làm thủ tục gì "
        "để gia hạn giấy chứng nhận đủ điều kiện kinh doanh dược?"
    )
    citizen.locator("input[name=contact_name]").fill("Trần Thị Mai")
    citizen.locator("main form button[type=submit]").click()
    expect(citizen.locator(".error-summary")).to_be_visible()
    expect(citizen.locator("input[name=title]")).to_have_value(
        "Gia hạn giấy chứng nhận đủ điều kiện kinh doanh dược"
    )
    a11y.check(citizen, "form-errors")
    citizen.locator("input[name=contact_email]").fill(CITIZEN_EMAIL)
    citizen.locator("input[name=consent_publish]").check()
    citizen.locator("input[name=attachments]").set_input_files(
        files=[{"name": "giay-chung-nhan.png", "mimeType": "image/png", "buffer": _png()}]
    )
    citizen.locator("main form button[type=submit]").click()
    expect(citizen).to_have_url(re.compile(r"/phan-anh-kien-nghi/PAKN-\d{6}-\d{4}/\?k="))
    code = re.search(r"(PAKN-\d{6}-\d{4})", citizen.url).group(1)  # type: ignore[union-attr]
    expect(citizen.locator("main")).to_contain_text(code)
    a11y.check(citizen, "tracking-received")
    shoot(citizen, "02-received")

    receipt = server.wait_for_mail(CITIZEN_EMAIL)
    match = TRACK.search(_body(receipt))
    assert match and match.group(1) == code
    tracking_url = match.group(0)

    # -- The pharmacy room's handler takes it and drafts the answer.
    handler = _sign_in(new_context, HANDLER)
    handler.goto("/can-bo/phan-anh/?hang=new")
    handler.get_by_role("link", name=code).click()
    expect(handler.locator("main")).to_contain_text("giay-chung-nhan.png")
    handler.locator("form[action$='/nhan-xu-ly/'] button").click()
    handler.locator("textarea[name=answer]").fill(
        "Chào bà Trần Thị Mai, hồ sơ gia hạn gồm đơn đề nghị theo mẫu và bản sao giấy chứng nhận "
        "đủ điều kiện kinh doanh dược đã được cấp. Bà nộp trực tuyến trên Cổng Dịch vụ công quốc gia."
    )
    handler.locator("form[action$='/du-thao/'] button").click()
    expect(handler.locator(".messages, [role=status]").first).to_be_visible()
    shoot(handler, "03-drafted")

    # -- The approver approves, publishes and sends it.
    approver = _sign_in(new_context, APPROVER)
    approver.goto("/can-bo/phan-anh/")  # approvers land on "awaiting approval"
    approver.get_by_role("link", name=code).click()
    expect(approver.locator("input[name=publish]")).to_be_checked()
    a11y.check(approver, "staff-approve")
    shoot(approver, "04-approve")
    approver.locator("form[action$='/phe-duyet/'] button[type=submit]").click()
    expect(approver.locator(f"main a[href$='/hoi-dap/{code}/']")).to_be_visible()
    history = approver.locator("table.history")
    expect(history.locator("tbody tr")).to_have_count(6)
    approver.goto("/can-bo/phan-anh/?hang=all")
    expect(approver.get_by_role("link", name=code)).to_be_visible()
    a11y.check(approver, "staff-queue")
    shoot(approver, "04b-queue")
    approver.goto("/can-bo/phan-anh/thong-ke/")
    a11y.check(approver, "staff-figures")
    shoot(approver, "04c-figures")

    # -- The citizen follows the e-mail link and rates the answer.
    answered = server.wait_for_mail(CITIZEN_EMAIL)
    assert code in str(answered.get("Subject", ""))
    citizen.goto(tracking_url)
    expect(citizen.locator(".fb-answer")).to_contain_text("Cổng Dịch vụ công quốc gia")
    a11y.check(citizen, "tracking-answered")
    shoot(citizen, "05-answered")
    citizen.locator("input[name=rating][value=satisfied]").check()
    citizen.locator("textarea[name=comment]").fill("Trả lời nhanh, rõ ràng.")
    citizen.locator("form[action$='/danh-gia/'] button").click()
    expect(citizen.locator("main")).to_contain_text("Trả lời nhanh, rõ ràng.")

    # -- It is on /hoi-dap/ (masked, found without accents) and in the site search.
    citizen.goto("/hoi-dap/?q=gia+han+giay+chung+nhan")
    result = citizen.get_by_role(
        "link", name="Gia hạn giấy chứng nhận đủ điều kiện kinh doanh dược"
    )
    expect(result).to_be_visible()
    a11y.check(citizen, "answers")
    shoot(citizen, "06-answers")
    result.click()
    main = citizen.locator("main")
    expect(main).to_contain_text("Cổng Dịch vụ công quốc gia")
    expect(main).not_to_contain_text("Trần Thị Mai")
    expect(main).not_to_contain_text("0905 777 888")
    shoot(citizen, "07-answer")
    citizen.goto("/tim-kiem/?q=gia+han+kinh+doanh+duoc")
    expect(citizen.locator(f"main a[href$='/hoi-dap/{code}/']")).to_be_visible()
    shoot(citizen, "08-site-search")

    a11y.assert_clean()
