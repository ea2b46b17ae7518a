"""The back office's writes (bộ phận một cửa and the handling rooms):
reception, refusal, supplement and payment requests, assignment, approval,
stop, return of the result, withdrawal on request, counter and postal
intake, late dossiers and apology letters (Mẫu 04).

Every action: lock the row, check that the dossier is still in the state
the officer saw (two officers on one dossier: the second is told what
happened and nothing changes), check the transition and the officer's role
*in the dossier's unit* (``org.selectors.has_role``: a role covers its
subtree), save with ``update_fields``, record the step and the audit entry,
queue the notifications in the same transaction (the outbox delivers after
commit).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.calendar import WorkingCalendar
from motcua.core.money import format_vnd
from motcua.core.search import index_text
from motcua.core.text import clean_text
from motcua.dossiers import codes
from motcua.dossiers.actions.common import (
    TransitionNotAllowed,
    _lock,
    change_status,
    do_attach_file,
    notify_applicant,
    postal_fee_for,
)
from motcua.dossiers.constants import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    SYSTEM,
    WITHDRAWAL_REQUEST_STATES,
    ApplicantKind,
    AuditEvent,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
    transition_for,
)
from motcua.dossiers.models import (
    ApologyLetter,
    ApologyLetterStatus,
    Dossier,
    DossierFile,
    DossierSequence,
    DossierStep,
    SupplementRequest,
)
from motcua.dossiers.uploads import check_upload
from motcua.notifications.actions import queue_message
from motcua.notifications.constants import Channel as MessageChannel
from motcua.notifications.constants import Event
from motcua.org.constants import Role
from motcua.org.selectors import has_role

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.procedures.models import Procedure

logger = logging.getLogger(__name__)

# The staff roles, in the order an officer holding several acts as.
STAFF_ACTORS = (Role.RECEPTION, Role.HANDLER, Role.APPROVER)


class ConcurrentChange(ValidationError):
    """Someone else changed the dossier between the page and the click."""


# ====================================================================== checks
def _describe_last_step(dossier: Dossier) -> str:
    step = (
        DossierStep.objects.filter(dossier=dossier)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    status = str(DossierStatus(dossier.status).label)
    if step is None:
        return _("It is now “%(status)s”.") % {"status": status}
    who = (step.actor.full_name or step.actor.email) if step.actor else _("the system")
    return _("%(who)s moved it to “%(status)s” at %(time)s.") % {
        "who": who,
        "status": status,
        "time": timezone.localtime(step.created_at).strftime("%H:%M %d/%m/%Y"),
    }


def _ensure_unchanged(locked: Dossier, expected_status: int | None) -> None:
    """Re-checked after the lock: the state the officer acted on must still
    be the dossier's (the other of two officers waits for the lock, then
    gets this message and changes nothing)."""
    if expected_status is not None and locked.status != expected_status:
        raise ConcurrentChange(
            _(
                "This dossier was changed by someone else in the meantime: %(what)s Nothing was changed; check it again before acting."
            )
            % {"what": _describe_last_step(locked)},
            code="changed_meanwhile",
        )


def _actor_for(user: User, dossier: Dossier, new: int) -> str:
    """The role in which ``user`` makes the move from the dossier's state to
    ``new``: the transition must exist and the user must hold one of its
    roles in the dossier's unit (or above it)."""
    transition = transition_for(dossier.status, new)
    if transition is None:
        raise TransitionNotAllowed(
            _("A dossier cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": DossierStatus(dossier.status).label,
                "new": DossierStatus(new).label,
            },
            code="transition_not_allowed",
        )
    return _ensure_role(user, dossier, [a for a in STAFF_ACTORS if a in transition.actors])


def _ensure_role(user: User, dossier: Dossier, roles: Iterable[str]) -> str:
    """The first of ``roles`` that ``user`` holds in the dossier's unit;
    ``PermissionDenied`` (with a Vietnamese message) otherwise."""
    for role in roles:
        if has_role(user, [role], dossier.unit):
            return str(role)
    raise PermissionDenied(_("Your role does not allow this action on this dossier."))


def _required(text: str, message: str) -> str:
    value = clean_text(text or "")
    if not value:
        raise ValidationError(message, code="required")
    return value


def _staff_name(user: User | None) -> str:
    if user is None:
        return ""
    return str(user.full_name or user.email)


def _step(
    dossier: Dossier,
    action: str,
    *,
    acting_user: User,
    note: str = "",
    assignee: User | None = None,
    is_public: bool = False,
) -> DossierStep:
    """A hand-off within a state (assignment, forwarding for approval, an
    apology): a history row for Mẫu 06, no change of state."""
    return DossierStep.objects.create(
        dossier=dossier,
        action=action,
        from_status=dossier.status,
        to_status=dossier.status,
        actor=acting_user,
        actor_unit=dossier.unit,
        assignee=assignee,
        note=note,
        is_public=is_public,
        created_at=timezone.now(),
    )


