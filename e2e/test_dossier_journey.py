"""Online public service end to end, in a real browser against the
production server: a citizen finds a procedure by an accentless search on
/thu-tuc/?q=, submits a dossier with two files and postal delivery through
the steps of /nop-ho-so/<code>/, sees the dossier code and lookup key, finds
it in "Hồ sơ của tôi"; then someone else, in another browser context, opens
the QR link /tra-cuu/<code>/?k=<key> and sees the status. axe runs on the
catalogue, every submission step, "Hồ sơ của tôi" and the lookup pages.

Controls are found by their form names and URLs, which are contracts, so the
journey does not depend on the wording of the translations.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parent.parent
CITIZEN = ("congdan@motcua.test", "motcua-demo-2026")
CODE = "E2E.000001"
NAME = "Đăng ký thử nghiệm hành trình nộp hồ sơ trực tuyến"
SEARCH = "hanh trinh nop ho so"  # no diacritics: the catalogue folds them

# A procedure with exactly two required documents and delivery by post,
# added to the server's throwaway database (the demo catalogue follows the
# real procedures, which need four or five documents).
ADD_PROCEDURE = f"""
import django
django.setup()
from motcua.org.models import Unit
from motcua.procedures.models import Procedure
from motcua.testing.procedure_factories import ProcedureFactory
if not Procedure.objects.filter(code={CODE!r}).exists():
    ProcedureFactory(
        unit=Unit.objects.get(code="SYT-NVD"), code={CODE!r}, name={NAME!r},
        documents=["Đơn đề nghị", "Bản sao văn bằng chuyên môn"], delivers_by_post=True,
    )
"""

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A 2×2 white PNG (the site decodes images: a broken one is refused).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
    "0000001649444154789c63fcffff3f030303130303030303030024060301fc35de9b"
    "0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def procedure(server: Any) -> str:
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR", "TZ") if k in os.environ}
    env.update(
        MOTCUA_VAR_DIR=str(server.var_dir),
        SITE_URL=server.url,
        DJANGO_SETTINGS_MODULE="motcua.settings",
        MOTCUA_TESTING="0",
        DEBUG="0",
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    done = subprocess.run(
        [sys.executable, "-c", ADD_PROCEDURE], cwd=REPO, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return CODE


def _sign_in(page: Page) -> None:
    page.goto("/tai-khoan/login/")
    page.locator("input[name=login]").fill(CITIZEN[0])
    page.locator("input[name=password]").fill(CITIZEN[1])
    page.locator("form input[name=password]").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("input[name=password]")).to_have_count(0)


def _continue(page: Page) -> None:
    page.locator("button[name=continue]").click()
    page.wait_for_load_state()


def _choose_place(page: Page, province: str, ward: str) -> None:
    """Province, then a commune of it: the page reloads the commune list
    (script clicks the reload button; without script a person clicks it)."""
    select = page.locator(f"select[name={province}]")
    if not select.input_value():
        select.select_option(index=1)
        page.wait_for_load_state()
        expect(page.locator(f"select[name={ward}] option")).not_to_have_count(1)
    wards = page.locator(f"select[name={ward}]")
    if not wards.input_value():
        wards.select_option(index=1)


def test_a_citizen_submits_online_and_anyone_with_the_qr_follows_it(
    new_context: Any, procedure: str, a11y: Any, shoot: Any
) -> None:
    page = new_context().new_page()
    _sign_in(page)

    # Catalogue: accentless search finds the procedure.
    page.goto(f"/thu-tuc/?q={SEARCH.replace(' ', '+')}")
    link = page.locator(f'a[href="/thu-tuc/{procedure}/"]').first
    expect(link).to_be_visible()
    a11y.check(page, "catalogue-search")
    link.click()
    expect(page.locator("h1")).to_contain_text("hành trình nộp hồ sơ")
    a11y.check(page, "procedure-detail")
    page.locator(f'a[href="/nop-ho-so/{procedure}/"]').first.click()
    a11y.check(page, "submit-start")
    page.locator("main form.actions button[type=submit]").click()
    page.wait_for_load_state()

    # Step 1: the applicant, prefilled from the demo profile.
    expect(page.locator("input[name=applicant_name]")).to_have_value(re.compile(r"\S"))
    for name, value in (
        ("applicant_id_number", "056090001234"),
        ("applicant_phone", "0905123456"),
        ("applicant_address", "04 Phan Chu Trinh"),
    ):
        field = page.locator(f"input[name={name}]")
        if not field.input_value():
            field.fill(value)
    _choose_place(page, "applicant_province", "applicant_ward")
    a11y.check(page, "step-applicant")
    _continue(page)

    # Step 2: two documents, a PDF and a photo.
    inputs = page.locator("input[type=file]")
    expect(inputs).to_have_count(2)
    inputs.nth(0).set_input_files(
        {"name": "don-de-nghi.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    inputs.nth(1).set_input_files({"name": "van-bang.png", "mimeType": "image/png", "buffer": PNG})
    page.locator("button[name=upload]").click()
    page.wait_for_load_state()
    expect(page.locator(".file-list li")).to_have_count(2)
    a11y.check(page, "step-documents")
    _continue(page)

    # Step 3: the result by post, with the fee shown.
    page.locator("input[name=delivery_method][value=post]").check()
    page.locator("input[name=delivery_name]").fill("Nguyễn Văn An")
    page.locator("input[name=delivery_phone]").fill("0905123456")
    page.locator("input[name=delivery_address]").fill("12 Trần Phú")
    _choose_place(page, "delivery_province", "delivery_ward")
    a11y.check(page, "step-delivery")
    _continue(page)

    # Step 4: check everything, declare, submit.
    expect(page.locator("main")).to_contain_text("don-de-nghi.pdf")
    expect(page.locator("main")).to_contain_text("12 Trần Phú")
    page.locator("input[name=declaration]").check()
    page.locator("input[name=consent]").check()
    a11y.check(page, "step-review")
    shoot(page, "review")
    page.locator("form.review-form button[type=submit]").click()
    page.wait_for_load_state()

    codes = page.locator(".big-code")
    expect(codes).to_have_count(2)
    code, key = (text.strip() for text in codes.all_inner_texts())
    assert re.fullmatch(r"SYT-NVD-\d{6}-\d{4}", code), code
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", key), key
    a11y.check(page, "submitted")
    shoot(page, "submitted")

    # "Hồ sơ của tôi" lists it.
    page.goto("/tai-khoan/ho-so-cua-toi/")
    expect(page.locator("main")).to_contain_text(code)
    a11y.check(page, "my-dossiers")

    # Someone else scans the QR code: no account, another browser.
    stranger = new_context().new_page()
    stranger.goto(f"/tra-cuu/{code}/?k={key}")
    expect(stranger.locator("h1")).to_contain_text(code)
    expect(stranger.locator(".status-panel")).to_be_visible()
    expect(stranger.locator(".next-step")).to_be_visible()
    expect(stranger.locator("main")).to_contain_text("N***** V** A*")
    expect(stranger.locator("main")).not_to_contain_text("Nguyễn Văn An")
    a11y.check(stranger, "lookup-result")
    shoot(stranger, "lookup-result")

    # A wrong key says "not found", exactly as an unknown code would.
    response = stranger.goto(f"/tra-cuu/{code}/?k=ZZZZZZ")
    assert response is not None and response.status == 404
    expect(stranger.locator(".error-summary")).to_be_visible()
    a11y.check(stranger, "lookup-not-found")
    stranger.goto("/tra-cuu/")
    a11y.check(stranger, "lookup-form")

    a11y.assert_clean()
