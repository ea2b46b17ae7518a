"""The permission matrix of the back office: each role × each transition ×
own unit / other unit, through the staff pages. Only the roles of the
transition table act; the others are refused and nothing changes; an
officer of another unit gets a 404 (the dossier does not exist for them);
a citizen is no staff member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import actions
from motcua.dossiers.models import ApologyLetter, Dossier, DossierStep
from motcua.org.constants import Role
from motcua.testing.factories import make_member
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db

ROLES = ["reception", "handler", "approver", "leader"]

# step slug → (stage the dossier is taken to, roles that may act, form data)
MATRIX: dict[str, tuple[str, set[str], dict[str, str]]] = {
    "tiep-nhan": ("submitted", {"reception"}, {"receive-note": ""}),
    "tu-choi": ("submitted", {"reception"}, {"refuse-reason": "Không thuộc thẩm quyền."}),
    "yeu-cau-bo-sung": (
        "received",
        {"reception", "handler"},
        {"supplement-reason": "Thiếu bản sao văn bằng."},
    ),
    "yeu-cau-thanh-toan": (
        "in_progress",
        {"handler", "approver"},
        {"payment-amount": "500.000", "payment-note": "Phí thẩm định"},
    ),
    "phan-cong": ("received", {"reception", "handler", "approver"}, {"assign-handler": "HANDLER"}),
    "trinh-duyet": (
        "in_progress",
        {"handler"},
        {"forward-approver": "APPROVER", "forward-note": "Trình ký"},
    ),
    "phe-duyet": ("forwarded", {"approver"}, {"approve-note": ""}),
    "tra-lai-xu-ly": ("forwarded", {"approver"}, {"back-note": "Sửa số giấy phép."}),
    "dung-xu-ly": ("in_progress", {"approver"}, {"stop-reason": "Quá hạn bổ sung."}),
    "tra-ket-qua": (
        "resolved",
        {"reception"},
        {"return-recipient_name": "Nguyễn Văn An", "return-recipient_id_number": "056090001234"},
    ),
    "rut-ho-so": ("withdrawal", {"reception"}, {"withdraw-note": ""}),
    "xin-loi": ("in_progress", {"handler", "approver"}, {"apology-reason": "Chờ ý kiến Cục."}),
}
PREFIX = {
    "tiep-nhan": "receive",
    "tu-choi": "refuse",
    "yeu-cau-bo-sung": "supplement",
    "yeu-cau-thanh-toan": "payment",
    "phan-cong": "assign",
    "trinh-duyet": "forward",
    "phe-duyet": "approve",
    "tra-lai-xu-ly": "back",
    "dung-xu-ly": "stop",
    "tra-ket-qua": "return",
    "rut-ho-so": "withdraw",
    "xin-loi": "apology",
}


@pytest.fixture
def world(org, personas):
    staff = office_staff(org, personas)
    staff.other_leader = make_member(Role.LEADER, org.other, email="ld-khac@motcua.test")
    procedure = ProcedureFactory(unit=org.pharmacy)
    return staff, procedure


def _dossier(procedure, staff, stage: str) -> Dossier:
    if stage == "withdrawal":
        dossier = take_to(procedure, staff.citizen, staff, "in_progress")
        actions.do_withdraw_dossier(dossier, acting_user=staff.citizen, reason="Nộp nhầm.")
        return Dossier.objects.get(pk=dossier.pk)
    if stage == "in_progress":
        # Results already attached, so the handler may forward in one click.
        dossier = take_to(procedure, staff.citizen, staff, "in_progress")
        from motcua.dossiers.constants import FileKind
        from motcua.testing.dossier_factories import pdf_file

        actions.do_attach_file(
            dossier, acting_user=staff.handler, upload=pdf_file("kq.pdf"), kind=FileKind.RESULT
        )
        return dossier
    return take_to(procedure, staff.citizen, staff, stage)


def _post_data(step: str, dossier: Dossier, staff) -> dict[str, str]:
    data = dict(MATRIX[step][2])
    data[f"{PREFIX[step]}-seen_status"] = str(dossier.status)
    for key, value in list(data.items()):
        if value == "HANDLER":
            data[key] = str(staff.handler2.pk)
        elif value == "APPROVER":
            data[key] = str(staff.approver.pk)
    if step == "xin-loi":
        data["apology-new_due_date"] = (dossier.due_at + timedelta(days=5)).date().isoformat()
    return data


def _fingerprint(dossier: Dossier) -> tuple:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.status,
        fresh.handler_id,
        fresh.approval_requested_at,
        fresh.status_note,
        DossierStep.objects.filter(dossier=dossier).count(),
        ApologyLetter.objects.filter(dossier=dossier).count(),
    )


CASES = [(step, who, where) for step in MATRIX for who in ROLES for where in ("own", "other")] + [
    (step, "citizen", "own") for step in MATRIX
]


@pytest.mark.parametrize(("step", "who", "where"), CASES)
def test_permission_matrix(client, world, step, who, where):
    staff, procedure = world
    stage, allowed, _data = MATRIX[step]
    dossier = _dossier(procedure, staff, stage)
    if who == "citizen":
        user = staff.citizen
    elif where == "own":
        user = getattr(staff, who)
    else:
        user = getattr(staff, f"other_{who}")
    before = _fingerprint(dossier)
    client.force_login(user)
    response = client.post(f"/can-bo/ho-so/{dossier.pk}/{step}/", _post_data(step, dossier, staff))
    if who == "citizen":
        assert response.status_code == 403
        assert _fingerprint(dossier) == before
    elif where == "other":
        assert response.status_code == 404
        assert _fingerprint(dossier) == before
    elif who in allowed:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert _fingerprint(dossier) != before
    else:
        assert response.status_code in (400, 403)
        assert _fingerprint(dossier) == before
        assert "data-error-summary" in response.content.decode()


def test_the_apology_is_signed_off_by_an_approver_only(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    letter = actions.do_draft_apology(
        dossier,
        acting_user=staff.handler,
        reason="Chờ ý kiến Cục Quản lý Dược.",
        new_due_at=dossier.due_at + timedelta(days=5),
    )
    url = f"/can-bo/ho-so/{dossier.pk}/xin-loi/{letter.pk}/duyet/"
    for user, code in [
        (staff.other_approver, 404),
        (staff.handler, 403),
        (staff.reception, 403),
        (staff.approver, 302),
    ]:
        client.force_login(user)
        assert client.post(url).status_code == code
    letter.refresh_from_db()
    assert letter.status == "approved" and letter.approved_by == staff.approver
    assert timezone.now() < letter.new_due_at
