"""Every write with business meaning on feedback items (STYLE.md): lock
the row, check the move, save with ``update_fields``, write the audit
entry, queue the notifications (delivered on commit)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.calendar import WorkingCalendar
from motcua.core.search import index_text
from motcua.core.text import clean_text, nfc
from motcua.feedback.constants import (
    APPROVER_ROLES,
    ESCALATION_ROLES,
    HANDLER_ROLES,
    INTAKE_ROLES,
    KEY_ALPHABET,
    KEY_LENGTH,
    OPEN_STATUSES,
    ROUTING_ROLES,
    SEND_ROLES,
    TRANSITIONS,
    AuditEvent,
    FeedbackStatus,
    IntakeChannel,
    Rating,
    ReminderKind,
)
from motcua.feedback.masking import mask_personal_data
from motcua.feedback.models import CodeCounter, FeedbackAttachment, FeedbackItem, FeedbackReminder
from motcua.feedback.uploads import check_attachment
from motcua.notifications.actions import queue_message_on_commit
from motcua.notifications.constants import Channel, Event
from motcua.org.models import Membership, Unit
from motcua.org.selectors import has_role

if TYPE_CHECKING:
    from motcua.accounts.models import User


# ================================================================ helpers
def new_key() -> str:
    """A short lookup key printed with the code (no look-alike characters)."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def new_code(day: date) -> str:
    """``PAKN-YYMMDD-NNNN``: the day's next number. One UPDATE … SET last =
    last + 1 per code, so two requests at once never get the same number
    (the row lock serialises them; a concurrent first INSERT is retried)."""
    with transaction.atomic():
        updated = CodeCounter.objects.filter(day=day).update(last=F("last") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    CodeCounter.objects.create(day=day, last=1)
            except IntegrityError:
                CodeCounter.objects.filter(day=day).update(last=F("last") + 1)
        number = CodeCounter.objects.filter(day=day).values_list("last", flat=True).get()
    return f"{settings.FEEDBACK_CODE_PREFIX}-{day:%y%m%d}-{number:04d}"


def normalise_code(value: str) -> str:
    """Codes and dossier codes as typed: spaces dropped, upper case."""
    return "".join(nfc(value or "").split()).upper()


def deadline_for(
    kind: str, received: datetime | date, calendar: WorkingCalendar | None = None
) -> date:
    """The deadline: the kind's number of working days (settings) after the
    day of reception (core.calendar: holidays, make-up Saturdays, overrides)."""
    day = timezone.localdate(received) if isinstance(received, datetime) else received
    days = int(settings.FEEDBACK_DEADLINE_DAYS.get(kind, 10))
    calendar = calendar or WorkingCalendar.load(day)
    return calendar.add_working_days(day, days)


def tracking_url(item: FeedbackItem) -> str:
    return settings.SITE_URL + item.tracking_path()


def _require(user: Any, roles: Sequence[str], unit: Unit) -> None:
    """The actor must hold one of ``roles`` in the unit concerned (or above)."""
    if not has_role(user, roles, unit):
        raise PermissionDenied


def _ensure(item: FeedbackItem, step: str) -> None:
    if item.status not in TRANSITIONS[step]:
        raise ValidationError(
            _("This step is not possible while the item is “%(status)s”.")
            % {"status": item.get_status_display()},
            code="bad_transition",
        )


def _lock(item: FeedbackItem) -> FeedbackItem:
    return FeedbackItem.objects.select_for_update().select_related("unit").get(pk=item.pk)


def _staff_search(item: FeedbackItem) -> str:
    return index_text(
        item.code,
        item.title,
        item.contact_name,
        item.contact_email,
        item.dossier_code,
        item.content,
    )


def _notify_citizen(item: FeedbackItem, event: str, context: dict[str, Any], *, key: str) -> None:
    """E-mail the sender if they gave an address, else an SMS to their phone
    (outbox rows in this transaction, delivered on commit)."""
    context = {
        "full_name": item.contact_name or "Quý ông/bà",
        "code": item.code,
        "tracking_url": tracking_url(item),
        **context,
    }
    targets = []
    if item.contact_email:
        targets.append((Channel.EMAIL, item.contact_email))
    elif item.contact_phone:
        targets.append((Channel.SMS, item.contact_phone))
    for channel, address in targets:
        queue_message_on_commit(
            channel,
            address,
            event,
            context,
            user=item.user,
            related=item,
            unit=item.unit,
            idempotency_key=f"feedback:{item.pk}:{key}:{channel}",
        )


@dataclass(frozen=True)
class Upload:
    """A file sent with an item; ``is_scan`` for the scan of a paper letter."""

    file: IO[bytes]
    name: str
    is_scan: bool = False


def _store_uploads(uploads: Sequence[Upload]) -> list[tuple[str, Upload, str, int]]:
    """Check and write the files to storage before the transaction (an
    upload never runs inside it); returns (stored name, upload, type, size)."""
    stored: list[tuple[str, Upload, str, int]] = []
    try:
        for upload in uploads:
            sniffed = check_attachment(upload.file)
            upload.file.seek(0, 2)
            size = upload.file.tell()
            upload.file.seek(0)
            name = default_storage.save(
                f"feedback/{timezone.now():%Y/%m}/{secrets.token_hex(10)}.{sniffed.extension}",
                upload.file,
            )
            stored.append((name, upload, sniffed.content_type, size))
    except Exception:
        _discard(stored)
        raise
    return stored


def _discard(stored: Sequence[tuple[str, Any, str, int]]) -> None:
    for name, *_rest in stored:
        default_storage.delete(name)


# ================================================================ intake
def do_receive_feedback(
    *,
    channel: str,
    kind: str,
    topic: str,
    unit: Unit,
    title: str,
    content: str,
    acting_user: User | None = None,
    citizen: User | None = None,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    is_anonymous: bool = False,
    consent_publish: bool = False,
    dossier_code: str = "",
    received_at: datetime | None = None,
    uploads: Sequence[Upload] = (),
    caller_line: str = "",
    recording_ref: str = "",
    letter_date: date | None = None,
    email_from: str = "",
    email_message_id: str = "",
) -> FeedbackItem:
    """Take in one item from any channel: a code and a key, the deadline
    from the kind, the files, and a receipt to the sender. Staff channels
    (hotline, mailbox, e-mail) need a feedback role somewhere."""
    if channel != IntakeChannel.WEB and (
        acting_user is None or not has_role(acting_user, INTAKE_ROLES)
    ):
        raise PermissionDenied
    if channel == IntakeChannel.MAILBOX and not any(u.is_scan for u in uploads):
        raise ValidationError(_("Attach the scan of the letter."), code="scan_required")
    if len(uploads) > settings.FEEDBACK_MAX_ATTACHMENTS + (
        1 if channel == IntakeChannel.MAILBOX else 0
    ):
        raise ValidationError(
            _("Send at most %(n)s files.") % {"n": settings.FEEDBACK_MAX_ATTACHMENTS},
            code="too_many_files",
        )
    if is_anonymous and kind not in settings.FEEDBACK_ANONYMOUS_KINDS:
        raise ValidationError(
            _("This kind of feedback cannot be sent anonymously: give your name and a contact."),
            code="anonymous_refused",
        )
    stored = _store_uploads(uploads)
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        _discard(stored)
        raise ValidationError(_("The time received cannot be in the future."), code="future")
    try:
        with transaction.atomic():
            item = FeedbackItem(
                code=new_code(timezone.localdate(received_at)),
                lookup_key=new_key(),
                channel=channel,
                kind=kind,
                topic=topic,
                unit=unit,
                title=clean_text(title)[:200],
                content=nfc(content).strip(),
                dossier_code=normalise_code(dossier_code)[:40],
                is_anonymous=is_anonymous,
                contact_name="" if is_anonymous else clean_text(contact_name)[:120],
                contact_email=clean_text(contact_email).lower(),
                contact_phone=contact_phone,
                contact_address="" if is_anonymous else clean_text(contact_address)[:255],
                user=citizen if citizen is not None and citizen.is_authenticated else None,
                consent_publish=consent_publish,
                caller_line=clean_text(caller_line)[:32],
                recording_ref=clean_text(recording_ref)[:120],
                letter_date=letter_date,
                email_from=clean_text(email_from)[:254],
                email_message_id=clean_text(email_message_id)[:255],
                created_by=acting_user if channel != IntakeChannel.WEB else None,
                received_at=received_at,
                due_date=deadline_for(kind, received_at),
            )
            item.staff_search = _staff_search(item)
            item.save()
            for name, upload, content_type, size in stored:
                FeedbackAttachment.objects.create(
                    item=item,
                    file=name,
                    original_name=clean_text(upload.name)[:255] or name.rsplit("/", 1)[-1],
                    content_type=content_type,
                    size=size,
                    is_scan=upload.is_scan,
                    uploaded_by=acting_user,
                )
            record_audit(
                item,
                acting_user,
                AuditEvent.RECEIVED,
                new={
                    "channel": channel,
                    "kind": kind,
                    "unit": unit.name,
                    "due_date": item.due_date,
                },
            )
            _notify_citizen(
                item,
                Event.FEEDBACK_RECEIVED,
                {
                    "key": item.lookup_key,
                    "due_date": f"{item.due_date:%d/%m/%Y}",
                    "unit": unit.name,
                },
                key="received",
            )
    except Exception:
        _discard(stored)
        raise
    return item


# ============================================================== handling
@transaction.atomic
def do_classify_feedback(
    item: FeedbackItem, *, acting_user: User, kind: str, topic: str
) -> FeedbackItem:
    """Set the kind and topic; a new kind recomputes the deadline from the
    day of reception."""
    item = _lock(item)
    _require(acting_user, ROUTING_ROLES, item.unit)
    if item.status not in (
        FeedbackStatus.RECEIVED,
        FeedbackStatus.CLASSIFIED,
        FeedbackStatus.ASSIGNED,
    ):
        _ensure(item, "classify")
    old = {"kind": item.kind, "topic": item.topic, "due_date": item.due_date, "status": item.status}
    item.kind, item.topic = kind, topic
    if kind != old["kind"]:
        item.due_date = deadline_for(kind, item.received_at)
    if item.status == FeedbackStatus.RECEIVED:
        item.status = FeedbackStatus.CLASSIFIED
    item.save(update_fields=["kind", "topic", "due_date", "status", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.CLASSIFIED,
        old=old,
        new={"kind": kind, "topic": topic, "due_date": item.due_date, "status": item.status},
    )
    return item


def assignable_handlers(unit: Unit) -> list[Any]:
    """People who may handle the unit's items: handlers and approvers of
    the unit or an ancestor (one query)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            memberships__in=Membership.objects.active().filter(
                role__in=HANDLER_ROLES, unit_id__in=unit.ancestor_ids()
            )
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def do_assign_feedback(item: FeedbackItem, *, acting_user: User, handler: Any) -> FeedbackItem:
    """Give the item to a handler of the unit. Routing staff assign anyone;
    a handler may take an item for themselves."""
    item = _lock(item)
    if getattr(handler, "pk", None) == acting_user.pk:
        _require(acting_user, HANDLER_ROLES + ROUTING_ROLES, item.unit)
    else:
        _require(acting_user, ROUTING_ROLES, item.unit)
    _ensure(item, "assign")
    if not has_role(handler, HANDLER_ROLES, item.unit):
        raise ValidationError(
            _("This person does not handle feedback of the unit."), code="handler"
        )
    old = {"status": item.status, "assignee": str(item.assignee or "")}
    item.assignee = handler
    item.assigned_at = timezone.now()
    item.status = FeedbackStatus.ASSIGNED
    item.save(update_fields=["assignee", "assigned_at", "status", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.ASSIGNED,
        old=old,
        new={"status": item.status, "assignee": str(handler)},
    )
    return item


@transaction.atomic
def do_draft_answer(item: FeedbackItem, *, acting_user: User, answer: str) -> FeedbackItem:
    """The handler writes the answer and sends it for approval."""
    item = _lock(item)
    _require(acting_user, HANDLER_ROLES, item.unit)
    if item.assignee_id != acting_user.pk and not has_role(acting_user, APPROVER_ROLES, item.unit):
        raise PermissionDenied
    _ensure(item, "draft")
    answer = nfc(answer).strip()
    if not answer:
        raise ValidationError(_("Write the answer."), code="answer_required")
    old = {"status": item.status}
    item.answer = answer
    item.drafted_by = acting_user
    item.status = FeedbackStatus.DRAFTED
    item.save(update_fields=["answer", "drafted_by", "status", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.DRAFTED,
        old=old,
        new={"status": item.status, "answer": answer},
    )
    return item


@transaction.atomic
def do_return_answer(item: FeedbackItem, *, acting_user: User, reason: str) -> FeedbackItem:
    """The approver sends the draft back to the handler with a reason."""
    item = _lock(item)
    _require(acting_user, APPROVER_ROLES, item.unit)
    _ensure(item, "return")
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("Say what must change."), code="reason_required")
    item.status = FeedbackStatus.ASSIGNED
    item.save(update_fields=["status", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.RETURNED,
        old={"status": FeedbackStatus.DRAFTED},
        new={"status": item.status, "reason": reason},
    )
    return item


@transaction.atomic
def do_approve_answer(
    item: FeedbackItem, *, acting_user: User, answer: str | None = None, publish: bool = False
) -> FeedbackItem:
    """The approver approves the answer (possibly edited) and decides on
    publication, which needs the citizen's consent."""
    item = _lock(item)
    _require(acting_user, APPROVER_ROLES, item.unit)
    _ensure(item, "approve")
    if publish and not item.consent_publish:
        raise ValidationError(
            _("The sender did not agree to publication: the answer cannot be published."),
            code="no_consent",
        )
    if answer is not None and nfc(answer).strip():
        item.answer = nfc(answer).strip()
    item.status = FeedbackStatus.APPROVED
    item.approved_by = acting_user
    item.approved_at = timezone.now()
    item.publish_approved = publish
    item.save(
        update_fields=[
            "answer",
            "status",
            "approved_by",
            "approved_at",
            "publish_approved",
            "updated_at",
        ]
    )
    record_audit(
        item,
        acting_user,
        AuditEvent.APPROVED,
        old={"status": FeedbackStatus.DRAFTED},
        new={"status": item.status, "publish": publish, "answer": item.answer},
    )
    return item


def _publish(item: FeedbackItem) -> None:
    names = [item.contact_name]
    item.public_title = mask_personal_data(item.title, names=names)[:200]
    item.public_question = mask_personal_data(item.content, names=names)
    item.public_answer = mask_personal_data(item.answer, names=names)
    item.public_search = index_text(
        item.public_title,
        item.public_question,
        item.public_answer,
        item.get_topic_display(),
        item.unit.name,
    )
    item.is_published = True
    item.published_at = timezone.now()


@transaction.atomic
def do_send_answer(item: FeedbackItem, *, acting_user: User) -> FeedbackItem:
    """Send the approved answer to the citizen and, if approved for it,
    publish it (masked) on /hoi-dap/."""
    item = _lock(item)
    _require(acting_user, SEND_ROLES, item.unit)
    _ensure(item, "send")
    item.status = FeedbackStatus.ANSWERED
    item.answered_at = timezone.now()
    fields = ["status", "answered_at", "updated_at"]
    if item.publish_approved and item.consent_publish:
        _publish(item)
        fields += [
            "is_published",
            "published_at",
            "public_title",
            "public_question",
            "public_answer",
            "public_search",
        ]
    item.save(update_fields=fields)
    record_audit(
        item,
        acting_user,
        AuditEvent.SENT,
        old={"status": FeedbackStatus.APPROVED},
        new={"status": item.status, "on_time": not item.answered_late},
    )
    if item.is_published:
        record_audit(item, acting_user, AuditEvent.PUBLISHED, new={"title": item.public_title})
    _notify_citizen(
        item,
        Event.FEEDBACK_ANSWERED,
        {"answer_url": tracking_url(item)},
        key=f"answered:{item.reopen_count}",
    )
    return item


@transaction.atomic
def do_set_publication(item: FeedbackItem, *, acting_user: User, publish: bool) -> FeedbackItem:
    """Publish a sent answer (with consent) or withdraw it from /hoi-dap/."""
    item = _lock(item)
    _require(acting_user, APPROVER_ROLES, item.unit)
    _ensure(item, "publish")
    if publish and not item.consent_publish:
        raise ValidationError(
            _("The sender did not agree to publication: the answer cannot be published."),
            code="no_consent",
        )
    if publish == item.is_published:
        return item
    if publish:
        _publish(item)
    else:
        item.is_published = False
    item.publish_approved = publish
    item.save(
        update_fields=[
            "is_published",
            "published_at",
            "public_title",
            "public_question",
            "public_answer",
            "public_search",
            "publish_approved",
            "updated_at",
        ]
    )
    record_audit(item, acting_user, AuditEvent.PUBLISHED if publish else AuditEvent.UNPUBLISHED)
    return item


@transaction.atomic
def do_close_feedback(item: FeedbackItem, *, acting_user: User) -> FeedbackItem:
    """Close an answered item (a closed item is not necessarily solved:
    the rating says that)."""
    item = _lock(item)
    _require(acting_user, SEND_ROLES, item.unit)
    _ensure(item, "close")
    item.status = FeedbackStatus.CLOSED
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "closed_at", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.CLOSED,
        old={"status": FeedbackStatus.ANSWERED},
        new={"status": item.status},
    )
    return item


@transaction.atomic
def do_transfer_feedback(
    item: FeedbackItem, *, acting_user: User, to_unit: Unit, reason: str = ""
) -> FeedbackItem:
    """Send the item to another unit of the Department; it starts again
    there as received, with the same deadline (the citizen's clock does
    not restart)."""
    item = _lock(item)
    _require(acting_user, ROUTING_ROLES, item.unit)
    _ensure(item, "transfer")
    if to_unit.pk == item.unit_id or not to_unit.is_active:
        raise ValidationError(_("Choose another, active unit."), code="same_unit")
    old = {"unit": item.unit.name, "status": item.status}
    item.unit = to_unit
    item.status = FeedbackStatus.RECEIVED
    item.assignee = None
    item.assigned_at = None
    item.publish_approved = False
    item.transfer_count += 1
    item.save(
        update_fields=[
            "unit",
            "status",
            "assignee",
            "assigned_at",
            "publish_approved",
            "transfer_count",
            "updated_at",
        ]
    )
    record_audit(
        item,
        acting_user,
        AuditEvent.TRANSFERRED,
        old=old,
        new={"unit": to_unit.name, "status": item.status, "reason": clean_text(reason)},
    )
    _notify_citizen(
        item,
        Event.FEEDBACK_TRANSFERRED,
        {"unit": to_unit.name},
        key=f"transferred:{item.transfer_count}",
    )
    return item


@transaction.atomic
def do_decline_feedback(item: FeedbackItem, *, acting_user: User, referral: str) -> FeedbackItem:
    """Outside our competence: close the item with a notice to the citizen
    naming where to go. Such items do not count in the on-time rate."""
    item = _lock(item)
    _require(acting_user, APPROVER_ROLES, item.unit)
    _ensure(item, "decline")
    referral = nfc(referral).strip()
    if not referral:
        raise ValidationError(
            _("Name the authority the citizen should turn to."), code="referral_required"
        )
    old = {"status": item.status}
    item.status = FeedbackStatus.OUTSIDE_COMPETENCE
    item.referral = referral
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "referral", "closed_at", "updated_at"])
    record_audit(
        item,
        acting_user,
        AuditEvent.DECLINED,
        old=old,
        new={"status": item.status, "referral": referral},
    )
    _notify_citizen(item, Event.FEEDBACK_OUTSIDE_COMPETENCE, {"referral": referral}, key="declined")
    return item