# ================================================================== reception
def clock_start(received_at: datetime, calendar: WorkingCalendar | None = None) -> datetime:
    """When the deadline clock starts for a dossier received at
    ``received_at``. A dossier received on a day off (a weekend, Tết, a
    Saturday counter session) is counted from the start of the next working
    day (NĐ 118/2025: the time limit counts working days from reception)."""
    local = timezone.localtime(received_at)
    day = local.date()
    calendar = calendar or WorkingCalendar.load(day)
    if calendar.is_working_day(day):
        return local
    first = calendar.next_working_day(day)
    periods = getattr(settings, "MOTCUA_WORKING_PERIODS", None) or [("07:00", "11:30")]
    opening = min(time.fromisoformat(a) for a, _b in periods)
    return datetime.combine(first, opening, tzinfo=local.tzinfo)


def due_for(dossier: Dossier, received_at: datetime) -> datetime | None:
    """The due instant from the procedure's deadline and the calendar."""
    from motcua.procedures.selectors import due_at_for

    return due_at_for(dossier.procedure_version, clock_start(received_at)).due_at


def next_register_number(unit_code: str, year: int) -> int:
    """The next number of the unit's register book for ``year`` (sổ theo
    dõi hồ sơ, Mẫu 07): a ``DossierSequence`` row locked in the caller's
    transaction, so numbers are unique and gap-free."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_register_number() must run inside the dossier's transaction")
    seq, _created = DossierSequence.objects.select_for_update().get_or_create(
        prefix=f"REG:{unit_code}:{year}"
    )
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number


def _receive(locked: Dossier, *, acting_user: User, actor: str, note: str = "") -> None:
    now = timezone.now()
    locked.received_at = now
    locked.due_at = due_for(locked, now)
    year = timezone.localtime(now).year
    locked.register_book = str(year)
    locked.register_number = next_register_number(locked.unit.code, year)
    change_status(
        locked,
        DossierStatus.RECEIVED,
        acting_user=acting_user,
        actor=actor,
        action="receive",
        note=note,
        actor_unit=locked.unit,
        update_fields=["received_at", "due_at", "register_book", "register_number"],
    )


@transaction.atomic
def do_receive_dossier(
    dossier: Dossier, *, acting_user: User, expected_status: int | None = None, note: str = ""
) -> Dossier:
    """Receive a submitted dossier (tiếp nhận): the due date is set from the
    procedure's deadline and the working calendar, the dossier enters the
    unit's register (book = year, next number), and the applicant gets the
    appointment (Giấy tiếp nhận và hẹn trả kết quả, Mẫu 01)."""
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.RECEIVED)
    _receive(locked, acting_user=acting_user, actor=actor, note=clean_text(note or ""))
    return locked


@transaction.atomic
def do_refuse_dossier(
    dossier: Dossier, *, acting_user: User, reason: str, expected_status: int | None = None
) -> Dossier:
    """Refuse a submitted dossier (Mẫu 03); the reason is required and is
    sent to the applicant."""
    reason = _required(reason, _("Write the reason for the refusal."))
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.REFUSED)
    change_status(
        locked,
        DossierStatus.REFUSED,
        acting_user=acting_user,
        actor=actor,
        action="refuse",
        note=reason,
        actor_unit=locked.unit,
    )
    return locked


@transaction.atomic
def do_request_supplement(
    dossier: Dossier,
    *,
    acting_user: User,
    reason: str,
    respond_by: datetime | None = None,
    expected_status: int | None = None,
) -> SupplementRequest:
    """Ask the applicant to supplement the dossier (Mẫu 02 lists what is
    missing). Once received, the deadline clock stops (``paused_at``) until
    the supplement arrives; the dossier then goes back to the state it was
    in (``resume_status``, set by ``change_status``)."""
    reason = _required(reason, _("Write what is missing and why."))
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.SUPPLEMENT_REQUESTED)
    now = timezone.now()
    if respond_by is not None and respond_by <= now:
        raise ValidationError(_("The reply date must be in the future."), code="past")
    request = SupplementRequest.objects.create(
        dossier=locked,
        reason=reason,
        requested_by=acting_user,
        requested_at=now,
        respond_by=respond_by,
    )
    fields: list[str] = []
    if locked.status in CLOCK_RUNNING_STATES and locked.paused_at is None:
        # DESIGN.md §4: the clock stands still while a supplement is awaited.
        locked.paused_at = now
        fields.append("paused_at")
    change_status(
        locked,
        DossierStatus.SUPPLEMENT_REQUESTED,
        acting_user=acting_user,
        actor=actor,
        action="request_supplement",
        note=reason,
        actor_unit=locked.unit,
        update_fields=fields,
    )
    return request


@transaction.atomic
def do_request_payment(
    dossier: Dossier,
    *,
    acting_user: User,
    amount: int,
    note: str = "",
    expected_status: int | None = None,
) -> Dossier:
    """Ask the applicant to pay fees or charges (nghĩa vụ tài chính). The
    payment itself belongs to the payments issue: this records the amount
    and the note in the history and tells the applicant; the dossier goes
    back to where it was once the payment is settled."""
    if amount is None or int(amount) <= 0:
        raise ValidationError(_("Enter the amount to pay."), code="amount")
    note = clean_text(note or "")
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.PAYMENT_REQUESTED)
    text = format_vnd(int(amount)) + (f" — {note}" if note else "")
    locked.status_note = text
    change_status(
        locked,
        DossierStatus.PAYMENT_REQUESTED,
        acting_user=acting_user,
        actor=actor,
        action="request_payment",
        note=text,
        actor_unit=locked.unit,
        context={"amount": format_vnd(int(amount))},
        update_fields=["status_note"],
    )
    return locked


@transaction.atomic
def do_settle_payment(
    dossier: Dossier, *, acting_user: User, note: str = "", expected_status: int | None = None
) -> Dossier:
    """Reception records a payment made at the counter; the dossier goes
    back to where it was (``resume_status``)."""
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    if locked.status != DossierStatus.PAYMENT_REQUESTED:
        raise TransitionNotAllowed(_("No payment is awaited for this dossier."), code="no_payment")
    target = locked.resume_status or DossierStatus.SUBMITTED
    actor = _actor_for(acting_user, locked, target)
    locked.resume_status = None
    locked.status_note = ""
    change_status(
        locked,
        target,
        acting_user=acting_user,
        actor=actor,
        action="payment_settled",
        note=clean_text(note or ""),
        actor_unit=locked.unit,
        update_fields=["resume_status", "status_note"],
    )
    return locked


@transaction.atomic
def do_request_payment_system(dossier: Dossier, *, amount: int, note: str = "") -> Dossier:
    """The system asks for the fee (``payments.actions`` on submission, for
    procedures paid before reception): the same transition as
    ``do_request_payment`` made by the ``SYSTEM`` actor, without an officer."""
    if amount is None or int(amount) <= 0:
        raise ValidationError(_("Enter the amount to pay."), code="amount")
    locked = _lock(dossier)
    text = format_vnd(int(amount)) + (f" — {clean_text(note)}" if note else "")
    locked.status_note = text
    change_status(
        locked,
        DossierStatus.PAYMENT_REQUESTED,
        acting_user=None,
        actor=SYSTEM,
        action="request_payment",
        note=text,
        actor_unit=locked.unit,
        context={"amount": format_vnd(int(amount))},
        update_fields=["status_note"],
    )
    return locked


@transaction.atomic
def do_settle_payment_system(dossier: Dossier, *, note: str = "") -> Dossier:
    """The fee has been paid (a provider confirmed it, or a statement row
    matched): the ``SYSTEM`` actor sends the dossier back to where it was
    (``resume_status``). Called by ``payments.actions.confirm_payment``."""
    locked = _lock(dossier)
    if locked.status != DossierStatus.PAYMENT_REQUESTED:
        raise TransitionNotAllowed(_("No payment is awaited for this dossier."), code="no_payment")
    target = locked.resume_status or DossierStatus.SUBMITTED
    locked.resume_status = None
    locked.status_note = ""
    change_status(
        locked,
        target,
        acting_user=None,
        actor=SYSTEM,
        action="payment_settled",
        note=clean_text(note or ""),
        actor_unit=locked.unit,
        update_fields=["resume_status", "status_note"],
    )
    return locked


# ================================================================= processing
def assignable_handlers(dossier: Dossier) -> list[User]:
    """Active officers holding the handler role in the dossier's unit or
    above it (one query)."""
    from motcua.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.HANDLER,
            memberships__unit_id__in=dossier.unit.ancestor_ids(),
        )
        .distinct()
        .order_by("full_name", "email")
    )


def assignable_approvers(dossier: Dossier) -> list[User]:
    """Active officers holding the approver role for the dossier's unit."""
    from motcua.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.APPROVER,
            memberships__unit_id__in=dossier.unit.ancestor_ids(),
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def do_assign_dossier(
    dossier: Dossier,
    *,
    acting_user: User,
    handler: User,
    note: str = "",
    expected_status: int | None = None,
) -> Dossier:
    """Hand a received dossier to a handler of its unit (RECEIVED →
    IN_PROGRESS), or hand it over to another handler while in progress (a
    step of the control sheet, Mẫu 06; a pending approval is cancelled)."""
    note = clean_text(note or "")
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    if not has_role(handler, [Role.HANDLER], locked.unit) or not handler.is_active:
        raise ValidationError(
            _("%(name)s is not a handler of this dossier's unit.") % {"name": _staff_name(handler)},
            code="not_handler",
        )
    if locked.status == DossierStatus.RECEIVED:
        actor = _actor_for(acting_user, locked, DossierStatus.IN_PROGRESS)
        locked.handler = handler
        step = change_status(
            locked,
            DossierStatus.IN_PROGRESS,
            acting_user=acting_user,
            actor=actor,
            action="assign",
            note=note,
            event="",
            is_public=True,
            actor_unit=locked.unit,
            update_fields=["handler"],
        )
        step.assignee = handler
        step.save(update_fields=["assignee"])
        return locked
    if locked.status != DossierStatus.IN_PROGRESS:
        raise TransitionNotAllowed(
            _("A dossier in the state “%(status)s” cannot be assigned.")
            % {"status": DossierStatus(locked.status).label},
            code="transition_not_allowed",
        )
    transition = transition_for(DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS)
    assert transition is not None
    _ensure_role(acting_user, locked, [a for a in STAFF_ACTORS if a in transition.actors])
    if locked.handler_id == handler.pk:
        raise ValidationError(
            _("The dossier is already assigned to %(name)s.") % {"name": _staff_name(handler)},
            code="same_handler",
        )
    old = locked.handler_id
    locked.handler = handler
    locked.approval_requested_at = None
    locked.approver = None
    locked.save(update_fields=["handler", "approval_requested_at", "approver", "updated_at"])
    _step(locked, "reassign", acting_user=acting_user, note=note, assignee=handler)
    record_audit(
        locked, acting_user, AuditEvent.ASSIGNED, old={"handler": old}, new={"handler": handler.pk}
    )
    return locked


