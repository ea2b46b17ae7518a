"""Paying a fee, in a real browser against the production server with the
demo data (``payments.demo``: two dossiers of the demo citizen await
payment):

1. the citizen opens a dossier in "Hồ sơ của tôi", pays through the demo
   gateway, sees "Đã thanh toán" and downloads the receipt (a PDF);
2. the citizen starts a VietQR transfer for the other dossier (QR page);
   the one-stop officer imports a bank statement (a CSV made here, as the
   bank would export it) that matches; the citizen sees the fee paid and
   downloads the receipt.

axe runs on the payment pages.
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


def _sign_in(new_context: Any, email: str) -> Page:
    page = new_context().new_page()
    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/tai-khoan/login/"))
    return page


def _dossiers_awaiting_payment(page: Page) -> list[str]:
    """The "Hồ sơ của tôi" pages that offer a pay button."""
    page.goto("/tai-khoan/ho-so-cua-toi/")
    links = sorted(
        {
            href
            for href in page.locator("main a[href^='/tai-khoan/ho-so/']").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))"
            )
            if re.fullmatch(r"/tai-khoan/ho-so/\d+/", href or "")
        }
    )
    found = []
    for href in links:
        page.goto(href)
        if page.locator("#thanh-toan a[href^='/thanh-toan/ho-so/']").count():
            found.append(href)
    return found


def _receipt_is_pdf(page: Page) -> None:
    link = page.locator("a[href*='/thanh-toan/bien-lai/']").first
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_the_demo_citizen_pays_by_demo_gateway_and_by_vietqr(
    new_context: Any, a11y: Any, shoot: Any
) -> None:
    page = _sign_in(new_context, CITIZEN)
    awaiting = _dossiers_awaiting_payment(page)
    assert len(awaiting) >= 2, awaiting

    # 1. The demo gateway, from "Hồ sơ của tôi" to the receipt.
    page.goto(awaiting[0])
    expect(page.locator("#thanh-toan")).to_contain_text("đ")
    page.locator("#thanh-toan a[href^='/thanh-toan/ho-so/']").click()
    expect(page.locator("h1")).to_be_visible()
    a11y.check(page, "pay")
    shoot(page, "pay")
    page.locator("input[name=provider][value=demo]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/thanh-toan/cong-demo/"))
    page.locator("button[name=outcome][value=success]").click()
    expect(page).to_have_url(re.compile(r"/thanh-toan/TT[0-9A-Z]+/"))
    # By class: the word "Paid" is shared with other screens in the catalogue.
    expect(page.locator(".pay-status--paid")).to_be_visible()
    a11y.check(page, "status-paid")
    shoot(page, "status-paid")
    _receipt_is_pdf(page)
    page.goto(awaiting[0])
    expect(page.locator("#thanh-toan .badge--ok")).to_be_visible()
    _receipt_is_pdf(page)

    # 2. VietQR: the QR page, then the officer's statement import.
    page.goto(awaiting[1])
    page.locator("#thanh-toan a[href^='/thanh-toan/ho-so/']").click()
    page.locator("input[name=provider][value=vietqr]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".qr-code svg")).to_be_visible()
    a11y.check(page, "vietqr")
    shoot(page, "vietqr")
    main = page.locator("main").inner_text()
    note = re.search(r"HS [A-Z0-9-]+", main)
    amount = re.search(r"(\d{1,3}(?:\.\d{3})+) ?đ", main)
    assert note and amount, main
    pay_page = page.url

    officer = _sign_in(new_context, RECEPTION)
    officer.goto("/can-bo/thanh-toan/sao-ke/")
    a11y.check(officer, "statements")
    statement = (
        "Ngày giao dịch,Số tiền ghi có,Nội dung,Số tham chiếu\n"
        f'05/01/2026,"{amount.group(1)}",MBVCB.8812.{note.group(0).lower()} .CT tu 0123 NGUYEN VAN AN,FT26005777\n'
        '05/01/2026,"120.000",chuyen tien khac,FT26005778\n'
    ).encode()
    officer.locator("input[name=file]").set_input_files(
        {"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement}
    )
    officer.locator("main form[enctype] button[type=submit]").click()
    expect(officer).to_have_url(re.compile(r"/can-bo/thanh-toan/sao-ke/\d+/"))
    # The transfer row is matched to the payment (linked), the other is not.
    expect(officer.locator("main table a[href*='/giao-dich/']")).to_have_count(1)
    a11y.check(officer, "statement-result")
    shoot(officer, "statement-result")
    officer.goto("/can-bo/thanh-toan/sao-ke/chua-khop/")
    expect(officer.locator("main")).to_contain_text("chuyen tien khac")
    a11y.check(officer, "unmatched")

    page.goto(awaiting[1])
    expect(page.locator("#thanh-toan .badge--ok")).to_be_visible()
    _receipt_is_pdf(page)
    assert pay_page  # the QR page was reached
    a11y.assert_clean()