# ================================================================ citizen
def check_key(item: FeedbackItem, key: str) -> bool:
    """Whether ``key`` is the item's lookup key (constant time, any case)."""
    return secrets.compare_digest(normalise_code(key).encode(), item.lookup_key.encode())


@transaction.atomic
def do_rate_feedback(
    item: FeedbackItem, *, rating: str, comment: str = "", acting_user: User | None = None
) -> FeedbackItem:
    """The citizen rates the answer (hài lòng / không hài lòng). A
    satisfied rating closes an answered item."""
    item = _lock(item)
    _ensure(item, "rate")
    if rating not in Rating.values:
        raise ValidationError(_("Choose whether you are satisfied."), code="rating")
    old = {"rating": item.rating, "status": item.status}
    item.rating = rating
    item.rating_comment = nfc(comment).strip()[:2000]
    item.rated_at = timezone.now()
    fields = ["rating", "rating_comment", "rated_at", "updated_at"]
    if rating == Rating.SATISFIED and item.status == FeedbackStatus.ANSWERED:
        item.status = FeedbackStatus.CLOSED
        item.closed_at = timezone.now()
        fields += ["status", "closed_at"]
    item.save(update_fields=fields)
    record_audit(
        item,
        acting_user,
        AuditEvent.RATED,
        old=old,
        new={"rating": rating, "comment": item.rating_comment, "status": item.status},
    )
    return item


