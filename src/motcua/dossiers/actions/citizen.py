"""The citizen's writes: the online form (draft, applicant, files, delivery,
submission), and the later moves (supplement, withdrawal). Shared helpers
are in ``actions.common``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.actions import do_give_consent
from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.core.audit import record_audit
from motcua.core.calendar import add_working_hours, working_hours_between
from motcua.core.search import index_text
from motcua.core.text import clean_text
from motcua.dossiers import codes
from motcua.dossiers.actions.common import (
    _delete_files_on_commit,
    _ensure_draft,
    _ensure_owner,
    _lock,
    change_status,
    do_attach_file,
    incomplete_steps,
    missing_documents,
    notify_applicant,
    postal_fee_for,
)
from motcua.dossiers.constants import (
    CITIZEN,
    CITIZEN_WITHDRAWS_ALONE,
    WITHDRAWAL_REQUEST_STATES,
    ApplicantKind,
    AuditEvent,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep, SupplementRequest
from motcua.notifications.constants import Event
from motcua.procedures.constants import DeadlineUnit

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.procedures.models import Procedure, RequiredDocument

logger = logging.getLogger(__name__)


# The wizard's steps, in order (``Dossier.draft_step`` is the last saved).
WIZARD_STEPS = ("applicant", "documents", "delivery", "review")

APPLICANT_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "organisation_name",
    "tax_code",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "applicant_province",
    "applicant_ward",
)
DELIVERY_FIELDS = (
    "delivery_method",
    "delivery_name",
    "delivery_phone",
    "delivery_address",
    "delivery_province",
    "delivery_ward",
)


class MissingDocuments(ValidationError):
    """Submission refused: required documents have no file. ``missing``
    lists them, so the page can link to each slot."""

    def __init__(self, missing: list[RequiredDocument]) -> None:
        self.missing = missing
        super().__init__(
            [
                ValidationError(
                    _("Attach “%(name)s”.") % {"name": doc.name}, code="missing_document"
                )
                for doc in missing
            ]
        )


# =============================================================== the form
@transaction.atomic
def do_create_draft(procedure: Procedure, *, acting_user: User) -> Dossier:
    """Start an online dossier for ``procedure`` under the rules in force
    today, prefilled from the citizen's profile (and, for an organisation,
    from their last dossier). A draft never touched since it was started
    is given back instead of a second one (a double click on "Start")."""
    from motcua.accounts.models import User

    if not acting_user.is_authenticated:
        raise PermissionDenied(_("Sign in to submit a dossier online."))
    if not procedure.accepts_online:
        raise ValidationError(_("This procedure cannot be submitted online."), code="not_online")
    version = procedure.version_at(timezone.localdate())
    if version is None:
        raise ValidationError(
            _("The rules of this procedure are not published yet."), code="no_version"
        )
    # Serialise "start" per citizen: the check for an untouched draft and
    # the insert must not interleave.
    user = User.objects.select_for_update().get(pk=acting_user.pk)
    untouched = (
        Dossier.objects.drafts()
        .filter(applicant_user=user, procedure=procedure, procedure_version=version, draft_step="")
        .order_by("-pk")
        .first()
    )
    if untouched is not None:
        return untouched
    previous = (
        Dossier.objects.submitted()
        .filter(applicant_user=user, applicant_kind=ApplicantKind.ORGANISATION)
        .order_by("-submitted_at")
        .values("organisation_name", "tax_code")
        .first()
    )
    last_org: dict[str, Any] = dict(previous) if previous else {}
    dossier = Dossier.objects.create(
        status=DossierStatus.DRAFT,
        channel=Channel.ONLINE,
        procedure=procedure,
        procedure_version=version,
        procedure_name=procedure.name,
        unit_id=procedure.unit_id,
        applicant_user=user,
        applicant_kind=ApplicantKind.ORGANISATION if last_org else ApplicantKind.PERSON,
        applicant_name=user.full_name,
        applicant_id_number=user.id_number,
        organisation_name=last_org.get("organisation_name", ""),
        tax_code=last_org.get("tax_code", ""),
        applicant_phone=user.phone,
        applicant_email=user.email,
        applicant_address=user.address_line,
        applicant_province_id=user.province_id,
        applicant_ward_id=user.ward_id,
        delivery_method=DeliveryMethod.COUNTER,
        delivery_name=user.full_name,
        delivery_phone=user.phone,
        delivery_address=user.address_line,
        delivery_province_id=user.province_id,
        delivery_ward_id=user.ward_id,
    )
    record_audit(
        dossier,
        user,
        AuditEvent.DRAFT_CREATED,
        new={"procedure": procedure.code, "version": version.pk},
    )
    return dossier


def _clean_value(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def _save_draft_fields(
    dossier: Dossier,
    allowed: Sequence[str],
    fields: dict[str, Any],
    *,
    acting_user: User,
    step: str,
    extra: dict[str, Any] | None = None,
) -> Dossier:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    locked = _lock(dossier)
    _ensure_owner(locked, acting_user)
    _ensure_draft(locked)
    values = {name: _clean_value(v) for name, v in fields.items()} | (extra or {})
    changed = []
    for name, value in values.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    # The resume point only moves forward (going back to fix step 1 keeps it).
    reached = WIZARD_STEPS.index(locked.draft_step) if locked.draft_step in WIZARD_STEPS else -1
    if WIZARD_STEPS.index(step) > reached:
        locked.draft_step = step
        changed.append("draft_step")
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        # Names of the fields only: the values are personal data.
        record_audit(locked, acting_user, AuditEvent.DRAFT_CHANGED, new={"fields": changed})
    return locked


@transaction.atomic
def do_save_applicant(dossier: Dossier, *, acting_user: User, **fields: Any) -> Dossier:
    """Save the applicant step (fields cleaned by ``ApplicantForm``). A
    person's dossier keeps no organisation data."""
    if fields.get("applicant_kind") == ApplicantKind.PERSON:
        fields["organisation_name"] = ""
        fields["tax_code"] = ""
    return _save_draft_fields(
        dossier, APPLICANT_FIELDS, fields, acting_user=acting_user, step="applicant"
    )


