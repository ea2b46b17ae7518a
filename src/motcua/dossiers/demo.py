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


def load(stdout: Any) -> list[tuple[str, str, str]]:
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