def may_reopen(item: FeedbackItem, now: datetime | None = None) -> bool:
    """Unsatisfied, answered, and within ``FEEDBACK_REOPEN_DAYS`` of the answer."""
    if item.rating != Rating.UNSATISFIED or item.answered_at is None or not item.is_answered:
        return False
    now = now or timezone.now()
    return now <= item.answered_at + timedelta(days=settings.FEEDBACK_REOPEN_DAYS)


@transaction.atomic
def do_reopen_feedback(
    item: FeedbackItem, *, reason: str, acting_user: User | None = None
) -> FeedbackItem:
    """An unsatisfied citizen reopens the item within the allowed days: it
    goes back to its handler with a new deadline, and leaves /hoi-dap/."""
    item = _lock(item)
    _ensure(item, "reopen")
    if not may_reopen(item):
        raise ValidationError(
            _(
                "This answer can no longer be reopened: reopening is possible within %(days)s days of the answer, after rating it as not satisfactory."
            )
            % {"days": settings.FEEDBACK_REOPEN_DAYS},
            code="reopen_refused",
        )
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError(
            _("Say why the answer does not settle the matter."), code="reason_required"
        )
    old = {"status": item.status, "due_date": item.due_date}
    item.status = FeedbackStatus.ASSIGNED if item.assignee_id else FeedbackStatus.RECEIVED
    item.reopen_count += 1
    item.due_date = deadline_for(item.kind, timezone.now())
    item.approved_by = None
    item.approved_at = None
    item.publish_approved = False
    item.is_published = False
    item.closed_at = None
    item.save(
        update_fields=[
            "status",
            "reopen_count",
            "due_date",
            "approved_by",
            "approved_at",
            "publish_approved",
            "is_published",
            "closed_at",
            "updated_at",
        ]
    )
    record_audit(
        item,
        acting_user,
        AuditEvent.REOPENED,
        old=old,
        new={"status": item.status, "due_date": item.due_date, "reason": reason},
    )
    return item