@transaction.atomic
def do_save_delivery(dossier: Dossier, *, acting_user: User, **fields: Any) -> Dossier:
    """Save how the result is delivered. By post, the fee for the chosen
    province (``postal_fee_for``) is recorded; at the counter it is 0."""
    method = fields.get("delivery_method", DeliveryMethod.COUNTER)
    version = dossier.procedure_version
    if method == DeliveryMethod.POST and not version.delivers_by_post:
        raise ValidationError(
            _("The result of this procedure cannot be delivered by post."), code="no_post"
        )
    if method == DeliveryMethod.COUNTER and not version.delivers_at_counter:
        raise ValidationError(
            _("The result of this procedure is not handed over at the counter."),
            code="no_counter",
        )
    fee = 0
    if method == DeliveryMethod.POST:
        needed = ("delivery_name", "delivery_phone", "delivery_address", "delivery_ward")
        if any(not fields.get(name) for name in needed):
            raise ValidationError(
                _("Complete the postal delivery address."), code="incomplete_address"
            )
        fee = postal_fee_for(fields.get("delivery_province"))
    return _save_draft_fields(
        dossier,
        DELIVERY_FIELDS,
        fields,
        acting_user=acting_user,
        step="delivery",
        extra={"postal_fee": fee},
    )


@transaction.atomic
def do_mark_documents_step(dossier: Dossier, *, acting_user: User) -> Dossier:
    """Record that the citizen went past the documents step (resume point)."""
    return _save_draft_fields(dossier, (), {}, acting_user=acting_user, step="documents")


@transaction.atomic
def do_remove_file(file: DossierFile, *, acting_user: User) -> None:
    """Remove a file the citizen attached to a draft, or to a supplement
    not yet sent. The stored file goes once the removal is committed."""
    file = DossierFile.objects.select_related("supplement_request").get(pk=file.pk)
    dossier = _lock(file.dossier)
    _ensure_owner(dossier, acting_user)
    if file.kind == FileKind.SUBMITTED:
        _ensure_draft(dossier)
    elif file.kind == FileKind.SUPPLEMENT:
        if file.supplement_request is None or not file.supplement_request.is_open:
            raise ValidationError(
                _("A supplement already sent cannot be changed."), code="supplement_sent"
            )
    else:
        raise PermissionDenied(_("You may not remove this file."))
    record_audit(
        dossier,
        acting_user,
        AuditEvent.FILE_REMOVED,
        old={"file": file.pk, "kind": file.kind, "name": file.original_name},
    )
    name, storage = str(file.file.name), file.file.storage
    file.delete()
    _delete_files_on_commit([name], storage)


