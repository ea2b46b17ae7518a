"""The one-stop back office end to end, in a real browser against the
production server with the demo data: the reception officer receives the
demo citizen's online dossier and hands it to the handler; the handler asks
for a supplement; the citizen uploads it from "Hồ sơ của tôi"; the handler
attaches the result and sends it for approval; the approver approves; the
reception officer returns the result at the counter; the citizen sees it.
axe runs on the queue, the dossier's staff page and the intake page.

Controls are found by form names and URLs (contracts), not by wording.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PASSWORD = "motcua-demo-2026"
CITIZEN = "congdan@motcua.test"
RECEPTION = "motcua@motcua.test"
HANDLER = "thuly@motcua.test"
APPROVER = "pheduyet@motcua.test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sign_in(new_context: Any, email: str) -> Page:
    page = new_context().new_page()
    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/login/"))
    return page


def _submit(page: Page, slug: str) -> None:
    page.locator(f"form[action$='/{slug}/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_have_count(0)


def _open(page: Page, slug: str) -> None:
    details = page.locator(f"details:has(form[action$='/{slug}/'])")
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").first.click()


def test_reception_to_returned_result(new_context: Any, a11y: Any, shoot: Any) -> None:
    # Reception: the demo citizen's online dossier waits in the reception queue.
    reception = _sign_in(new_context, RECEPTION)
    reception.goto("/can-bo/ho-so/?hang=reception&q=Nguyen+Van+An")
    rows = reception.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    a11y.check(reception, "office-queue")
    shoot(reception, "office-queue")
    rows.first.locator("a").first.click()
    reception.wait_for_load_state()
    detail_url = reception.url
    pk = re.search(r"/can-bo/ho-so/(\d+)/", detail_url).group(1)  # type: ignore[union-attr]
    code = reception.locator("h1").inner_text().strip()
    assert re.fullmatch(r"SYT-NVD-\d{6}-\d{4}", code), code
    a11y.check(reception, "office-detail-submitted")
    _submit(reception, "tiep-nhan")
    expect(reception.locator("form[action$='/phan-cong/']")).to_be_visible()
    reception.locator("form[action$='/phan-cong/'] select[name=assign-handler]").select_option(
        label="Trần Văn Lý"
    )
    _submit(reception, "phan-cong")
    shoot(reception, "office-detail-assigned")

    # Handler: asks for a supplement.
    handler = _sign_in(new_context, HANDLER)
    handler.goto("/can-bo/ho-so/?hang=mine")
    expect(handler.locator(f"main a[href='/can-bo/ho-so/{pk}/']")).to_be_visible()
    handler.goto(detail_url)
    a11y.check(handler, "office-detail-in-progress")
    _open(handler, "yeu-cau-bo-sung")
    handler.locator("textarea[name=supplement-reason]").fill(
        "Đề nghị bổ sung bản sao có chứng thực văn bằng chuyên môn."
    )
    _submit(handler, "yeu-cau-bo-sung")

    # Citizen: uploads the supplement from "Hồ sơ của tôi".
    citizen = _sign_in(new_context, CITIZEN)
    citizen.goto(f"/tai-khoan/ho-so/{pk}/")
    expect(citizen.locator("#bo-sung")).to_contain_text("chứng thực văn bằng")
    citizen.locator("#bo-sung input[type=file]").set_input_files(
        {"name": "van-bang-chung-thuc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    citizen.locator("#bo-sung button[name=send]").click()
    citizen.wait_for_load_state()
    expect(citizen.locator("#bo-sung")).to_have_count(0)

    # Handler: the dossier is back in progress; attach the result, forward.
    handler.goto(detail_url)
    expect(handler.locator("main")).to_contain_text("van-bang-chung-thuc.pdf")
    handler.locator("select[name=forward-approver]").select_option(label="Phạm Thị Duyệt")
    handler.locator("input[name=forward-results]").set_input_files(
        {"name": "chung-chi-hanh-nghe.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _submit(handler, "trinh-duyet")

    # Approver: finds it among "awaiting my approval" and approves.
    approver = _sign_in(new_context, APPROVER)
    approver.goto("/can-bo/ho-so/?hang=approval")
    approver.locator(f"main a[href='/can-bo/ho-so/{pk}/']").click()
    approver.wait_for_load_state()
    expect(approver.locator("main")).to_contain_text("chung-chi-hanh-nghe.pdf")
    a11y.check(approver, "office-detail-approval")
    shoot(approver, "office-detail-approval")
    _submit(approver, "phe-duyet")

    # Reception: returns the result at the counter (recipient prefilled).
    reception.goto("/can-bo/ho-so/?hang=results")
    expect(reception.locator(f"main a[href='/can-bo/ho-so/{pk}/']")).to_be_visible()
    reception.goto(detail_url)
    tracking = reception.locator("input[name=return-tracking_number]")
    if tracking.count():
        # The demo citizen chose delivery by post: the tracking number.
        tracking.fill("EE123456789VN")
    else:
        expect(reception.locator("input[name=return-recipient_name]")).not_to_have_value("")
        reception.locator("input[name=return-recipient_id_number]").fill("056090001234")
    _submit(reception, "tra-ket-qua")
    shoot(reception, "office-detail-returned")
    a11y.check(reception, "office-detail-returned")

    # Citizen: sees the result.
    citizen.goto(f"/tai-khoan/ho-so/{pk}/")
    expect(citizen.locator("main")).to_contain_text("chung-chi-hanh-nghe.pdf")
    shoot(citizen, "citizen-returned")

    # The demo's late dossier of the same citizen: the approver sees the
    # approved apology on the staff page, the citizen in "Hồ sơ của tôi".
    approver.goto("/can-bo/ho-so/?hang=overdue&q=Nguyen+Van+An")
    approver.locator("main table tbody tr a").first.click()
    approver.wait_for_load_state()
    expect(approver.locator("main")).to_contain_text("PXL-SYT-NVD")
    late_pk = re.search(r"/can-bo/ho-so/(\d+)/", approver.url).group(1)  # type: ignore[union-attr]
    a11y.check(approver, "office-detail-late")
    shoot(approver, "office-detail-late")
    citizen.goto(f"/tai-khoan/ho-so/{late_pk}/")
    expect(citizen.locator("main")).to_contain_text("PXL-SYT-NVD")
    a11y.check(citizen, "citizen-apology")
    shoot(citizen, "citizen-apology")

    # The intake page is accessible too.
    reception.goto("/can-bo/ho-so/tiep-nhan/")
    a11y.check(reception, "office-intake")
    shoot(reception, "office-intake")

    a11y.assert_clean()
