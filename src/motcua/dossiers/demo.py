"""Demo dossiers of the demo citizen (congdan@motcua.test), so that
"Hồ sơ của tôi" shows each thing it can: a submitted dossier, one the
one-stop office asked to supplement, and an unfinished draft.

Made through the actions (codes, history, audit log, outbox). Needs the
procedure catalogue's demo (``procedures.demo``, loaded before this app)
and the demo citizen (``org.demo``). Idempotent: nothing is made when the
citizen already has online dossiers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.dossiers import actions
from motcua.dossiers.constants import Channel, DeliveryMethod, DossierStatus
from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.org.constants import Role
from motcua.procedures.models import Procedure

CITIZEN = "congdan@motcua.test"
RECEPTION = "motcua@motcua.test"


def _pdf(name: str) -> SimpleUploadedFile:
    # A small, valid one-page PDF (the upload check reads the content).
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _complete(dossier: Dossier, user: Any, *, post: bool) -> Dossier:
    dossier = actions.do_save_applicant(
        dossier,
        acting_user=user,
        applicant_kind="person",
        applicant_name=user.full_name,
        applicant_id_number=user.id_number or "056090001234",
        applicant_phone=user.phone or "+84905123456",
        applicant_email=user.email,
        applicant_address=user.address_line or "12 Lê Thánh Tôn",
        applicant_province=user.province,
        applicant_ward=user.ward,
    )
    for number, doc in enumerate(actions.required_documents(dossier), start=1):
        actions.do_attach_file(
            dossier, acting_user=user, upload=_pdf(f"giay-to-{number}.pdf"), requirement=doc
        )
    if post and dossier.procedure_version.delivers_by_post and user.ward_id:
        return actions.do_save_delivery(
            dossier,
            acting_user=user,
            delivery_method=DeliveryMethod.POST,
            delivery_name=user.full_name,
            delivery_phone=user.phone or "+84905123456",
            delivery_address=user.address_line or "12 Lê Thánh Tôn",
            delivery_province=user.province,
            delivery_ward=user.ward,
        )
    return actions.do_save_delivery(
        dossier, acting_user=user, delivery_method=DeliveryMethod.COUNTER
    )


def _load_citizen_dossiers(stdout: Any) -> list[tuple[str, str, str]]:
    User = get_user_model()
    user = User.objects.filter(email=CITIZEN).first()
    procedures = list(Procedure.objects.published().online().order_by("code")[:3])
    if user is None or not procedures:
        stdout.write("dossiers: no demo citizen or online procedure, nothing to do")
        return []
    if Dossier.objects.filter(applicant_user=user, channel=Channel.ONLINE).exists():
        return []
    first = procedures[0]
    second = procedures[1] if len(procedures) > 1 else first
    third = procedures[2] if len(procedures) > 2 else first

    submitted = _complete(actions.do_create_draft(first, acting_user=user), user, post=True)
    actions.do_submit_dossier(submitted, acting_user=user, token=f"demo-{submitted.pk}")

    asked = _complete(actions.do_create_draft(second, acting_user=user), user, post=False)
    asked = actions.do_submit_dossier(asked, acting_user=user, token=f"demo-{asked.pk}")
    reception = User.objects.filter(email=RECEPTION).first()
    reason = (
        "Bản sao văn bằng chuyên môn chưa được chứng thực. Đề nghị bổ sung bản sao có chứng "
        "thực hoặc bản chụp kèm bản chính để đối chiếu."
    )
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=asked.pk)
        locked.paused_at = timezone.now()
        actions.change_status(
            locked,
            DossierStatus.SUPPLEMENT_REQUESTED,
            acting_user=reception,
            actor=Role.RECEPTION,
            action="request_supplement",
            note=reason,
            update_fields=["paused_at"],
        )
        SupplementRequest.objects.create(dossier=locked, reason=reason, requested_by=reception)

    # An unfinished dossier to resume from "Hồ sơ của tôi".
    actions.do_create_draft(third, acting_user=user)
    stdout.write("dossiers: demo dossiers of congdan@motcua.test")
    return []


# ====================================================================== back office
HANDLER = "thuly@motcua.test"
APPROVER = "pheduyet@motcua.test"
DEMO_APPLICANTS = [
    ("Lê Thị Cúc", "056190001111", "+84905000111"),
    ("Võ Minh Đức", "056090002222", "+84905000222"),
    ("Đặng Thu Hà", "056190003333", "+84905000333"),
    ("Công ty TNHH Dược phẩm Hòa Bình", "056090004444", "+84905000444"),
    ("Nguyễn Hữu Phước", "056090005555", "+84905000555"),
    ("Trương Thị Mai", "056190006666", "+84905000666"),
    ("Phan Văn Tài", "056090007777", "+84905000777"),
]


def _grant_department_reception(reception: Any) -> None:
    """The Bộ phận Một cửa receives for every room of the Department: its
    officers hold the reception role at the Department (SYT), which covers
    the subtree (Văn phòng, Nghiệp vụ Dược, Nghiệp vụ Y…), not only in the
    Văn phòng where they sit."""
    from motcua.org.actions import do_grant_role
    from motcua.org.models import Unit
    from motcua.org.selectors import has_role

    department = Unit.objects.filter(code="SYT").first()
    if department is not None and not has_role(reception, [Role.RECEPTION], department):
        do_grant_role(
            reception,
            department,
            Role.RECEPTION,
            acting_user=None,
            title="Cán bộ Bộ phận Một cửa Sở Y tế",
        )


def _load_back_office(stdout: Any) -> list[tuple[str, str, str]]:
    """Counter dossiers in every stage of the back office (received,
    assigned, awaiting approval, result to return, returned, supplement requested) and a
    late one with an approved apology letter (Mẫu 04), all through the
    actions. Needs the demo reception officer, handler and approver;
    idempotent (nothing is made once the demo intake exists)."""
    from datetime import timedelta

    from motcua.dossiers.models import DossierStep
    from motcua.org.selectors import has_role

    User = get_user_model()
    reception = User.objects.filter(email=RECEPTION).first()
    handler = User.objects.filter(email=HANDLER).first()
    approver = User.objects.filter(email=APPROVER).first()
    if reception is None or handler is None or approver is None:
        return []
    _grant_department_reception(reception)
    procedures = [
        p
        for p in Procedure.objects.published().select_related("unit").order_by("code")
        if has_role(handler, [Role.HANDLER], p.unit)
        and has_role(reception, [Role.RECEPTION], p.unit)
    ]
    if not procedures:
        return []
    if DossierStep.objects.filter(action="intake", actor=reception).exists():
        return []

    def intake(n: int) -> Dossier:
        name, id_number, phone = DEMO_APPLICANTS[n]
        organisation = name.startswith("Công ty")
        return actions.do_intake_dossier(
            procedures[n % len(procedures)],
            acting_user=reception,
            channel=Channel.POST if n == 5 else Channel.COUNTER,
            applicant={
                "applicant_kind": "organisation" if organisation else "person",
                "applicant_name": "Hoàng Văn Nam" if organisation else name,
                "organisation_name": name if organisation else "",
                "tax_code": "4201234567" if organisation else "",
                "applicant_id_number": id_number,
                "applicant_phone": phone,
                "applicant_address": "25 Yersin, Nha Trang",
            },
            postal_tracking_in="RR123456785VN" if n == 5 else "",
            scans=[_pdf("ho-so-scan.pdf")],
        )

    def assign(d: Dossier) -> Dossier:
        return actions.do_assign_dossier(d, acting_user=reception, handler=handler)

    def forward(d: Dossier) -> Dossier:
        return actions.do_forward_for_approval(
            d, acting_user=handler, approver=approver, files=[_pdf("ket-qua-giai-quyet.pdf")]
        )

    intake(0)  # received, waiting for a handler
    assign(intake(1))  # with the handler
    forward(assign(intake(2)))  # awaiting approval
    resolved = actions.do_approve_dossier(forward(assign(intake(3))), acting_user=approver)
    returned = actions.do_approve_dossier(forward(assign(intake(4))), acting_user=approver)
    actions.do_return_result(
        returned,
        acting_user=reception,
        recipient_name="Hoàng Văn Nam",
        recipient_id_number="056090004444",
    )
    # Received by post; the handler asks for a supplement (clock paused).
    actions.do_request_supplement(
        assign(intake(5)),
        acting_user=handler,
        reason="Thiếu bản sao có chứng thực Giấy chứng nhận đăng ký doanh nghiệp.",
    )
    # Late: received weeks ago, still in progress; the apology is approved.
    late = assign(intake(6))
    past = timezone.now() - timedelta(days=30)
    Dossier.objects.filter(pk=late.pk).update(
        submitted_at=past, received_at=past, due_at=timezone.now() - timedelta(days=2)
    )
    # Its history happened then too (the control sheet, Mẫu 06, reads it).
    DossierStep.objects.filter(dossier_id=late.pk).update(created_at=past)
    late = Dossier.objects.get(pk=late.pk)
    letter = actions.do_draft_apology(
        late,
        acting_user=handler,
        reason=(
            "Hồ sơ cần lấy ý kiến thẩm định của Cục Quản lý Dược, Bộ Y tế; "
            "Sở đã có văn bản đề nghị và đang chờ trả lời."
        ),
        new_due_at=timezone.now() + timedelta(days=7),
    )
    actions.do_approve_apology(letter, acting_user=approver)
    _citizen_late_dossier(reception, handler, approver)
    stdout.write(
        f"dossiers: back-office demo ({resolved.code} has its result ready, {late.code} is late "
        "with an approved apology)"
    )
    return []


def _citizen_late_dossier(reception: Any, handler: Any, approver: Any) -> None:
    """A dossier of the demo citizen that is late, with the approved
    apology letter they see in "Hồ sơ của tôi" (and by e-mail)."""
    from datetime import timedelta

    from motcua.dossiers.models import DossierStep
    from motcua.org.selectors import has_role

    user = get_user_model().objects.filter(email=CITIZEN).first()
    online = [
        p
        for p in Procedure.objects.published().online().select_related("unit").order_by("-code")
        if has_role(handler, [Role.HANDLER], p.unit)
    ]
    if user is None or not online:
        return
    dossier = _complete(actions.do_create_draft(online[0], acting_user=user), user, post=False)
    dossier = actions.do_submit_dossier(dossier, acting_user=user, token=f"demo-late-{dossier.pk}")
    dossier = actions.do_receive_dossier(dossier, acting_user=reception)
    dossier = actions.do_assign_dossier(dossier, acting_user=reception, handler=handler)
    past = timezone.now() - timedelta(days=25)
    Dossier.objects.filter(pk=dossier.pk).update(
        submitted_at=past, received_at=past, due_at=timezone.now() - timedelta(days=1)
    )
    DossierStep.objects.filter(dossier_id=dossier.pk).update(created_at=past)
    letter = actions.do_draft_apology(
        Dossier.objects.get(pk=dossier.pk),
        acting_user=handler,
        reason=(
            "Cơ sở đề nghị cấp giấy chứng nhận chưa bố trí được thời gian để Đoàn thẩm định "
            "kiểm tra thực tế theo lịch đã thông báo."
        ),
        new_due_at=timezone.now() + timedelta(days=5),
    )
    actions.do_approve_apology(letter, acting_user=approver)


def load(stdout: Any) -> list[tuple[str, str, str]]:
    """The citizen's dossiers, then the back office's."""
    rows = _load_citizen_dossiers(stdout)
    rows += _load_back_office(stdout)
    return rows