def do_submit_dossier(
    dossier: Dossier,
    *,
    acting_user: User,
    token: str,
    consent_channel: str = ConsentChannel.WEB,
) -> Dossier:
    """Send the draft: check that it is complete, give it its code and
    lookup key, move it to "submitted", record the declaration and the
    consent to processing, and queue the message with the code and key.

    Idempotent by ``token`` (one per rendering of the review page): a
    double click or a retried request gets the dossier submitted the first
    time, and never a second code. Raises ``MissingDocuments`` or
    ``ValidationError`` (incomplete steps) without changing anything."""
    token = (token or "").strip()[:64]
    if not token:
        raise ValidationError(_("The form has expired; please submit again."), code="no_token")
    with transaction.atomic():
        locked = _lock(dossier)
        _ensure_owner(locked, acting_user)
        if locked.status != DossierStatus.DRAFT:
            # Submitted already (the first of two clicks, or another tab).
            return locked
        earlier = Dossier.objects.filter(submission_token=token).exclude(pk=locked.pk).first()
        if earlier is not None:
            raise ValidationError(_("The form has expired; please submit again."), code="reused")
        if not locked.procedure.accepts_online:
            raise ValidationError(
                _("This procedure can no longer be submitted online."), code="not_online"
            )
        missing = missing_documents(locked)
        if missing:
            raise MissingDocuments(missing)
        problems = incomplete_steps(locked)
        if problems:
            raise ValidationError(
                [message for messages in problems.values() for message in messages],
                code="incomplete",
            )
        now = timezone.now()
        locked.code = codes.next_code(locked.unit.code, now)
        locked.lookup_key = codes.new_lookup_key()
        locked.submission_token = token
        locked.declared_at = now
        locked.submitted_at = now
        locked.draft_step = ""
        locked.search_text = index_text(
            locked.code,
            locked.procedure_name,
            locked.applicant_name,
            locked.organisation_name,
            locked.tax_code,
        )
        change_status(
            locked,
            DossierStatus.SUBMITTED,
            acting_user=acting_user,
            actor=CITIZEN,
            action="submit",
            event=Event.DOSSIER_SUBMITTED,
            update_fields=[
                "code",
                "lookup_key",
                "submission_token",
                "declared_at",
                "submitted_at",
                "draft_step",
                "search_text",
            ],
        )
        # Luật 91/2025, Điều 9: the consent ticked on the review page. The
        # account row is locked first so that two first submissions of one
        # citizen at once do not both insert the consent.
        from motcua.accounts.models import User

        User.objects.select_for_update().filter(pk=acting_user.pk).first()
        do_give_consent(acting_user, ConsentPurpose.TERMS, channel=consent_channel)  # type: ignore[arg-type]
        # A procedure paid before reception: the fee is asked for in the same
        # transaction (never a submitted dossier without its charge); the
        # dossier waits in state 6 and resumes to "submitted" once paid.
        # Local import: payments depends on dossiers.
        from motcua.payments.actions import request_payment_on_submission

        if request_payment_on_submission(locked) is not None:
            locked.refresh_from_db()
        return locked


@transaction.atomic
def do_delete_draft(dossier: Dossier, *, acting_user: User) -> None:
    """Delete an unsent draft and its files (personal data is not kept
    for nothing)."""
    locked = _lock(dossier)
    _ensure_owner(locked, acting_user)
    _ensure_draft(locked)
    _delete_draft(locked, acting_user)


def _delete_draft(dossier: Dossier, acting_user: User | None) -> None:
    files = list(dossier.files.all())
    record_audit(
        dossier,
        acting_user,
        AuditEvent.DRAFT_DELETED,
        old={"procedure": dossier.procedure_id, "files": len(files)},
    )
    if files:
        _delete_files_on_commit([str(f.file.name) for f in files], files[0].file.storage)
    dossier.files.all().delete()
    dossier.delete()