# ============================================================= reminders
def _escalation_people(unit: Unit) -> list[Any]:
    """Approvers and leaders of the unit, or of its nearest ancestor that
    has some (the Department's leaders for a unit without its own)."""
    rows = list(
        Membership.objects.active()
        .filter(role__in=ESCALATION_ROLES, unit_id__in=unit.ancestor_ids())
        .select_related("user", "unit")
    )
    if not rows:
        return []
    deepest = max(r.unit.depth for r in rows)
    people = {r.user.pk: r.user for r in rows if r.unit.depth == deepest}
    return list(people.values())


def _routing_people(unit: Unit) -> list[Any]:
    rows = list(
        Membership.objects.active()
        .filter(role__in=ROUTING_ROLES, unit_id__in=unit.ancestor_ids())
        .select_related("user", "unit")
    )
    if not rows:
        return []
    deepest = max(r.unit.depth for r in rows)
    return list({r.user.pk: r.user for r in rows if r.unit.depth == deepest}.values())


SITUATIONS: dict[str, str] = {
    ReminderKind.REMINDER: "sắp đến hạn trả lời",
    ReminderKind.DUE_SOON: "sắp đến hạn trả lời (báo cáo lãnh đạo)",
    ReminderKind.OVERDUE: "đã quá hạn trả lời (báo cáo lãnh đạo)",
}


