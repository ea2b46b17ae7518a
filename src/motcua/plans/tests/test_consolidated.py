"""The Department's consolidated report: drafted from the submitted unit
reports and the indicators, frozen on submission, approved, versioned,
exported as a BÁO CÁO in the NĐ 30/2020 layout (DOCX and PDF)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.core.documents import docx_text
from motcua.core.models import IndicatorSnapshot
from motcua.plans import actions
from motcua.plans.constants import ConsolidatedStatus
from motcua.plans.tests.conftest import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_this_modules_publishers(monkeypatch):
    """The website (cms) registers its document publisher at start-up;
    these tests check publication with a publisher of their own."""
    from motcua.core import documents

    monkeypatch.setattr(documents, "_PUBLISHERS", [])


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def filed(plan, org, people, fake_indicator):
    """Q1: the hospital and the pharmacy room have submitted; a target is
    measured by the fake indicator."""
    actions.do_save_target(
        plan.plan,
        acting_user=people.coordinator,
        name="Hồ sơ nộp trực tuyến",
        indicator_key=fake_indicator.key,
        target_value=Decimal("80"),
        direction="higher",
    )
    fake_indicator.value = Decimal("62.5")
    hospital = file_report(
        plan.q1,
        org.hospital,
        plan.a1,
        focal=people.focal_point,
        head=people.hospital_head,
        outputs={"articles": 17, "participants": 230},
        spending=1_500_000,
        narrative="Bệnh viện đăng 17 tin, bài về đặt lịch khám trực tuyến.",
    )
    pharmacy = file_report(
        plan.q1,
        org.pharmacy,
        plan.a2,
        focal=people.pharmacy_focal,
        head=people.pharmacy_head,
        outputs={"publications": 1200},
        spending=2_750_000,
    )
    return hospital, pharmacy


def test_draft_figures_come_from_submitted_reports(plan, people, filed):
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    assert report.status == ConsolidatedStatus.DRAFT and report.figures == {}
    assert report.subject == "Kết quả thông tin, tuyên truyền cải cách hành chính quý I năm 2026"
    from motcua.plans.selectors import frozen_or_live_figures

    figures = frozen_or_live_figures(report)
    assert figures["totals"]["articles"] == 17
    assert figures["totals"]["publications"] == 1200
    assert figures["totals"]["spending"] == 4_250_000
    assert figures["completeness"]["submitted"] == 2 and figures["completeness"]["expected"] == 3
    forms = {row["name"]: row for row in figures["by_form"]}
    assert forms["Tin, bài trên Trang thông tin điện tử"]["articles"] == 17
    assert forms["Tờ rơi, tờ gấp"]["publications"] == 1200
    target = next(t for t in figures["targets"] if t["name"] == "Hồ sơ nộp trực tuyến")
    assert (target["target"], target["value"], target["status"]) == ("≥ 80%", "62,5%", "Chưa đạt")
    # Drafting again returns the same draft.
    assert actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator) == report
    assert "Bệnh viện Đa khoa tỉnh" in [n["unit"] for n in figures["narratives"]]


def test_figures_are_frozen_when_submitted(plan, org, people, filed, fake_indicator):
    hospital, _pharmacy = filed
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    report = actions.do_submit_consolidated(report, acting_user=people.coordinator)
    assert (
        report.status == ConsolidatedStatus.SUBMITTED and report.figures["totals"]["articles"] == 17
    )
    snapshots = IndicatorSnapshot.objects.for_owner(report)
    assert snapshots.filter(key=fake_indicator.key, value=Decimal("62.5")).exists()
    assert snapshots.filter(key="surveys.satisfaction_rate", value__isnull=True).exists()
    # The data changes afterwards: a new version of the hospital's report, a new indicator value.
    new = actions.do_revise_report(
        hospital, acting_user=people.focal_point, reason="Sửa số tin bài"
    )
    actions.do_save_result(
        new,
        plan.a1,
        acting_user=people.focal_point,
        outputs={"articles": 99},
        spending_vnd=0,
        narrative="",
    )
    actions.do_send_report_for_approval(new, acting_user=people.focal_point)
    actions.do_approve_report(new, acting_user=people.hospital_head)
    actions.do_submit_report(new, acting_user=people.focal_point)
    fake_indicator.value = Decimal("95")
    report.refresh_from_db()
    from motcua.core.documents import render_docx
    from motcua.plans.documents import consolidated_document

    text = _flat(docx_text(render_docx(consolidated_document(report))))
    assert "17 tin, bài" in text and "99 tin, bài" not in text
    assert "62,5%" in text and "95%" not in text
    # A frozen version cannot be edited; a new version recomputes.
    with pytest.raises(ValidationError):
        actions.do_update_consolidated(report, acting_user=people.coordinator, situation="Khác")
    with pytest.raises(ValidationError):
        actions.do_revise_consolidated(report, acting_user=people.coordinator, reason="")
    v2 = actions.do_revise_consolidated(
        report, acting_user=people.coordinator, reason="Số liệu mới của Bệnh viện"
    )
    v2 = actions.do_submit_consolidated(v2, acting_user=people.coordinator)
    assert v2.version == 2 and v2.figures["totals"]["articles"] == 99
    report.refresh_from_db()
    assert (
        report.status == ConsolidatedStatus.SUPERSEDED
        and report.figures["totals"]["articles"] == 17
    )


def test_approval_and_downloads_in_the_nd30_layout(plan, org, people, filed, client):
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    actions.do_update_consolidated(
        report,
        acting_user=people.coordinator,
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn Hùng",
        proposals="Đề nghị Sở Nội vụ tổ chức tập huấn kỹ năng tuyên truyền.",
    )
    client.force_login(people.coordinator)
    draft = client.get(reverse("plans:consolidated_download", args=[report.pk, "pdf"]))
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert "DỰ THẢO" in pdf_text(draft.content)
    report = actions.do_submit_consolidated(report, acting_user=people.coordinator)
    with pytest.raises(PermissionDenied):
        actions.do_approve_consolidated(report, acting_user=people.focal_point)
    response = client.post(
        reverse("plans:consolidated_transition", args=[report.pk, "duyet"]),
        {"number": "7", "issued_on": "32/04/2026"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("plans:consolidated_transition", args=[report.pk, "duyet"]),
        {"number": "7", "issued_on": "10/04/2026"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ConsolidatedStatus.APPROVED and report.number == "7"
    assert report.issued_on == date(2026, 4, 10)

    docx = client.get(reverse("plans:consolidated_download", args=[report.pk, "docx"]))
    assert docx.status_code == 200
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    pdf = client.get(reverse("plans:consolidated_download", args=[report.pk, "pdf"]))
    for text in (_flat(docx_text(docx.content)), _flat(pdf_text(pdf.content))):
        # NĐ 30 header: parent body, issuer, Quốc hiệu, Tiêu ngữ, number, place and date.
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "UBND TỈNH" in text and "SỞ Y TẾ" in text
        assert "Số: 07/BC-SYT" in text
        assert "Khánh Hòa, ngày 10 tháng 4 năm 2026" in text
        assert "BÁO CÁO" in text
        assert "Kết quả thông tin, tuyên truyền cải cách hành chính quý I năm 2026" in text
        assert "Kính gửi: Ủy ban nhân dân tỉnh (qua Sở Nội vụ)" in text
        assert "Thực hiện Kế hoạch số 15/KH-SYT ngày 20/1/2026 của Sở Y tế" in text
        # The numbers.
        assert "2/3 cơ quan, đơn vị đã gửi báo cáo" in text
        assert "17 tin, bài" in text and "1.200 ấn phẩm" in text
        assert "4.250.000 đồng" in text
        assert "62,5%" in text and "Chưa đạt" in text
        assert "chưa có số liệu" in text
        # Footer: Nơi nhận and the signature block.
        assert "Nơi nhận:" in text and "- Lưu: VT, VP." in text
        assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Nguyễn Văn Hùng" in text
        assert "V. KIẾN NGHỊ, ĐỀ XUẤT" in text
        assert "DỰ THẢO" not in text
    assert pdf_text(pdf.content).count("\n") > 20
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert (
        round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    )  # A4


def test_who_sees_the_consolidated_report(plan, org, people, filed, client):
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    client.force_login(people.focal_point)
    assert client.get(reverse("plans:consolidated_detail", args=[report.pk])).status_code == 404
    client.force_login(people.leader)
    assert client.get(reverse("plans:consolidated_detail", args=[report.pk])).status_code == 200
    actions.do_submit_consolidated(report, acting_user=people.coordinator)
    client.force_login(people.focal_point)
    page = client.get(reverse("plans:consolidated_detail", args=[report.pk]))
    assert page.status_code == 200 and 'name="situation"' not in page.text
    client.force_login(people.outsider)
    assert client.get(reverse("plans:consolidated_detail", args=[report.pk])).status_code == 404
    # The leader of the Department approves it.
    client.force_login(people.leader)
    response = client.post(
        reverse("plans:consolidated_transition", args=[report.pk, "duyet"]), {"number": ""}
    )
    assert response.status_code == 302


def test_publication_goes_through_the_website_hook(plan, people, filed):
    from motcua.core.documents import register_document_publisher, unregister_document_publisher

    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    report = actions.do_submit_consolidated(report, acting_user=people.coordinator)
    report = actions.do_approve_consolidated(report, acting_user=people.leader, number="9")
    with pytest.raises(ValidationError):
        actions.do_publish_consolidated(report, acting_user=people.coordinator)  # no website app
    published = []

    def publisher(document):
        published.append(document)
        return "/tai-lieu/42/"

    register_document_publisher(publisher)
    try:
        url = actions.do_publish_consolidated(report, acting_user=people.coordinator)
    finally:
        unregister_document_publisher(publisher)
    assert url == "/tai-lieu/42/" and published[0].content.startswith(b"%PDF")
    report.refresh_from_db()
    assert report.published_url == "/tai-lieu/42/"


def test_consolidated_pages_render(plan, people, filed, client):
    client.force_login(people.coordinator)
    response = client.post(reverse("plans:consolidated_create", args=[plan.plan.pk, plan.q1.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Bệnh viện Đa khoa tỉnh" in page.text
    response = client.post(
        response["Location"],
        {
            "subject": "Kết quả tuyên truyền quý I",
            "recipients": "",
            "copies_to": "Như trên;\nLưu: VT, VP.",
            "situation": "Đã triển khai.",
        },
    )
    assert response.status_code == 400  # Kính gửi is required
    assert "Đã triển khai." in response.text