def current_results(dossier: Dossier) -> list[DossierFile]:
    """The result documents attached so far."""
    return list(
        DossierFile.objects.current()
        .filter(dossier=dossier, kind=FileKind.RESULT)
        .order_by("uploaded_at", "pk")
    )


def do_forward_for_approval(
    dossier: Dossier,
    *,
    acting_user: User,
    approver: User,
    files: Sequence[UploadedFile] = (),
    note: str = "",
    expected_status: int | None = None,
) -> Dossier:
    """The handler attaches the draft result (files of kind RESULT) and
    sends the dossier to an approver. Files are stored first (each checked;
    a bad one raises and the dossier is not forwarded)."""
    expected = dossier.status if expected_status is None else expected_status
    _ensure_may_forward(dossier, acting_user)
    for upload in files:
        do_attach_file(dossier, acting_user=acting_user, upload=upload, kind=FileKind.RESULT)
    note = clean_text(note or "")
    with transaction.atomic():
        locked = _lock(dossier)
        _ensure_unchanged(locked, expected)
        _ensure_may_forward(locked, acting_user)
        if not has_role(approver, [Role.APPROVER], locked.unit) or not approver.is_active:
            raise ValidationError(
                _("%(name)s cannot approve this dossier's results.")
                % {"name": _staff_name(approver)},
                code="not_approver",
            )
        if not DossierFile.objects.current().filter(dossier=locked, kind=FileKind.RESULT).exists():
            raise ValidationError(
                _("Attach the result document before sending it for approval."),
                code="no_result",
            )
        locked.approval_requested_at = timezone.now()
        locked.approver = approver
        locked.save(update_fields=["approval_requested_at", "approver", "updated_at"])
        _step(locked, "forward_for_approval", acting_user=acting_user, note=note, assignee=approver)
        record_audit(
            locked, acting_user, AuditEvent.FORWARDED, new={"approver": approver.pk, "note": note}
        )
        return locked


