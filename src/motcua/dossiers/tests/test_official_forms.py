"""The one-stop forms (Mẫu 01–06): built from real data, printed as PDF and
DOCX whose extracted text shows that data, served to the right people only,
and the control sheet's judgement of each hand-off (hand-computed)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.core.audit import AuditEntry
from motcua.core.documents import docx_text
from motcua.dossiers import official_forms as forms
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import (
    ApologyLetter,
    ApologyLetterStatus,
    DossierStep,
    SupplementRequest,
)
from motcua.org.constants import Role
from motcua.procedures.constants import DeadlineUnit
from motcua.testing.factories import make_member
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
URLS = "motcua.dossiers.tests.forms_test_urls"


def at(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=VN)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def procedure(org):
    return ProcedureFactory(
        unit=org.pharmacy,
        name="Cấp chứng chỉ hành nghề dược",
        deadline=(10, DeadlineUnit.WORKING_DAYS),
    )


def _roles(procedure) -> None:
    """Reception 10 %, handler 70 %, approver 20 % of the deadline."""
    version = procedure.version_at() or procedure.versions.first()
    for step, (role, share) in zip(
        version.steps.order_by("position"),
        [(Role.RECEPTION, 10), (Role.HANDLER, 70), (Role.APPROVER, 20)],
        strict=True,
    ):
        step.role, step.share_percent = role, share
        step.save()


def _history(dossier, personas, steps) -> None:
    """Replace the factory's history with ``steps``: (action, from, to, at, actor, assignee)."""
    dossier.steps.all().delete()
    for action, frm, to, when, actor, assignee in steps:
        DossierStep.objects.create(
            dossier=dossier,
            action=action,
            from_status=frm,
            to_status=to,
            created_at=when,
            actor=actor,
            assignee=assignee,
        )


S = DossierStatus


@pytest.fixture
def returned(procedure, personas):
    """Received Monday 06/10/2025 08:00, due after 10 working days; the
    reception officer hands it to the handler at 13:00 (3.5 working hours of
    its 8), the handler forwards it on Thursday 16/10 at 15:00 (65.5 hours of
    56: late), the approver approves on Monday 20/10 at 15:00 (16 hours of
    16: on time), the result is returned at 16:00 (1 more hour of
    reception's 3 left: early)."""
    _roles(procedure)
    d = make_dossier(
        procedure=procedure,
        user=personas.citizen,
        status=S.RETURNED,
        applicant_address="12 Lê Thánh Tôn, phường Nha Trang",
        register_book="2025",
        register_number=17,
        received_at=at(6, 8),
        due_at=at(20, 17),
        resolved_at=at(20, 15),
        returned_at=at(20, 16),
        result_recipient_name="Nguyễn Văn An",
    )
    _history(
        d,
        personas,
        [
            ("submit", S.DRAFT, S.SUBMITTED, at(5, 20), None, None),
            ("receive", S.SUBMITTED, S.RECEIVED, at(6, 8), personas.reception, None),
            ("assign", S.RECEIVED, S.IN_PROGRESS, at(6, 13), personas.reception, personas.handler),
            (
                "forward_for_approval",
                S.IN_PROGRESS,
                S.IN_PROGRESS,
                at(16, 15),
                personas.handler,
                personas.approver,
            ),
            ("approve", S.IN_PROGRESS, S.RESOLVED, at(20, 15), personas.approver, None),
            ("return_result", S.RESOLVED, S.RETURNED, at(20, 16), personas.reception, None),
        ],
    )
    return d


# ---------------------------------------------------------------- Mẫu 06 judgement
def test_control_sheet_judges_each_hand_off_against_its_share(returned):
    dossier = forms.load_dossier(returned.pk)
    rows = forms.control_rows(dossier, now=at(21, 9))
    assert [(r.role, r.hours_used, r.hours_allowed, r.result) for r in rows] == [
        (Role.RECEPTION, 3.5 + 0, 8.0, forms.EARLY),  # 08:00–11:30, then lunch until 13:00
        (
            Role.HANDLER,
            3.5 + 32 + 24 + 6,
            56.0,
            forms.LATE,
        ),  # Mon pm, Tue–Fri, Mon–Wed, Thu to 15:00
        (Role.APPROVER, 16.0, 16.0, forms.ON_TIME),
        (Role.RECEPTION, 1.0, 4.5, forms.EARLY),  # 8 h share − 3.5 h already used
    ]
    assert rows[1].giver.startswith(returned.steps.get(action="assign").actor.full_name)
    assert "Chuyên viên thụ lý" in rows[1].receiver