def send_due_reminders(today: date | None = None) -> list[FeedbackReminder]:
    """Remind handlers before the deadline and escalate to the unit's
    approvers and leaders when due soon and when overdue. Each (item, kind,
    deadline) is sent once, so running this again the same day (or
    concurrently) sends nothing more."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.load(today - timedelta(days=400))
    remind_days = settings.FEEDBACK_REMIND_DAYS
    escalate_days = settings.FEEDBACK_ESCALATE_DAYS
    horizon = calendar.add_working_days(today, max(remind_days, escalate_days))
    items = list(
        FeedbackItem.objects.filter(status__in=OPEN_STATUSES, due_date__lte=horizon)
        .select_related("unit", "assignee")
        .order_by("due_date", "pk")
    )
    done = set(
        FeedbackReminder.objects.filter(item__in=items).values_list("item_id", "kind", "due_date")
    )
    sent: list[FeedbackReminder] = []
    for item in items:
        left = calendar.working_days_between(today, item.due_date)
        kinds = []
        if item.due_date < today:
            kinds.append(ReminderKind.OVERDUE)
        else:
            if left <= remind_days:
                kinds.append(ReminderKind.REMINDER)
            if left <= escalate_days:
                kinds.append(ReminderKind.DUE_SOON)
        for kind in kinds:
            if (item.pk, kind, item.due_date) in done:
                continue
            reminder = _send_reminder(item, kind)
            if reminder is not None:
                sent.append(reminder)
    return sent


def _send_reminder(item: FeedbackItem, kind: str) -> FeedbackReminder | None:
    if kind == ReminderKind.REMINDER:
        people = [item.assignee] if item.assignee else _routing_people(item.unit)
    else:
        people = _escalation_people(item.unit)
        if item.assignee and kind == ReminderKind.OVERDUE:
            people = [item.assignee, *[p for p in people if p.pk != item.assignee_id]]
    people = [p for p in people if p is not None and p.email]
    try:
        with transaction.atomic():
            reminder = FeedbackReminder.objects.create(
                item=item,
                kind=kind,
                due_date=item.due_date,
                recipients=", ".join(p.email for p in people),
            )
            staff_url = settings.SITE_URL + reverse("feedback:detail", args=[item.pk])
            for person in people:
                queue_message_on_commit(
                    Channel.EMAIL,
                    person.email,
                    Event.FEEDBACK_STAFF_REMINDER,
                    {
                        "full_name": person.full_name or person.email,
                        "code": item.code,
                        "title": item.title,
                        "unit": item.unit.name,
                        "due_date": f"{item.due_date:%d/%m/%Y}",
                        "situation": SITUATIONS[kind],
                        "assignee": str(item.assignee.full_name or item.assignee.email)
                        if item.assignee
                        else "chưa giao",
                        "staff_url": staff_url,
                    },
                    user=person,
                    related=item,
                    unit=item.unit,
                    idempotency_key=f"feedback:{item.pk}:{kind}:{item.due_date}:{person.pk}",
                )
            record_audit(
                item, None, AuditEvent.REMINDED, new={"kind": kind, "to": reminder.recipients}
            )
    except IntegrityError:
        return None  # another run sent it first
    return reminder