def _ensure_may_forward(dossier: Dossier, user: User) -> None:
    if dossier.status != DossierStatus.IN_PROGRESS:
        raise TransitionNotAllowed(
            _("Only a dossier in progress can be sent for approval."),
            code="transition_not_allowed",
        )
    _ensure_role(user, dossier, [Role.HANDLER])
    if dossier.handler_id != user.pk:
        raise PermissionDenied(
            _("Only the handler assigned to this dossier can send it for approval.")
        )


@transaction.atomic
def do_approve_dossier(
    dossier: Dossier, *, acting_user: User, note: str = "", expected_status: int | None = None
) -> Dossier:
    """The approver signs off the result: the dossier is resolved and the
    applicant told the result is ready. Needs a result document."""
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.RESOLVED)
    if locked.status == DossierStatus.IN_PROGRESS and locked.approval_requested_at is None:
        raise ValidationError(
            _("The handler has not sent a result for approval yet."), code="not_forwarded"
        )
    if not DossierFile.objects.current().filter(dossier=locked, kind=FileKind.RESULT).exists():
        raise ValidationError(_("There is no result document to approve."), code="no_result")
    locked.approver = acting_user
    change_status(
        locked,
        DossierStatus.RESOLVED,
        acting_user=acting_user,
        actor=actor,
        action="resolve",
        note=clean_text(note or ""),
        actor_unit=locked.unit,
        update_fields=["approver"],
    )
    return locked


