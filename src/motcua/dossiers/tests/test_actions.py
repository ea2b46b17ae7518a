"""Actions: drafts, submission, notifications, withdrawal, supplements,
the transition check shared with the back office."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent
from motcua.core.models import AuditEntry
from motcua.dossiers import actions
from motcua.dossiers.constants import (
    CITIZEN,
    ApplicantKind,
    AuditEvent,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep, SupplementRequest
from motcua.notifications.models import Message
from motcua.org.constants import Role
from motcua.testing.dossier_factories import make_draft, make_submitted, pdf_file, png_file
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy)


@pytest.fixture
def citizen(personas):
    return personas.citizen


def _request_supplement(dossier, staff, reason="Thiếu bản sao văn bằng."):
    """What the back office will do (next issue), through change_status."""
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        locked.paused_at = timezone.now()
        actions.change_status(
            locked,
            DossierStatus.SUPPLEMENT_REQUESTED,
            acting_user=staff,
            actor=Role.RECEPTION,
            action="request_supplement",
            note=reason,
            update_fields=["paused_at"],
        )
        return SupplementRequest.objects.create(dossier=locked, reason=reason, requested_by=staff)


def test_ensure_transition_follows_the_table():
    assert (
        actions.ensure_transition(
            DossierStatus.DRAFT, DossierStatus.SUBMITTED, actor=CITIZEN
        ).action
        == "submit"
    )
    with pytest.raises(actions.TransitionNotAllowed):
        actions.ensure_transition(DossierStatus.SUBMITTED, DossierStatus.RECEIVED, actor=CITIZEN)
    with pytest.raises(actions.TransitionNotAllowed):
        actions.ensure_transition(
            DossierStatus.RETURNED, DossierStatus.IN_PROGRESS, actor=Role.APPROVER
        )


def test_a_draft_takes_the_rules_in_force_and_the_profile(procedure, citizen):
    citizen.phone = "+84905123456"
    citizen.save()
    dossier = actions.do_create_draft(procedure, acting_user=citizen)
    assert dossier.procedure_version == procedure.current_version
    assert dossier.unit == procedure.unit and dossier.channel == Channel.ONLINE
    assert dossier.applicant_phone == "+84905123456" and dossier.delivery_phone == "+84905123456"
    assert AuditEntry.objects.filter(event=AuditEvent.DRAFT_CREATED).count() == 1


def test_a_returning_organisation_is_prefilled(procedure, citizen):
    make_submitted(
        procedure,
        citizen,
        applicant_kind=ApplicantKind.ORGANISATION,
        organisation_name="Nhà thuốc Hồng Phúc",
        tax_code="4201234567",
    )
    draft = actions.do_create_draft(procedure, acting_user=citizen)
    assert draft.applicant_kind == ApplicantKind.ORGANISATION
    assert draft.tax_code == "4201234567"


def test_offline_and_unpublished_procedures_take_no_draft(org, citizen):
    with pytest.raises(ValidationError):
        actions.do_create_draft(
            ProcedureFactory(unit=org.pharmacy, online=False), acting_user=citizen
        )
    with pytest.raises(ValidationError):
        actions.do_create_draft(
            ProcedureFactory(unit=org.pharmacy, published=False), acting_user=citizen
        )


def test_submission_gives_code_key_history_audit_consent_and_message(procedure, citizen):
    dossier = make_draft(procedure, citizen, complete=True)
    submitted = actions.do_submit_dossier(dossier, acting_user=citizen, token="tok-1")
    assert submitted.status == DossierStatus.SUBMITTED
    assert submitted.code.startswith(f"{procedure.unit.code}-") and submitted.code.endswith("-0001")
    assert len(submitted.lookup_key) == 6
    assert submitted.declared_at and submitted.submitted_at
    step = DossierStep.objects.get(dossier=submitted)
    assert (step.from_status, step.to_status, step.action) == (0, 1, "submit")
    assert AuditEntry.objects.filter(
        event=AuditEvent.STATUS_CHANGED, target_id=str(submitted.pk)
    ).exists()
    assert Consent.objects.current().filter(user=citizen, purpose=ConsentPurpose.TERMS).exists()
    message = Message.objects.get(event="dossier.submitted")
    assert message.recipient == citizen.email
    assert f"/tra-cuu/{submitted.code}/?k={submitted.lookup_key}" in message.body_text
    assert message.body_text.startswith("Kính gửi")


def test_submission_is_idempotent_by_token(procedure, citizen):
    dossier = make_draft(procedure, citizen, complete=True)
    first = actions.do_submit_dossier(dossier, acting_user=citizen, token="same")
    again = actions.do_submit_dossier(dossier, acting_user=citizen, token="same")
    assert first.pk == again.pk and first.code == again.code
    assert Message.objects.filter(event="dossier.submitted").count() == 1
    assert DossierStep.objects.filter(dossier=dossier).count() == 1


def test_a_token_cannot_submit_a_second_dossier(procedure, citizen):
    actions.do_submit_dossier(
        make_draft(procedure, citizen, complete=True), acting_user=citizen, token="t"
    )
    other = make_draft(procedure, citizen, complete=True)
    with pytest.raises(ValidationError):
        actions.do_submit_dossier(other, acting_user=citizen, token="t")
    other.refresh_from_db()
    assert other.status == DossierStatus.DRAFT


def test_missing_documents_are_listed(procedure, citizen):
    dossier = make_draft(procedure, citizen)
    with pytest.raises(actions.MissingDocuments) as exc:
        actions.do_submit_dossier(dossier, acting_user=citizen, token="x")
    assert [d.pk for d in exc.value.missing] == [
        d.pk for d in procedure.current_version.documents.order_by("position")
    ]
    dossier.refresh_from_db()
    assert dossier.code is None


def test_only_the_owner_may_submit_or_attach(procedure, citizen, personas):
    dossier = make_draft(procedure, citizen, complete=True)
    with pytest.raises(PermissionDenied):
        actions.do_submit_dossier(dossier, acting_user=personas.handler, token="x")
    with pytest.raises(PermissionDenied):
        actions.do_attach_file(dossier, acting_user=personas.handler, upload=pdf_file())


def test_files_cannot_be_added_after_submission(procedure, citizen):
    dossier = make_submitted(procedure, citizen)
    with pytest.raises(ValidationError):
        actions.do_attach_file(dossier, acting_user=citizen, upload=pdf_file())


def test_postal_delivery_records_the_fee_of_the_province(procedure, citizen, settings):
    from motcua.core.models import AdministrativeUnit

    other = AdministrativeUnit.objects.current().provinces().exclude(code="56").first()
    ward = other.children.first()
    dossier = make_draft(procedure, citizen)
    saved = actions.do_save_delivery(
        dossier,
        acting_user=citizen,
        delivery_method=DeliveryMethod.POST,
        delivery_name="A",
        delivery_phone="+84905123456",
        delivery_address="1 Trần Phú",
        delivery_province=other,
        delivery_ward=ward,
    )
    assert saved.postal_fee == settings.DOSSIER_POSTAL_FEE_OTHER_PROVINCE_VND
    saved = actions.do_save_delivery(
        saved, acting_user=citizen, delivery_method=DeliveryMethod.COUNTER
    )
    assert saved.postal_fee == 0


def test_post_is_refused_when_the_procedure_does_not_deliver_by_post(org, citizen):
    procedure = ProcedureFactory(unit=org.pharmacy, delivers_by_post=False)
    with pytest.raises(ValidationError):
        actions.do_save_delivery(
            make_draft(procedure, citizen), acting_user=citizen, delivery_method=DeliveryMethod.POST
        )


def test_a_dossier_is_withdrawn_at_once_before_reception(procedure, citizen):
    dossier = make_submitted(procedure, citizen)
    actions.do_withdraw_dossier(dossier, acting_user=citizen, reason="Nộp nhầm thủ tục")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN and dossier.closed_at
    assert Message.objects.filter(event="dossier.withdrawn").exists()
    with pytest.raises(ValidationError):
        actions.do_withdraw_dossier(dossier, acting_user=citizen, reason="lần nữa")


def test_after_reception_withdrawal_is_a_request(procedure, citizen, personas):
    dossier = make_submitted(procedure, citizen)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        actions.change_status(
            locked,
            DossierStatus.RECEIVED,
            acting_user=personas.reception,
            actor=Role.RECEPTION,
            action="receive",
        )
    actions.do_withdraw_dossier(dossier, acting_user=citizen, reason="Không cần nữa")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.withdrawal_requested_at and dossier.withdrawal_reason == "Không cần nữa"
    assert not dossier.citizen_may_withdraw
    assert Message.objects.filter(event="dossier.withdrawal_requested").exists()
    assert Message.objects.filter(event="dossier.received").exists()


def test_a_withdrawal_needs_a_reason(procedure, citizen):
    with pytest.raises(ValidationError):
        actions.do_withdraw_dossier(
            make_submitted(procedure, citizen), acting_user=citizen, reason="  "
        )


def test_supplying_a_supplement_resumes_and_shifts_the_deadline(procedure, citizen, personas):
    dossier = make_submitted(procedure, citizen)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        locked.due_at = timezone.now() + timezone.timedelta(days=10)
        actions.change_status(
            locked,
            DossierStatus.RECEIVED,
            acting_user=personas.reception,
            actor=Role.RECEPTION,
            action="receive",
            update_fields=["due_at"],
        )
    request = _request_supplement(dossier, personas.reception)
    dossier.refresh_from_db()
    due_before = dossier.due_at
    assert dossier.resume_status == DossierStatus.RECEIVED
    assert Message.objects.filter(event="dossier.supplement_requested").exists()
    with pytest.raises(ValidationError):
        actions.do_supply_supplement(request, acting_user=citizen)  # nothing supplied
    actions.do_supply_supplement(
        request, acting_user=citizen, note="Gửi bổ sung", files=[png_file()]
    )
    dossier.refresh_from_db()
    request.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.paused_at is None
    assert dossier.due_at > due_before
    assert request.supplied_at and request.citizen_note == "Gửi bổ sung"
    assert (
        DossierFile.objects.filter(supplement_request=request, kind=FileKind.SUPPLEMENT).count()
        == 1
    )
    assert Message.objects.filter(event="dossier.supplement_supplied").exists()
    assert AuditEntry.objects.filter(event=AuditEvent.SUPPLEMENT_SUPPLIED).exists()


def test_a_counter_dossier_without_account_is_told_on_its_contacts(procedure, citizen, personas):
    dossier = make_submitted(procedure, citizen)
    Dossier.objects.filter(pk=dossier.pk).update(
        applicant_user=None,
        channel=Channel.COUNTER,
        applicant_phone="+84905999888",
        applicant_email="a@b.vn",
    )
    dossier.refresh_from_db()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        actions.change_status(
            locked,
            DossierStatus.REFUSED,
            acting_user=personas.reception,
            actor=Role.RECEPTION,
            action="refuse",
            note="Không thuộc thẩm quyền.",
        )
    sent = Message.objects.filter(event="dossier.refused")
    assert {m.recipient for m in sent} == {"a@b.vn", "+84905999888"}
    assert all(
        "Khong thuoc tham quyen" in m.body_text or "Không thuộc thẩm quyền" in m.body_text
        for m in sent
    )


def test_a_citizen_cannot_receive_their_own_dossier(procedure, citizen):
    dossier = make_submitted(procedure, citizen)
    with pytest.raises(actions.TransitionNotAllowed), transaction.atomic():
        actions.change_status(
            dossier,
            DossierStatus.RECEIVED,
            acting_user=citizen,
            actor=CITIZEN,
            action="receive",
        )


def test_removing_a_draft_file_deletes_it_from_storage(
    procedure, citizen, django_capture_on_commit_callbacks
):
    dossier = make_draft(procedure, citizen)
    record = actions.do_attach_file(dossier, acting_user=citizen, upload=pdf_file())
    storage, name = record.file.storage, record.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_remove_file(record, acting_user=citizen)
    assert not storage.exists(name)
    assert not DossierFile.objects.exists()


def test_stale_drafts_are_deleted(procedure, citizen, settings):
    settings.DOSSIER_DRAFT_RETENTION_DAYS = 30
    kept = make_submitted(procedure, citizen)
    Dossier.objects.filter(pk=kept.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=400)
    )
    old = make_draft(procedure, citizen)
    Dossier.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=31)
    )
    make_draft(ProcedureFactory(unit=procedure.unit), citizen)  # recent: kept
    assert actions.delete_stale_drafts() == 1
    assert not Dossier.objects.filter(pk=old.pk).exists()
    assert Dossier.objects.count() == 2