def test_control_sheet_without_version_steps_lists_hand_offs_unjudged(returned):
    returned.procedure_version.steps.all().delete()
    dossier = forms.load_dossier(returned.pk)
    rows = forms.control_rows(dossier, now=at(21, 9))
    assert len(rows) == 4
    assert all(r.result == "" and r.hours_allowed is None for r in rows)
    text = pdf_text(forms.render_form(forms.build_control_sheet(dossier), "pdf"))
    assert "không đánh giá trước hạn" in text


def test_control_sheet_leaves_the_applicants_time_unjudged(procedure, personas):
    _roles(procedure)
    d = make_dossier(
        procedure=procedure, status=S.IN_PROGRESS, received_at=at(6, 8), due_at=at(20, 17)
    )
    _history(
        d,
        personas,
        [
            ("receive", S.SUBMITTED, S.RECEIVED, at(6, 8), personas.reception, None),
            ("assign", S.RECEIVED, S.IN_PROGRESS, at(6, 9), personas.reception, personas.handler),
            (
                "request_supplement",
                S.IN_PROGRESS,
                S.SUPPLEMENT_REQUESTED,
                at(7, 8),
                personas.handler,
                None,
            ),
            ("supply", S.SUPPLEMENT_REQUESTED, S.IN_PROGRESS, at(9, 8), personas.citizen, None),
        ],
    )
    rows = forms.control_rows(forms.load_dossier(d.pk), now=at(9, 10))
    assert [r.role for r in rows] == [Role.RECEPTION, Role.HANDLER, "applicant", Role.HANDLER]
    assert rows[2].result == "" and rows[2].hours_allowed is None
    # The handler's two spells share its 56 hours: the first took Monday
    # 09:00–11:30 and 13:30–17:00 and Tuesday 07:00–08:00 (7 hours).
    assert rows[1].hours_used == pytest.approx(2.5 + 3.5 + 1)
    assert rows[3].hours_allowed == pytest.approx(56 - 7)
    assert rows[3].time_out is None and rows[3].note == "Đang xử lý"


# ---------------------------------------------------------------- texts
def test_receipt_pdf_and_docx_show_the_dossier(returned, settings):
    settings.SITE_URL = "https://dichvucong.syt.test"
    dossier = forms.load_dossier(returned.pk)
    doc = forms.build_form(dossier, 1)
    pdf = pdf_text(forms.render_form(doc, "pdf"))
    docx = flat(docx_text(forms.render_form(doc, "docx")))
    for text in (pdf, docx):
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "SỞ Y TẾ" in text and "PHÒNG NGHIỆP VỤ DƯỢC" in text  # parent and unit
        assert returned.code in text
        assert "Nguyễn Văn An" in text
        assert "Cấp chứng chỉ hành nghề dược" in text
        assert "10 ngày làm việc" in text
        assert "08 giờ 00 phút, ngày 06 tháng 10 năm 2025" in text  # received
        assert "17 giờ 00 phút, ngày 20 tháng 10 năm 2025" in text  # due
        assert "Quyển số: 2025, Số thứ tự: 17" in text
        assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
        assert "500.000" in text  # fees
        assert "Khánh Hòa, ngày 06 tháng 10 năm 2025" in text
    assert f"Mã tra cứu: {returned.lookup_key}" in pdf
    assert returned.steps.get(action="receive").actor.full_name in pdf


def test_receipt_carries_a_qr_code_to_the_lookup_page(returned, settings):
    settings.SITE_URL = "https://dichvucong.syt.test"
    dossier = forms.load_dossier(returned.pk)
    doc = forms.build_receipt(dossier)
    assert (
        doc.qr_url
        == f"https://dichvucong.syt.test/tra-cuu/{returned.code}/?k={returned.lookup_key}"
    )
    html = forms.render_form_html(doc)
    assert "<svg" in html and "Mã QR tra cứu hồ sơ" in html
    from docx import Document

    document = Document(io.BytesIO(forms.render_form(doc, "docx")))
    assert len(document.inline_shapes) == 1  # the QR picture