@transaction.atomic
def do_return_to_handler(
    dossier: Dossier, *, acting_user: User, note: str, expected_status: int | None = None
) -> Dossier:
    """The approver sends the draft result back with what to change."""
    note = _required(note, _("Write what the handler must change."))
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    if locked.status != DossierStatus.IN_PROGRESS or locked.approval_requested_at is None:
        raise TransitionNotAllowed(
            _("This dossier is not awaiting approval."), code="not_forwarded"
        )
    _ensure_role(acting_user, locked, [Role.APPROVER])
    locked.approval_requested_at = None
    locked.save(update_fields=["approval_requested_at", "updated_at"])
    _step(locked, "return_to_handler", acting_user=acting_user, note=note, assignee=locked.handler)
    record_audit(locked, acting_user, AuditEvent.RETURNED_TO_HANDLER, new={"note": note})
    return locked


@transaction.atomic
def do_stop_dossier(
    dossier: Dossier, *, acting_user: User, reason: str, expected_status: int | None = None
) -> Dossier:
    """Stop processing (Mẫu 05), with the reason sent to the applicant."""
    reason = _required(reason, _("Write the reason for stopping."))
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.STOPPED)
    locked.paused_at = None
    change_status(
        locked,
        DossierStatus.STOPPED,
        acting_user=acting_user,
        actor=actor,
        action="stop",
        note=reason,
        actor_unit=locked.unit,
        update_fields=["paused_at"],
    )
    return locked


def _ensure_no_open_charge(dossier: Dossier) -> None:
    """The result is not handed over while a fee is still owed (a charge of
    ``payments`` is open). Local import: payments depends on dossiers."""
    from motcua.payments.constants import ChargeStatus
    from motcua.payments.models import Charge

    if Charge.objects.filter(dossier=dossier, status=ChargeStatus.OPEN).exists():
        raise ValidationError(
            _("The fee for this dossier has not been paid yet: the result cannot be returned."),
            code="fee_unpaid",
        )


@transaction.atomic
def do_return_result(
    dossier: Dossier,
    *,
    acting_user: User,
    recipient_name: str = "",
    recipient_id_number: str = "",
    tracking_number: str = "",
    expected_status: int | None = None,
) -> Dossier:
    """Hand over the result: at the counter the person collecting it is
    recorded (name and ID number); by post, the tracking number. Being late
    never blocks this (NĐ 118/2025: the result is returned whatever the
    delay; the apology is a separate letter)."""
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    actor = _actor_for(acting_user, locked, DossierStatus.RETURNED)
    _ensure_no_open_charge(locked)
    fields: list[str] = []
    if locked.delivery_method == DeliveryMethod.POST:
        tracking = _required(tracking_number, _("Enter the postal tracking number."))
        locked.postal_tracking_out = tracking[:64]
        fields.append("postal_tracking_out")
        note = _("Sent by post, tracking number %(number)s.") % {"number": tracking}
    else:
        name = _required(recipient_name, _("Enter the name of the person collecting the result."))
        id_number = _required(
            recipient_id_number, _("Enter the ID number of the person collecting the result.")
        )
        locked.result_recipient_name = name[:255]
        locked.result_recipient_id_number = id_number[:20]
        fields += ["result_recipient_name", "result_recipient_id_number"]
        note = _("Collected at the counter by %(name)s.") % {"name": name}
    change_status(
        locked,
        DossierStatus.RETURNED,
        acting_user=acting_user,
        actor=actor,
        action="return_result",
        note=note,
        actor_unit=locked.unit,
        update_fields=fields,
    )
    # Surveys (issue 9): once the return is committed, invite the applicant
    # to rate the service (domain-vn.md §4.7). A rolled-back return invites
    # nobody; a failing invitation never undoes the return.
    dossier_pk = locked.pk
    transaction.on_commit(lambda: _invite_for_rating_on_commit(dossier_pk))
    return locked


def _invite_for_rating_on_commit(dossier_pk: int) -> None:
    """Invite the applicant of a returned dossier to rate the service."""
    from motcua.surveys.actions import invite_for_dossier

    try:
        dossier = Dossier.objects.select_related("unit").get(pk=dossier_pk)
        invite_for_dossier(dossier)
    except Exception:
        logger.exception("could not invite dossier %s to rate the service", dossier_pk)


