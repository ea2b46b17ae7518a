"""Surveys in a real browser against the production server:

- a respondent on a phone-sized screen (390×844) finds the survey in
  /khao-sat/, sends it empty (error summary, nothing lost), answers and
  lands on the thank-you page; nothing scrolls sideways;
- the counter kiosk twice in a row: answer, thank-you screen, back by
  itself (meta refresh) to a blank form, a second respondent answers;
- axe on the list, the questionnaire (with errors), thanks and the kiosk.

The two campaigns are created through ``python -m motcua shell`` on the
server's own state directory (the standard SIPAS questionnaire, shipped by
migration). Buttons are found by their stable form markup (the interface
strings are being translated).
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.conftest import PASSED_ENV, REPO, Server

pytestmark = pytest.mark.e2e

SETUP = """
from datetime import timedelta
from django.utils import timezone
from motcua.org.models import Unit
from motcua.surveys.models import Campaign, CampaignPoint
from motcua.surveys.standard import SIPAS_CODE, standard_version

today = timezone.localdate()
unit = Unit.objects.filter(kind="hospital").order_by("path").first() or Unit.objects.order_by("path").first()
version = standard_version(SIPAS_CODE)
for slug, title in [("e2e-mot-cua", "Khảo sát sự hài lòng tại Bộ phận Một cửa (thử)"),
                    ("e2e-quay", "Khảo sát tại quầy (thử)")]:
    campaign, _ = Campaign.objects.update_or_create(
        slug=slug,
        defaults=dict(title=title, version=version, unit=unit, status="open",
                      starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=30),
                      kiosk_idle_seconds=60),
    )
    CampaignPoint.objects.get_or_create(campaign=campaign, code="quay-1", defaults={"name": "Quầy số 1"})
"""

COUNT = """
from motcua.surveys.models import Response
print("COUNT", Response.objects.filter(campaign__slug="{slug}", channel="{channel}").count())
"""


def _shell(server: Server, code: str) -> str:
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update(
        HTTPS="0",
        DEBUG="0",
        SITE_URL=server.url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        MOTCUA_VAR_DIR=str(server.var_dir),
        MOTCUA_TESTING="0",
        DJANGO_SETTINGS_MODULE="motcua.settings",
    )
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "shell", "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _count(server: Server, slug: str, channel: str) -> int:
    out = _shell(server, COUNT.format(slug=slug, channel=channel))
    return int(out.split("COUNT", 1)[1].split()[0])


@pytest.fixture(scope="module")
def campaigns(server: Server) -> None:
    _shell(server, SETUP)


def test_a_respondent_answers_on_a_phone(
    new_context: Any, server: Server, campaigns: None, a11y: Any, shoot: Any
) -> None:
    page = new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    page.goto("/khao-sat/")
    a11y.check(page, "index")
    page.locator("a[href='/khao-sat/e2e-mot-cua/']").click()
    expect(page).to_have_url(f"{server.url}/khao-sat/e2e-mot-cua/")
    expect(page.locator("fieldset.sv-section")).to_have_count(7)  # II.A–E, III, about you
    a11y.check(page, "questionnaire")
    shoot(page, "phone-form")

    # Sent empty: the error summary, the page still there.
    page.locator("form.sv-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    a11y.check(page, "questionnaire-errors")

    # Answer some items; the free text keeps its diacritics.
    for option in ("id_q-A1_4", "id_q-A2_3", "id_q-B4_1", "id_q-C1_4", "id_q-D1_4"):
        page.locator(f"label[for='{option}']").click()
    page.locator("label[for='id_sex_1']").click()
    page.locator("textarea[name='q-Y1']").fill("Cần thêm ghế chờ ở tầng 2")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.locator("form.sv-form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/khao-sat/e2e-mot-cua/cam-on/")
    a11y.check(page, "thanks")
    shoot(page, "phone-thanks")
    assert _count(server, "e2e-mot-cua", "link") == 1
    a11y.assert_clean()


def test_the_kiosk_twice_in_a_row(
    new_context: Any, server: Server, campaigns: None, a11y: Any, shoot: Any
) -> None:
    page = new_context(viewport={"width": 1024, "height": 768}, has_touch=True).new_page()
    kiosk = f"{server.url}/khao-sat/e2e-quay/kiosk/?diem=quay-1"
    page.goto(kiosk)
    expect(page.locator("nav.nav")).to_be_hidden()
    a11y.check(page, "kiosk")
    page.locator("label[for='id_q-A1_4']").click()
    page.locator("textarea[name='q-Y1']").fill("Người thứ nhất")
    page.locator("form.sv-form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/khao-sat/e2e-quay/kiosk/cam-on/?diem=quay-1")
    a11y.check(page, "kiosk-thanks")
    shoot(page, "kiosk-thanks")

    # The thank-you screen goes back by itself to a blank form.
    expect(page).to_have_url(kiosk, timeout=15_000)
    expect(page.locator("textarea[name='q-Y1']")).to_have_value("")
    expect(page.locator("form.sv-form input:checked")).to_have_count(0)

    page.locator("label[for='id_q-A1_0']").click()
    page.locator("label[for='id_q-E3_2']").click()
    page.locator("form.sv-form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/khao-sat/e2e-quay/kiosk/cam-on/?diem=quay-1")
    assert _count(server, "e2e-quay", "kiosk") == 2
    a11y.assert_clean()


def test_the_kiosk_resets_without_javascript(
    new_context: Any, server: Server, campaigns: None
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    kiosk = f"{server.url}/khao-sat/e2e-quay/kiosk/"
    page.goto(kiosk)
    page.locator("label[for='id_q-A1_3']").click()
    page.locator("form.sv-form button[type=submit]").click()
    expect(page).to_have_url(f"{server.url}/khao-sat/e2e-quay/kiosk/cam-on/")
    # The <noscript> meta refresh brings the blank form back.
    expect(page).to_have_url(kiosk, timeout=15_000)
    expect(page.locator("form.sv-form input:checked")).to_have_count(0)