def test_supplement_request_refusal_stop_and_apology_texts(procedure, personas):
    d = make_dossier(procedure=procedure, status=S.SUPPLEMENT_REQUESTED, user=personas.citizen)
    SupplementRequest.objects.create(
        dossier=d,
        reason="Bản sao chứng thực văn bằng chuyên môn\nGiấy xác nhận thời gian thực hành",
        requested_by=personas.handler,
        requested_at=at(7, 9),
        respond_by=at(17, 17),
    )
    dossier = forms.load_dossier(d.pk)
    for ext in ("pdf", "docx"):
        raw = forms.render_form(forms.build_form(dossier, 2), ext)
        text = pdf_text(raw) if ext == "pdf" else flat(docx_text(raw))
        assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
        assert "1. Bản sao chứng thực văn bằng chuyên môn" in text
        assert "2. Giấy xác nhận thời gian thực hành" in text
        assert "Luật Dược số 105/2016/QH13" in text  # căn cứ
        assert "17 giờ 00 phút, ngày 17 tháng 10 năm 2025" in text
        assert "NGƯỜI HƯỚNG DẪN" in text

    refused = make_dossier(
        procedure=procedure,
        status=S.REFUSED,
        status_note="Hồ sơ không thuộc thẩm quyền của Sở Y tế.",
    )
    text = pdf_text(forms.render_form(forms.build_form(forms.load_dossier(refused.pk), 3), "pdf"))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Hồ sơ không thuộc thẩm quyền của Sở Y tế." in text
    assert refused.code in text.replace(" ", "")

    stopped = make_dossier(
        procedure=procedure,
        status=S.STOPPED,
        status_note="Cơ sở đề nghị dừng để bổ sung điều kiện.",
    )
    raw = forms.render_form(forms.build_form(forms.load_dossier(stopped.pk), 5), "docx")
    text = flat(docx_text(raw))
    assert "THÔNG BÁO" in text and "Về việc dừng giải quyết hồ sơ" in text
    assert "Cơ sở đề nghị dừng để bổ sung điều kiện." in text
    assert f"/TB-{procedure.unit.code}" in text


def test_apology_draft_is_marked_and_approved_one_signed(procedure, personas):
    d = make_dossier(procedure=procedure, status=S.IN_PROGRESS, overdue=True, user=personas.citizen)
    letter = ApologyLetter.objects.create(
        dossier=d,
        reason="Cần xác minh thêm thông tin với cơ sở đào tạo.",
        new_due_at=at(30, 17),
        previous_due_at=d.due_at,
        drafted_by=personas.handler,
    )
    draft = forms.build_form(forms.load_dossier(d.pk), 4)
    assert draft.draft
    text = pdf_text(forms.render_form(draft, "pdf"))
    assert "DỰ THẢO" in text
    assert "xin lỗi và đề nghị gia hạn thời gian giải quyết" in text
    assert "Cần xác minh thêm thông tin với cơ sở đào tạo." in text
    assert "17 giờ 00 phút, ngày 30 tháng 10 năm 2025" in text
    # The applicant sees no draft.
    with pytest.raises(forms.FormNotAvailable):
        forms.build_form(forms.load_dossier(d.pk), 4, for_citizen=True)
    letter.status = ApologyLetterStatus.APPROVED
    letter.approved_by, letter.approved_at = personas.approver, at(28, 10)
    letter.number = f"15/PXL-{procedure.unit.code}"  # as do_approve_apology numbers it
    letter.save()
    approved = forms.build_form(forms.load_dossier(d.pk), 4, for_citizen=True)
    text = flat(docx_text(forms.render_form(approved, "docx")))
    assert "DỰ THẢO" not in text
    assert f"Số: 15/PXL-{procedure.unit.code}" in text
    assert f"PXL-{procedure.unit.code}/{procedure.unit.code}" not in text
    assert personas.approver.full_name in text
    assert "ngày 28 tháng 10 năm 2025" in text


