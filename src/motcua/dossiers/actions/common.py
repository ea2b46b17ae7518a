"""Shared helpers of the dossiers' writes: the transition check, the one
internal step every change of state goes through (``change_status``), the
applicant's messages, and file attachment (used by the citizen's form and by
the back office for scans and results).

Order in every action (STYLE.md): lock the row, check, save with
``update_fields``, write the audit entry, queue notifications (the outbox
row is written in the same transaction and delivered after commit).
Files are written to storage *before* the transaction that records them
and removed from storage only after the commit that forgets them, so a
rolled-back change never leaves a row without its file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.dossiers.constants import (
    ApplicantKind,
    AuditEvent,
    DeliveryMethod,
    DossierStatus,
    FileKind,
    Transition,
    transition_for,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep, SupplementRequest
from motcua.dossiers.uploads import check_upload, ensure_fits
from motcua.notifications.actions import notify_user, queue_message
from motcua.notifications.constants import Channel as MessageChannel
from motcua.notifications.constants import Event

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.core.models import AdministrativeUnit
    from motcua.org.models import Unit
    from motcua.procedures.models import RequiredDocument

logger = logging.getLogger(__name__)


# The message the citizen gets when a dossier reaches a state, unless the
# caller names another (``event=``) or none (``event=""``). Returning to a
# state after a supplement or a payment is acknowledged by its own event.
STATUS_EVENTS: dict[int, str] = {
    DossierStatus.SUBMITTED: Event.DOSSIER_SUBMITTED,
    DossierStatus.RECEIVED: Event.DOSSIER_RECEIVED,
    DossierStatus.REFUSED: Event.DOSSIER_REFUSED,
    DossierStatus.SUPPLEMENT_REQUESTED: Event.DOSSIER_SUPPLEMENT_REQUESTED,
    DossierStatus.PAYMENT_REQUESTED: Event.DOSSIER_PAYMENT_REQUESTED,
    DossierStatus.WITHDRAWN: Event.DOSSIER_WITHDRAWN,
    DossierStatus.STOPPED: Event.DOSSIER_STOPPED,
    DossierStatus.RESOLVED: Event.DOSSIER_RESULT_READY,
}
SILENT_ACTIONS = frozenset({"supply", "payment_settled"})


class TransitionNotAllowed(ValidationError):
    """The transition table (``constants.TRANSITIONS``) forbids this move
    for this actor."""


# =============================================================== helpers
def ensure_transition(old: int, new: int, *, actor: str) -> Transition:
    """The allowed transition from ``old`` to ``new`` for ``actor`` (a role,
    ``CITIZEN`` or ``SYSTEM``); raises ``TransitionNotAllowed`` otherwise."""
    transition = transition_for(old, new)
    if transition is None or actor not in transition.actors:
        raise TransitionNotAllowed(
            _("A dossier cannot go from “%(old)s” to “%(new)s”.")
            % {"old": DossierStatus(old).label, "new": DossierStatus(new).label},
            code="transition_not_allowed",
        )
    return transition


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _ensure_owner(dossier: Dossier, user: User | None) -> None:
    if user is None or not user.is_authenticated or dossier.applicant_user_id != user.pk:
        raise PermissionDenied(_("This is not your dossier."))


def _ensure_draft(dossier: Dossier) -> None:
    if dossier.status != DossierStatus.DRAFT:
        raise ValidationError(
            _("This dossier has already been submitted and can no longer be changed."),
            code="not_draft",
        )


def _fmt_date(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _fmt_datetime(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def lookup_url(dossier: Dossier) -> str:
    """``SITE_URL/tra-cuu/<code>/?k=<key>`` (the QR target)."""
    from motcua.dossiers.selectors import lookup_url as _lookup_url

    return _lookup_url(dossier)


def message_context(dossier: Dossier, **extra: Any) -> dict[str, Any]:
    """What dossier messages may use (``notifications.constants``: the
    dossier sample). JSON-serialisable: dates are formatted already."""
    context: dict[str, Any] = {
        "full_name": dossier.applicant_display or dossier.applicant_name,
        "code": dossier.code or "",
        "key": dossier.lookup_key,
        "procedure": dossier.procedure_name,
        "unit": dossier.unit.name,
        "due_date": _fmt_date(dossier.due_at),
        "submitted_at": _fmt_datetime(dossier.submitted_at),
        "lookup_url": lookup_url(dossier) if dossier.code else "",
        "hotline": settings.MOTCUA_SITE["hotline"],
        "status": str(DossierStatus(dossier.status).label),
    }
    context.update(extra)
    return context


def notify_applicant(
    dossier: Dossier, event: str, context: dict[str, Any] | None = None, *, key: str
) -> int:
    """Queue ``event`` to the applicant (inside the caller's transaction).

    An online applicant is reached through their account (verified
    contacts, their preferences); if that reaches nobody, or the dossier
    came without an account (counter, post, portal), the e-mail and phone
    written in the dossier are used. Returns the number of messages."""
    ctx = message_context(dossier, **(context or {}))
    messages = []
    if dossier.applicant_user is not None:
        messages = notify_user(
            dossier.applicant_user, event, ctx, related=dossier, unit=dossier.unit, key=key
        )
    if not messages:
        contacts = [
            (MessageChannel.EMAIL, dossier.applicant_email),
            (MessageChannel.SMS, dossier.applicant_phone),
        ]
        for channel, address in contacts:
            if address:
                messages.append(
                    queue_message(
                        channel,
                        address,
                        event,
                        ctx,
                        related=dossier,
                        unit=dossier.unit,
                        idempotency_key=f"{key}:{channel}",
                    )
                )
    return len(messages)


# A dossier ending without a result owes nothing more: its open fee is
# cancelled in the same transaction (payments), whoever ends it.
CLOSED_WITHOUT_RESULT = (DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED)
_CLOSING_REASONS: dict[int, str] = {
    DossierStatus.REFUSED: "Hồ sơ không được tiếp nhận",
    DossierStatus.WITHDRAWN: "Hồ sơ đã được rút",
    DossierStatus.STOPPED: "Hồ sơ bị dừng giải quyết",
}


def _cancel_open_charge(dossier: Dossier, acting_user: User | None, new: int, note: str) -> None:
    """Cancel the dossier's open charge, if any, with its pending payments
    (``payments.actions.cancel_charge_on_close``; a late capture of one of
    them is then flagged for refund, never credited). Local import:
    payments depends on dossiers."""
    from motcua.payments.actions import cancel_charge_on_close

    reason = _CLOSING_REASONS.get(new, "")
    if note:
        reason = f"{reason}: {note}" if reason else note
    cancel_charge_on_close(dossier, acting_user=acting_user, reason=reason)


def change_status(
    dossier: Dossier,
    new: int,
    *,
    acting_user: User | None,
    actor: str,
    action: str,
    note: str = "",
    is_public: bool = True,
    event: str | None = None,
    context: dict[str, Any] | None = None,
    actor_unit: Unit | None = None,
    update_fields: Iterable[str] = (),
) -> DossierStep:
    """Move ``dossier`` (already locked by the caller, inside its
    transaction) to ``new``: check the transition table, stamp the state's
    time, save, record the history step (Mẫu 06) and the audit entry, and
    queue the citizen's message.

    ``event``: ``None`` sends the default message of the new state
    (``STATUS_EVENTS``), ``""`` sends nothing. ``update_fields``: other
    fields the caller changed on ``dossier`` to save with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("change_status() must run inside the action's transaction")
    old = dossier.status
    ensure_transition(old, new, actor=actor)
    now = timezone.now()
    fields = set(update_fields) | {"status", "updated_at"}
    dossier.status = new
    if new == DossierStatus.SUBMITTED and dossier.submitted_at is None:
        dossier.submitted_at = now
        fields.add("submitted_at")
    elif new == DossierStatus.RECEIVED and dossier.received_at is None:
        dossier.received_at = now
        fields.add("received_at")
    elif new == DossierStatus.RESOLVED:
        dossier.resolved_at = now
        fields.add("resolved_at")
    elif new == DossierStatus.RETURNED:
        dossier.returned_at = now
        fields.add("returned_at")
    if new in (DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED):
        dossier.closed_at = now
        fields.add("closed_at")
    if new in (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.PAYMENT_REQUESTED):
        # Where to go back to once supplied or paid.
        dossier.resume_status = old
        fields.add("resume_status")
    if note and new in (DossierStatus.REFUSED, DossierStatus.STOPPED):
        dossier.status_note = note
        fields.add("status_note")
    dossier.save(update_fields=sorted(fields))
    if new in CLOSED_WITHOUT_RESULT:
        _cancel_open_charge(dossier, acting_user, new, note)
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    step = DossierStep.objects.create(
        dossier=dossier,
        action=action,
        from_status=old,
        to_status=new,
        actor=user,
        actor_unit=actor_unit,
        note=note,
        is_public=is_public,
        created_at=now,
    )
    record_audit(
        dossier,
        acting_user,
        AuditEvent.STATUS_CHANGED,
        old={"status": old},
        new={"status": new, "action": action},
    )
    if event is None:
        event = "" if action in SILENT_ACTIONS else STATUS_EVENTS.get(new, "")
    if event:
        extra = {"reason": note, **(context or {})}
        notify_applicant(dossier, event, extra, key=f"dossier:{dossier.pk}:step:{step.pk}")
    return step


def postal_fee_for(province: AdministrativeUnit | None) -> int:
    """The postal fee (VND) for delivering the result to ``province``."""
    if province is None:
        return settings.DOSSIER_POSTAL_FEE_VND
    if province.code == settings.DOSSIER_HOME_PROVINCE_CODE:
        return settings.DOSSIER_POSTAL_FEE_VND
    return settings.DOSSIER_POSTAL_FEE_OTHER_PROVINCE_VND


def stored_bytes(dossier: Dossier) -> int:
    """Size of the dossier's current files (the per-dossier limit)."""
    total = DossierFile.objects.current().filter(dossier=dossier).aggregate(s=Sum("size"))["s"]
    return int(total or 0)


def required_documents(dossier: Dossier) -> list[RequiredDocument]:
    return list(dossier.procedure_version.documents.order_by("position", "pk"))


def missing_documents(dossier: Dossier) -> list[RequiredDocument]:
    """Required documents of the dossier's rules that have no current file."""
    have = set(
        DossierFile.objects.current()
        .filter(dossier=dossier, kind=FileKind.SUBMITTED, requirement__isnull=False)
        .values_list("requirement_id", flat=True)
    )
    return [d for d in required_documents(dossier) if d.is_required and d.pk not in have]


def incomplete_steps(dossier: Dossier) -> dict[str, list[str]]:
    """What the applicant and delivery steps still need, by step."""
    problems: dict[str, list[str]] = {}
    applicant = []
    if not dossier.applicant_name:
        applicant.append(_("Enter the applicant's full name."))
    if dossier.applicant_kind == ApplicantKind.PERSON and not dossier.applicant_id_number:
        applicant.append(_("Enter the applicant's citizen ID number (CCCD)."))
    if dossier.applicant_kind == ApplicantKind.ORGANISATION and not (
        dossier.organisation_name and dossier.tax_code
    ):
        applicant.append(_("Enter the organisation's name and tax code."))
    if not dossier.applicant_phone:
        applicant.append(_("Enter a phone number."))
    if applicant:
        problems["applicant"] = applicant
    if dossier.delivery_method == DeliveryMethod.POST and not (
        dossier.delivery_name
        and dossier.delivery_phone
        and dossier.delivery_address
        and dossier.delivery_ward_id
    ):
        problems["delivery"] = [_("Complete the postal delivery address.")]
    return problems


def _ensure_may_attach(
    dossier: Dossier,
    user: User,
    kind: str,
    supplement_request: SupplementRequest | None,
) -> None:
    if kind == FileKind.SUBMITTED:
        _ensure_owner(dossier, user)
        _ensure_draft(dossier)
    elif kind == FileKind.SUPPLEMENT:
        _ensure_owner(dossier, user)
        if (
            supplement_request is None
            or supplement_request.dossier_id != dossier.pk
            or not supplement_request.is_open
            or dossier.status != DossierStatus.SUPPLEMENT_REQUESTED
        ):
            raise ValidationError(
                _("No supplement is requested for this dossier at the moment."),
                code="no_open_request",
            )
    else:
        # Results and scans are the back office's: staff of the handling unit.
        if not Dossier.objects.visible_to(user).filter(pk=dossier.pk).exists():
            raise PermissionDenied(_("You may not add files to this dossier."))


def do_attach_file(
    dossier: Dossier,
    *,
    acting_user: User,
    upload: UploadedFile,
    requirement: RequiredDocument | None = None,
    kind: str = FileKind.SUBMITTED,
    supplement_request: SupplementRequest | None = None,
) -> DossierFile:
    """Check ``upload`` (size, dossier total, real type) and attach it.
    Raises ``ValidationError`` with a Vietnamese message naming the file;
    nothing else of the dossier changes."""
    _ensure_may_attach(dossier, acting_user, kind, supplement_request)
    if requirement is not None and requirement.version_id != dossier.procedure_version_id:
        raise ValidationError(_("This document is not part of the dossier."), code="bad_slot")
    checked = check_upload(upload, already_stored=stored_bytes(dossier))
    record = DossierFile(
        dossier=dossier,
        kind=kind,
        requirement=requirement,
        supplement_request=supplement_request,
        original_name=checked.name,
        content_type=checked.sniffed.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=acting_user if acting_user.is_authenticated else None,
    )
    # Written to storage outside the transaction (STYLE.md); the stored
    # name takes the extension of the real type, never the one typed.
    upload.seek(0)
    record.file.save(f"upload.{checked.sniffed.extension}", upload, save=False)
    try:
        with transaction.atomic():
            locked = _lock(dossier)
            _ensure_may_attach(locked, acting_user, kind, supplement_request)
            # Re-checked under the lock: two uploads at once cannot both
            # squeeze under the dossier's limit.
            ensure_fits(checked.name, checked.size, already_stored=stored_bytes(locked))
            record.save()
            record_audit(
                locked,
                acting_user,
                AuditEvent.FILE_ADDED,
                new={
                    "file": record.pk,
                    "kind": kind,
                    "requirement": requirement.pk if requirement else None,
                    "size": checked.size,
                    "sha256": checked.sha256,
                },
            )
    except BaseException:
        record.file.delete(save=False)
        raise
    return record


def _delete_files_on_commit(names: list[str], storage: Any) -> None:
    def delete() -> None:
        for name in names:
            try:
                storage.delete(name)
            except OSError:  # a missing file is not worth failing for
                logger.warning("could not delete %s", name)

    transaction.on_commit(delete)