def delete_stale_drafts(now: datetime | None = None) -> int:
    """Delete drafts untouched for ``DOSSIER_DRAFT_RETENTION_DAYS``."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DOSSIER_DRAFT_RETENTION_DAYS)
    count = 0
    for pk in Dossier.objects.drafts().filter(updated_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().filter(pk=pk).first()
            if dossier is None or not dossier.is_draft or dossier.updated_at >= cutoff:
                continue
            _delete_draft(dossier, None)
            count += 1
    return count


# =============================================================== afterwards
@transaction.atomic
def do_withdraw_dossier(dossier: Dossier, *, acting_user: User, reason: str) -> Dossier:
    """The citizen withdraws a dossier. Before reception it is withdrawn at
    once; afterwards the request is recorded (``withdrawal_requested_at``)
    and the one-stop office decides (NĐ 118/2025: rút hồ sơ theo yêu cầu)."""
    reason = clean_text(reason or "")
    if not reason:
        raise ValidationError(_("Say why you withdraw the dossier."), code="no_reason")
    locked = _lock(dossier)
    _ensure_owner(locked, acting_user)
    now = timezone.now()
    if locked.status in CITIZEN_WITHDRAWS_ALONE:
        locked.withdrawal_requested_at = now
        locked.withdrawal_reason = reason
        change_status(
            locked,
            DossierStatus.WITHDRAWN,
            acting_user=acting_user,
            actor=CITIZEN,
            action="withdraw",
            note=reason,
            update_fields=["withdrawal_requested_at", "withdrawal_reason"],
        )
        return locked
    if locked.status in WITHDRAWAL_REQUEST_STATES and locked.withdrawal_requested_at is None:
        locked.withdrawal_requested_at = now
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawal_requested_at", "withdrawal_reason", "updated_at"])
        step = DossierStep.objects.create(
            dossier=locked,
            action="request_withdrawal",
            from_status=locked.status,
            to_status=locked.status,
            actor=acting_user,
            note=reason,
            is_public=True,
            created_at=now,
        )
        record_audit(locked, acting_user, AuditEvent.WITHDRAWAL_REQUESTED, new={"reason": reason})
        notify_applicant(
            locked,
            Event.DOSSIER_WITHDRAWAL_REQUESTED,
            {"reason": reason},
            key=f"dossier:{locked.pk}:step:{step.pk}",
        )
        return locked
    raise ValidationError(_("This dossier can no longer be withdrawn."), code="too_late")


def _due_after_pause(dossier: Dossier, resumed_at: datetime) -> datetime:
    """The due instant once the clock restarts (DESIGN.md §4: it stands still
    while a supplement is awaited). Calendar-day deadlines move by the time
    that passed; working-day and working-hour deadlines by the working hours
    that passed, so a pause over a weekend or Tết costs the office nothing."""
    assert dossier.due_at is not None and dossier.paused_at is not None
    if dossier.procedure_version.deadline_unit == DeadlineUnit.DAYS:
        return dossier.due_at + (resumed_at - dossier.paused_at)
    hours = working_hours_between(dossier.paused_at, resumed_at)
    return add_working_hours(dossier.due_at, hours) if hours else dossier.due_at


def do_supply_supplement(
    supplement_request: SupplementRequest,
    *,
    acting_user: User,
    note: str = "",
    files: Sequence[UploadedFile] = (),
) -> SupplementRequest:
    """Send the supplement: ``files`` are attached (each checked; a bad one
    raises before anything is sent, and files attached before stay), then
    the request is closed, the dossier goes back to the state it was in
    (``resume_status``) and the deadline clock runs again, shifted by the
    time it was paused."""
    dossier = supplement_request.dossier
    for upload in files:
        do_attach_file(
            dossier,
            acting_user=acting_user,
            upload=upload,
            kind=FileKind.SUPPLEMENT,
            supplement_request=supplement_request,
        )
    note = clean_text(note or "")
    with transaction.atomic():
        locked = _lock(dossier)
        request = SupplementRequest.objects.select_for_update().get(pk=supplement_request.pk)
        _ensure_owner(locked, acting_user)
        if not request.is_open or locked.status != DossierStatus.SUPPLEMENT_REQUESTED:
            raise ValidationError(
                _("No supplement is requested for this dossier at the moment."),
                code="no_open_request",
            )
        if not note and not request.files.exists():
            raise ValidationError(
                _("Attach the requested documents or write what you supply."), code="empty"
            )
        now = timezone.now()
        request.supplied_at = now
        request.citizen_note = note
        request.save(update_fields=["supplied_at", "citizen_note"])
        fields = ["resume_status", "paused_at"]
        if locked.paused_at is not None and locked.due_at is not None:
            locked.due_at = _due_after_pause(locked, now)
            fields.append("due_at")
        target = locked.resume_status or DossierStatus.SUBMITTED
        locked.resume_status = None
        locked.paused_at = None
        change_status(
            locked,
            target,
            acting_user=acting_user,
            actor=CITIZEN,
            action="supply",
            note=note,
            event=Event.DOSSIER_SUPPLEMENT_SUPPLIED,
            update_fields=fields,
        )
        record_audit(
            request,
            acting_user,
            AuditEvent.SUPPLEMENT_SUPPLIED,
            new={"dossier": locked.pk, "files": request.files.count()},
        )
        return request