@pytest.mark.parametrize(
    ("status", "missing"),
    [
        (S.SUBMITTED, [1, 2, 3, 4, 5, 6]),
        (S.IN_PROGRESS, [2, 3, 4, 5]),
        (S.REFUSED, [1, 2, 4, 5, 6]),
        (S.STOPPED, [2, 3, 4]),
    ],
)
def test_a_form_whose_event_did_not_happen_is_not_available(procedure, status, missing):
    d = forms.load_dossier(make_dossier(procedure=procedure, status=status).pk)
    available = forms.available_forms(d)
    for number in missing:
        assert number not in available
        with pytest.raises(forms.FormNotAvailable):
            forms.build_form(d, number)
    for number in available:
        assert forms.build_form(d, number).form_number == number


# ---------------------------------------------------------------- views
views = pytest.mark.urls(URLS)


@views
def test_staff_of_the_unit_downloads_every_available_form(client, returned, personas):
    client.force_login(personas.handler)
    for number in (1, 6):
        for ext, content_type in forms.CONTENT_TYPES.items():
            response = client.get(reverse("dossier_form", args=[returned.pk, number, ext]))
            assert response.status_code == 200, (number, ext)
            assert response["Content-Type"] == content_type
            assert ".".join(("", ext)) in response["Content-Disposition"]
    assert AuditEntry.objects.filter(event="dossiers.viewed", new__form="mau-06").exists()


@views
def test_form_of_an_event_that_did_not_happen_is_a_404_that_says_so(client, returned, personas):
    client.force_login(personas.handler)
    response = client.get(reverse("dossier_form", args=[returned.pk, 3, "pdf"]))
    assert response.status_code == 404
    assert returned.code in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@views
@pytest.mark.parametrize("who", ["outsider", "citizen", "editor"])
@views
def test_others_cannot_download_staff_forms(client, returned, personas, org, who):
    client.force_login(getattr(personas, who))
    response = client.get(reverse("dossier_form", args=[returned.pk, 1, "pdf"]))
    assert response.status_code in (403, 404)


@views
def test_staff_of_another_unit_get_a_404(client, returned, org):
    stranger = make_member(Role.HANDLER, org.hospital, email="bv@motcua.test")
    client.force_login(stranger)
    assert client.get(reverse("dossier_form", args=[returned.pk, 1, "pdf"])).status_code == 404


@views
def test_bad_number_or_format_is_a_404(client, returned, personas):
    client.force_login(personas.handler)
    assert client.get(reverse("dossier_form", args=[returned.pk, 9, "pdf"])).status_code == 404
    assert client.get(f"/can-bo/ho-so/{returned.pk}/mau-1.exe").status_code == 404


@views
def test_applicant_downloads_receipt_and_approved_apology_only(client, returned, personas):
    client.force_login(personas.citizen)
    ok = client.get(reverse("dossier_mine_form", args=[returned.pk, 1, "pdf"]))
    assert ok.status_code == 200 and ok.content.startswith(b"%PDF")
    for number in (4, 6):
        response = client.get(reverse("dossier_mine_form", args=[returned.pk, number, "pdf"]))
        assert response.status_code == 404
    ApologyLetter.objects.create(
        dossier=returned,
        reason="Chậm do xác minh.",
        new_due_at=timezone.now() + timedelta(days=3),
        status=ApologyLetterStatus.APPROVED,
        approved_at=timezone.now(),
    )
    assert client.get(reverse("dossier_mine_form", args=[returned.pk, 4, "pdf"])).status_code == 200


@views
def test_applicant_cannot_download_another_persons_receipt(client, returned):
    from motcua.testing.factories import UserFactory

    client.force_login(UserFactory(email="khac@motcua.test"))
    assert client.get(reverse("dossier_mine_form", args=[returned.pk, 1, "pdf"])).status_code == 404
    client.logout()
    response = client.get(reverse("dossier_mine_form", args=[returned.pk, 1, "pdf"]))
    assert response.status_code == 302


@views
def test_form_download_query_count(client, returned, personas, django_assert_max_num_queries):
    client.force_login(personas.handler)
    with django_assert_max_num_queries(20):
        client.get(reverse("dossier_form", args=[returned.pk, 6, "pdf"]))