@transaction.atomic
def do_accept_withdrawal(
    dossier: Dossier, *, acting_user: User, expected_status: int | None = None
) -> Dossier:
    """Accept the applicant's request to withdraw a received dossier (or
    withdraw, at the counter, one the applicant asks to withdraw in person
    before reception)."""
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    if locked.status in WITHDRAWAL_REQUEST_STATES and locked.withdrawal_requested_at is None:
        raise ValidationError(
            _("The applicant has not asked to withdraw this dossier."), code="no_request"
        )
    actor = _actor_for(acting_user, locked, DossierStatus.WITHDRAWN)
    locked.paused_at = None
    change_status(
        locked,
        DossierStatus.WITHDRAWN,
        acting_user=acting_user,
        actor=actor,
        action="withdraw",
        note=locked.withdrawal_reason,
        actor_unit=locked.unit,
        update_fields=["paused_at"],
    )
    return locked


@transaction.atomic
def do_receive_supplement_at_counter(
    supplement_request: SupplementRequest,
    *,
    acting_user: User,
    note: str,
    expected_status: int | None = None,
) -> SupplementRequest:
    """Reception records a supplement the applicant brought to the counter
    (or sent by post); the clock runs again as when it is sent online."""
    from motcua.dossiers.actions.citizen import _due_after_pause

    note = _required(note, _("Write what the applicant supplied."))
    dossier = supplement_request.dossier
    expected = dossier.status if expected_status is None else expected_status
    locked = _lock(dossier)
    _ensure_unchanged(locked, expected)
    request = SupplementRequest.objects.select_for_update().get(pk=supplement_request.pk)
    if not request.is_open or locked.status != DossierStatus.SUPPLEMENT_REQUESTED:
        raise ValidationError(
            _("No supplement is requested for this dossier at the moment."), code="no_open_request"
        )
    target = locked.resume_status or DossierStatus.SUBMITTED
    actor = _actor_for(acting_user, locked, target)
    now = timezone.now()
    request.supplied_at = now
    request.citizen_note = note
    request.save(update_fields=["supplied_at", "citizen_note"])
    fields = ["resume_status", "paused_at"]
    if locked.paused_at is not None and locked.due_at is not None:
        locked.due_at = _due_after_pause(locked, now)
        fields.append("due_at")
    locked.resume_status = None
    locked.paused_at = None
    change_status(
        locked,
        target,
        acting_user=acting_user,
        actor=actor,
        action="supply",
        note=note,
        actor_unit=locked.unit,
        event=Event.DOSSIER_SUPPLEMENT_SUPPLIED,
        update_fields=fields,
    )
    record_audit(request, acting_user, AuditEvent.SUPPLEMENT_SUPPLIED, new={"dossier": locked.pk})
    return request


# ===================================================================== intake
def do_intake_dossier(
    procedure: Procedure,
    *,
    acting_user: User,
    channel: str,
    applicant: dict[str, Any],
    delivery_method: str = DeliveryMethod.COUNTER,
    delivery: dict[str, Any] | None = None,
    postal_tracking_in: str = "",
    scans: Sequence[UploadedFile] = (),
) -> Dossier:
    """Register a dossier brought to the counter or received by post and
    receive it at once: it takes a code (``dossiers.codes``, the same as
    online), the due date and a register number, and the scanned documents
    are attached (kind SCAN). Every scan is checked before anything is
    written; a bad one refuses the whole intake with its name."""
    if channel not in (Channel.COUNTER, Channel.POST):
        raise ValidationError(_("Choose the counter or the post."), code="channel")
    if not has_role(acting_user, [Role.RECEPTION], procedure.unit):
        raise PermissionDenied(_("You do not receive dossiers for this procedure's unit."))
    version = procedure.version_at(timezone.localdate())
    if version is None:
        raise ValidationError(
            _("The rules of this procedure are not published yet."), code="no_version"
        )
    tracking = clean_text(postal_tracking_in or "")
    if channel == Channel.POST and not tracking:
        raise ValidationError(
            _("Enter the tracking number of the parcel received by post."), code="tracking"
        )
    name = clean_text(applicant.get("applicant_name") or "")
    if not name:
        raise ValidationError(_("Enter the applicant's full name."), code="applicant")
    total = 0
    for upload in scans:
        checked = check_upload(upload, already_stored=total)
        total += checked.size
        upload.seek(0)
    delivery = delivery or {}
    kind = applicant.get("applicant_kind") or ApplicantKind.PERSON
    with transaction.atomic():
        now = timezone.now()
        dossier = Dossier(
            status=DossierStatus.SUBMITTED,
            channel=channel,
            procedure=procedure,
            procedure_version=version,
            procedure_name=procedure.name,
            unit_id=procedure.unit_id,
            applicant_kind=kind,
            applicant_name=name,
            applicant_id_number=clean_text(applicant.get("applicant_id_number") or ""),
            organisation_name=clean_text(applicant.get("organisation_name") or "")
            if kind == ApplicantKind.ORGANISATION
            else "",
            tax_code=clean_text(applicant.get("tax_code") or "")
            if kind == ApplicantKind.ORGANISATION
            else "",
            applicant_phone=clean_text(applicant.get("applicant_phone") or ""),
            applicant_email=clean_text(applicant.get("applicant_email") or ""),
            applicant_address=clean_text(applicant.get("applicant_address") or ""),
            applicant_province=applicant.get("applicant_province"),
            applicant_ward=applicant.get("applicant_ward"),
            delivery_method=delivery_method,
            delivery_name=clean_text(delivery.get("delivery_name") or name),
            delivery_phone=clean_text(
                delivery.get("delivery_phone") or applicant.get("applicant_phone") or ""
            ),
            delivery_address=clean_text(
                delivery.get("delivery_address") or applicant.get("applicant_address") or ""
            ),
            delivery_province=delivery.get("delivery_province")
            or applicant.get("applicant_province"),
            delivery_ward=delivery.get("delivery_ward") or applicant.get("applicant_ward"),
            postal_tracking_in=tracking[:64],
            submitted_at=now,
            declared_at=now,
        )
        if delivery_method == DeliveryMethod.POST:
            dossier.postal_fee = postal_fee_for(dossier.delivery_province)
        dossier.code = codes.next_code(procedure.unit.code, now)
        dossier.lookup_key = codes.new_lookup_key()
        dossier.search_text = index_text(
            dossier.code,
            dossier.procedure_name,
            dossier.applicant_name,
            dossier.organisation_name,
            dossier.tax_code,
            dossier.applicant_id_number,
        )
        dossier.save()
        DossierStep.objects.create(
            dossier=dossier,
            action="intake",
            from_status=None,
            to_status=DossierStatus.SUBMITTED,
            actor=acting_user,
            actor_unit=dossier.unit,
            note=tracking,
            is_public=True,
            created_at=now,
        )
        record_audit(
            dossier,
            acting_user,
            AuditEvent.INTAKE,
            new={"channel": channel, "procedure": procedure.code, "scans": len(scans)},
        )
        _receive(dossier, acting_user=acting_user, actor=Role.RECEPTION)
    for upload in scans:
        do_attach_file(dossier, acting_user=acting_user, upload=upload, kind=FileKind.SCAN)
    return dossier


# ============================================================= late dossiers
SITUATION_DUE_SOON = "sắp đến hạn giải quyết"
SITUATION_OVERDUE = "đã quá hạn giải quyết"


def _deadline_recipients(dossier: Dossier) -> list[User]:
    """Who hears that a dossier is due soon or late: its handler and the
    approver it waits for; without a handler yet, the unit's approvers."""
    people: list[User] = [p for p in (dossier.handler, dossier.approver) if p is not None]
    if not people:
        people = assignable_approvers(dossier)
    seen: set[int] = set()
    out = []
    for person in people:
        if person.pk not in seen and person.email and person.is_active:
            seen.add(person.pk)
            out.append(person)
    return out


def _warn_staff(dossier: Dossier, field: str, situation: str, now: datetime) -> int:
    """Set ``field`` once (a conditional update: a second run, or a
    concurrent one, finds it set and sends nothing) and e-mail the people."""
    with transaction.atomic():
        claimed = Dossier.objects.filter(pk=dossier.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if not claimed:
            return 0
        staff_url = settings.SITE_URL + reverse("office:detail", args=[dossier.pk])
        people = _deadline_recipients(dossier)
        for person in people:
            queue_message(
                MessageChannel.EMAIL,
                person.email,
                Event.DOSSIER_STAFF_DEADLINE,
                {
                    "full_name": _staff_name(person),
                    "code": dossier.code or "",
                    "procedure": dossier.procedure_name,
                    "unit": dossier.unit.name,
                    "due_date": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
                    if dossier.due_at
                    else "",
                    "situation": situation,
                    "handler": _staff_name(dossier.handler) or "chưa phân công",
                    "staff_url": staff_url,
                },
                user=person,
                related=dossier,
                unit=dossier.unit,
                idempotency_key=f"dossier:{dossier.pk}:{field}:{person.pk}",
            )
        record_audit(
            dossier,
            None,
            AuditEvent.DEADLINE_WARNED,
            new={"situation": situation, "to": [p.pk for p in people]},
        )
        return 1


def mark_late_dossiers(now: datetime | None = None) -> dict[str, int]:
    """Warn the handler and approver once when an open dossier will be due
    within ``DOSSIER_DUE_SOON_WORKING_HOURS`` working hours, and once when it
    is overdue (``due_soon_notified_at``, ``late_notified_at``). Late is
    derived, never a state; running this again sends nothing more."""
    now = now or timezone.now()
    calendar = WorkingCalendar.load(timezone.localdate(now) - timedelta(days=7))
    horizon = calendar.add_working_hours(now, float(settings.DOSSIER_DUE_SOON_WORKING_HOURS))
    running = Dossier.objects.filter(
        status__in=CLOCK_RUNNING_STATES, paused_at__isnull=True, due_at__isnull=False
    ).select_related("unit", "handler", "approver")
    counts = {"due_soon": 0, "overdue": 0}
    due_soon = running.filter(
        due_at__gte=now, due_at__lte=horizon, due_soon_notified_at__isnull=True
    ).order_by("due_at", "pk")
    for dossier in due_soon.iterator(chunk_size=500):
        counts["due_soon"] += _warn_staff(dossier, "due_soon_notified_at", SITUATION_DUE_SOON, now)
    overdue = (
        Dossier.objects.overdue(now)
        .filter(late_notified_at__isnull=True)
        .select_related("unit", "handler", "approver")
        .order_by("due_at", "pk")
    )
    for dossier in overdue.iterator(chunk_size=500):
        if dossier.status not in OPEN_STATES or not dossier.is_overdue(now):
            continue  # paused before the due instant: not late
        counts["overdue"] += _warn_staff(dossier, "late_notified_at", SITUATION_OVERDUE, now)
    return counts


def _fmt(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


@transaction.atomic
def do_draft_apology(
    dossier: Dossier, *, acting_user: User, reason: str, new_due_at: datetime
) -> ApologyLetter:
    """The handler drafts the apology letter with the reason for the delay
    and a new date for the result (Mẫu 04). A draft not yet approved is
    updated rather than doubled."""
    reason = _required(reason, _("Write the reason for the delay."))
    locked = _lock(dossier)
    if locked.status not in OPEN_STATES or locked.due_at is None:
        raise ValidationError(
            _("An apology letter is written for a received dossier still being processed."),
            code="not_open",
        )
    _ensure_role(acting_user, locked, [Role.HANDLER, Role.APPROVER])
    if new_due_at <= timezone.now() or new_due_at <= locked.due_at:
        raise ValidationError(
            _("The new date must be after the current due date and in the future."),
            code="new_date",
        )
    letter = (
        ApologyLetter.objects.select_for_update()
        .filter(dossier=locked, status=ApologyLetterStatus.DRAFT)
        .first()
    )
    if letter is None:
        letter = ApologyLetter.objects.create(
            dossier=locked,
            reason=reason,
            new_due_at=new_due_at,
            previous_due_at=locked.due_at,
            drafted_by=acting_user,
        )
    else:
        letter.reason = reason
        letter.new_due_at = new_due_at
        letter.previous_due_at = locked.due_at
        letter.drafted_by = acting_user
        letter.drafted_at = timezone.now()
        letter.save(
            update_fields=["reason", "new_due_at", "previous_due_at", "drafted_by", "drafted_at"]
        )
    record_audit(
        letter,
        acting_user,
        AuditEvent.APOLOGY_DRAFTED,
        new={"dossier": locked.pk, "new_due_at": new_due_at.isoformat()},
    )
    return letter


@transaction.atomic
def do_approve_apology(letter: ApologyLetter, *, acting_user: User) -> ApologyLetter:
    """An approver signs the apology letter off: it takes a number, the
    applicant receives it (e-mail/SMS and "Hồ sơ của tôi"), and the history
    shows it. The dossier's due date is NOT changed: the statistics judge the
    dossier against the legal deadline; the letter carries the new date."""
    locked = _lock(letter.dossier)
    letter = ApologyLetter.objects.select_for_update().get(pk=letter.pk)
    _ensure_role(acting_user, locked, [Role.APPROVER])
    if letter.status != ApologyLetterStatus.DRAFT:
        raise ValidationError(_("This apology letter has already been approved."), code="done")
    now = timezone.now()
    year = timezone.localtime(now).year
    seq, _created = DossierSequence.objects.select_for_update().get_or_create(
        prefix=f"PXL:{locked.unit.code}:{year}"
    )
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    letter.status = ApologyLetterStatus.APPROVED
    letter.approved_by = acting_user
    letter.approved_at = now
    letter.number = f"{seq.last_number}/PXL-{locked.unit.code}"
    letter.save(update_fields=["status", "approved_by", "approved_at", "number"])
    step = _step(
        locked,
        "apology",
        acting_user=acting_user,
        note=_("Apology for the delay; the result is now expected on %(date)s. Reason: %(reason)s")
        % {"date": _fmt(letter.new_due_at), "reason": letter.reason},
        is_public=True,
    )
    record_audit(letter, acting_user, AuditEvent.APOLOGY_APPROVED, new={"number": letter.number})
    notify_applicant(
        locked,
        Event.DOSSIER_APOLOGY,
        {"reason": letter.reason, "new_due_date": _fmt(letter.new_due_at)},
        key=f"dossier:{locked.pk}:step:{step.pk}",
    )
    return letter
