"""Writes of the notifications app: queue messages (the outbox), deliver
them, record receipts, resend; preferences, phone codes, campaigns and
inbound SMS.

The outbox contract (DESIGN.md §4, STYLE.md):

1. ``queue_message`` writes the row inside the caller's transaction; the
   delivery task is enqueued with ``transaction.on_commit``, so a rolled
   back change sends nothing and a committed one always has its row.
2. A worker *claims* a row with a conditional UPDATE (status and due time
   in the WHERE clause) that also sets a lease; on PostgreSQL the batch
   scan uses ``SELECT … FOR UPDATE SKIP LOCKED`` so workers do not queue
   behind each other. Any number of workers may run.
3. The send runs outside any transaction. Right after the gateway accepts,
   one short transaction marks the row sent.
4. A worker killed between claim and mark leaves the row ``sending`` with
   its lease; when the lease runs out another worker claims it again and
   the unfinished attempt is recorded as abandoned.

Residual window: a worker killed *after* the gateway accepted a message
and *before* its mark committed (microseconds to a few milliseconds: one
UPDATE) will have the message sent again once the lease expires. This is
at-least-once delivery; exactly-once is impossible with SMTP or SMPP, which
have no idempotent submit. E-mails carry a stable Message-ID derived from
the idempotency key so that receiving servers may drop the duplicate.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.accounts.models import Consent
from motcua.accounts.validators import normalise_phone
from motcua.core import ratelimit
from motcua.core.audit import record_audit
from motcua.core.text import clean_text
from motcua.notifications import inbound as inbound_registry
from motcua.notifications import rendering
from motcua.notifications.constants import (
    EVENTS,
    AttemptOutcome,
    AuditEvent,
    CampaignStatus,
    Channel,
    CodePurpose,
    Event,
    InboundSource,
    InboundStatus,
    MessageStatus,
    Priority,
    SuppressionReason,
    event_spec,
)
from motcua.notifications.models import (
    Campaign,
    DeliveryAttempt,
    DeliveryReceipt,
    InboundMessage,
    Message,
    MessageAttachment,
    MessageTemplate,
    NotificationPreference,
    OneTimeCode,
    SmsPart,
    Suppression,
    TopicSubscription,
    VerifiedPhone,
)
from motcua.notifications.transports import (
    EmailTransport,
    Envelope,
    MobileOriginated,
    ReceiptEvent,
    SendResult,
    Sms,
    TransportError,
    get_sms_gateway,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from motcua.accounts.models import User
    from motcua.org.models import Unit

logger = logging.getLogger(__name__)

# Attachments live in the database (same transaction as the message).
MAX_ATTACHMENTS_BYTES = 10 * 1024 * 1024


# =============================================================== queueing
def _normalise_recipient(channel: str, recipient: str) -> str:
    recipient = clean_text(recipient or "")
    if channel == Channel.SMS:
        try:
            return normalise_phone(recipient)
        except ValidationError:
            return recipient  # the transport fails it permanently, with the reason
    return recipient.lower() if "@" in recipient else recipient


def _related(obj: models.Model | None) -> tuple[ContentType | None, str]:
    if obj is None:
        return None, ""
    return ContentType.objects.get_for_model(obj, for_concrete_model=False), str(obj.pk)


def queue_message(
    channel: str,
    recipient: str,
    event: str,
    context: dict[str, Any] | None = None,
    *,
    user: AbstractBaseUser | None = None,
    related: models.Model | None = None,
    unit: Unit | None = None,
    idempotency_key: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    campaign: Campaign | None = None,
    priority: int | None = None,
    quiet_hours: bool = False,
    rendered: rendering.Rendered | None = None,
    next_attempt_at: datetime | None = None,
) -> Message:
    """Write one outbox row and deliver it once the surrounding transaction
    commits. Call it inside the transaction of the change that causes the
    message (an action), so both are committed together or not at all.

    ``context`` must be JSON-serialisable (format dates as dd/mm/yyyy
    first). ``idempotency_key`` makes the call safe to repeat: the same key
    returns the first row and sends once. ``related`` and ``unit`` put the
    message in the delivery log of that object and scope it to that unit.
    """
    spec = event_spec(event)
    if channel not in spec.channels:
        raise ValueError(f"{event} has no {channel} template")
    context = dict(context or {})
    key = (idempotency_key or f"auto:{get_random_string(24)}")[:200]
    with transaction.atomic():
        existing = Message.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        if rendered is None:
            rendered = rendering.render(event, channel, context)
        size = sum(len(content) for _n, content, _m in attachments)
        if size > MAX_ATTACHMENTS_BYTES:
            raise ValueError("attachments too large for the outbox")
        related_type, related_id = _related(related)
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    channel=channel,
                    recipient=_normalise_recipient(channel, recipient),
                    user_id=getattr(user, "pk", None),
                    event=event,
                    # A one-time code is kept only in the text, and only until sent.
                    context={} if spec.redact else context,
                    subject=rendered.subject[:255],
                    body_text=rendered.text,
                    body_html=rendered.html,
                    segments=rendered.segments,
                    encoding=rendered.encoding,
                    related_type=related_type,
                    related_id=related_id,
                    unit=unit,
                    campaign=campaign,
                    idempotency_key=key,
                    priority=spec.priority if priority is None else priority,
                    quiet_hours=quiet_hours,
                    max_attempts=settings.NOTIFY_MAX_ATTEMPTS,
                    next_attempt_at=next_attempt_at or timezone.now(),
                )
        except IntegrityError:
            # Another transaction queued the same key first.
            return Message.objects.get(idempotency_key=key)
        for filename, content, mimetype in attachments:
            MessageAttachment.objects.create(
                message=message,
                filename=filename,
                mimetype=mimetype,
                content=content,
                size=len(content),
            )
        _deliver_on_commit(message.pk)
    return message


class _CommitBatch:
    """The messages queued in one transaction, enqueued as one delivery
    task when it commits (one batch shares an SMTP connection, and a
    gateway found down stops the batch instead of failing each message)."""

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.done = False

    def __call__(self) -> None:
        self.done = True
        ids, self.ids = self.ids, []
        enqueue_delivery_on_commit(ids)


def _deliver_on_commit(pk: int) -> None:
    conn = transaction.get_connection()
    batch = getattr(conn, "_motcua_outbox_batch", None)
    # Django drops the callbacks of a rolled-back block from run_on_commit;
    # a batch no longer listed there must be replaced, not appended to.
    if (
        batch is None
        or batch.done
        or not any(cb is batch for _sids, cb, _robust in conn.run_on_commit)
    ):
        batch = _CommitBatch()
        conn._motcua_outbox_batch = batch  # type: ignore[attr-defined]
        transaction.on_commit(batch)
    batch.ids.append(pk)


# The name STYLE.md uses: the row is written now, delivery happens on commit.
queue_message_on_commit = queue_message


def enqueue_delivery_on_commit(message_ids: list[int], run_after: datetime | None = None) -> None:
    """Enqueue delivery tasks (chunks of ``NOTIFY_BATCH_SIZE``). Runs after
    commit; if the task queue is unreachable nothing is lost: the rows are
    in the outbox and ``send_due_messages`` picks them up."""
    from django.tasks import task_backends

    from motcua.notifications.tasks import deliver_messages_task

    size = max(1, settings.NOTIFY_BATCH_SIZE)
    try:
        task = deliver_messages_task
        if run_after is not None:
            if not task_backends["default"].supports_defer:
                return
            task = task.using(run_after=run_after)
        for start in range(0, len(message_ids), size):
            task.enqueue(list(message_ids[start : start + size]))
    except Exception:
        logger.exception("could not enqueue delivery of %s messages", len(message_ids))


def _contact_for(user: User, channel: str) -> str:
    """The user's address on ``channel``: a verified e-mail, a verified phone."""
    from allauth.account.models import EmailAddress

    if channel == Channel.EMAIL:
        address = (
            EmailAddress.objects.filter(user=user, verified=True)
            .order_by("-primary")
            .values_list("email", flat=True)
            .first()
        )
        return address or ""
    verified = VerifiedPhone.objects.filter(user=user).values_list("phone", flat=True).first()
    return verified if verified and verified == user.phone else ""


def channels_for(user: User, event: str) -> list[str]:
    """The channels ``event`` reaches ``user`` on: their preferences, then
    the contacts they have. A statutory event always keeps a channel."""
    spec = event_spec(event)
    off = set(
        NotificationPreference.objects.filter(user=user, event=event, enabled=False).values_list(
            "channel", flat=True
        )
    )
    wanted = (
        [c for c in spec.channels if c not in off] if spec.configurable else list(spec.channels)
    )
    if spec.statutory and not wanted:
        wanted = list(spec.channels)  # the preferences page forbids this; be safe anyway
    return wanted


def notify_user(
    user: User,
    event: str,
    context: dict[str, Any] | None = None,
    *,
    related: models.Model | None = None,
    unit: Unit | None = None,
    key: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> list[Message]:
    """Queue ``event`` for a user on the channels they chose and can be
    reached on (verified e-mail, verified phone). For a statutory event
    with no reachable chosen channel, any reachable channel is used.
    ``key``: the idempotency key prefix (the channel is appended)."""
    context = {"full_name": user.full_name or user.email, **(context or {})}
    spec = event_spec(event)
    chosen = channels_for(user, event)
    targets = [(c, _contact_for(user, c)) for c in chosen]
    targets = [(c, addr) for c, addr in targets if addr]
    if not targets and spec.statutory:
        targets = [(c, _contact_for(user, c)) for c in spec.channels]
        targets = [(c, addr) for c, addr in targets if addr]
    messages = []
    for channel, address in targets:
        messages.append(
            queue_message(
                channel,
                address,
                event,
                context,
                user=user,
                related=related,
                unit=unit,
                idempotency_key=f"{key}:{channel}" if key else None,
                attachments=attachments if channel == Channel.EMAIL else (),
            )
        )
    return messages


# =============================================================== delivery
def _worker_name() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}"


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff with jitter: base × 2^(n-1), ±20 %, capped."""
    base = settings.NOTIFY_BACKOFF_SECONDS * (2 ** max(0, attempts - 1))
    seconds = min(base, settings.NOTIFY_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def send_hours() -> tuple[time, time]:
    """The campaign sending window (``CAMPAIGN_SEND_HOURS``, local time)."""
    raw = settings.CAMPAIGN_SEND_HOURS or "00:00-24:00"
    start_s, _sep, end_s = raw.partition("-")

    def parse(value: str) -> time:
        hours, _c, minutes = value.strip().partition(":")
        h, m = int(hours), int(minutes or 0)
        return time(23, 59, 59) if h >= 24 else time(h, m)

    return parse(start_s), parse(end_s)


def in_send_hours(now: datetime | None = None) -> bool:
    local = timezone.localtime(now or timezone.now())
    start, end = send_hours()
    return start <= local.time() < end


def next_send_window(now: datetime | None = None) -> datetime:
    """``now`` if inside the sending window, else when it next opens."""
    now = now or timezone.now()
    if in_send_hours(now):
        return now
    local = timezone.localtime(now)
    start, _end = send_hours()
    opening = local.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
    if opening <= local:
        opening += timedelta(days=1)
    return opening


@dataclass
class DeliveryReport:
    """What one batch did (returned by the task, printed by the command)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0
    campaigns: set[int] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "retrying": self.retrying,
            "failed": self.failed,
            "skipped": self.skipped,
            "deferred": self.deferred,
        }


def _quiet_block(now: datetime) -> Q:
    """Rows that must wait for the sending window at ``now``."""
    return Q(quiet_hours=True) if not in_send_hours(now) else Q(pk__in=[])


# Rows claimed at once: small enough that the lease covers their sending.
CLAIM_CHUNK = 10


def claim(
    worker: str,
    now: datetime | None = None,
    *,
    ids: Sequence[int] | None = None,
    limit: int = CLAIM_CHUNK,
    channels: Sequence[str] | None = None,
    overdue: timedelta | None = None,
) -> tuple[list[tuple[Message, DeliveryAttempt]], str]:
    """Claim due messages (``ids``, or the most urgent due ones) for one
    worker and record an attempt for each, in one transaction.

    The claim is a conditional UPDATE (the due condition is in its WHERE
    clause), so of two workers racing for a row exactly one wins; on
    PostgreSQL the scan for due rows takes row locks with SKIP LOCKED so
    concurrent workers take different rows instead of waiting. Each claim
    has its own token in ``claimed_by``; only the holder of the token may
    mark the row afterwards. Returns the claimed rows and the token."""
    now = now or timezone.now()
    token = f"{worker[:50]}:{get_random_string(10)}"
    lease = timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)
    # ``overdue``: only rows due for that long (a sweep that must not take
    # fresh work from the tasks about to deliver it).
    due = Message.objects.due(now - overdue if overdue else now).exclude(_quiet_block(now))
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    if channels is not None:
        due = due.filter(channel__in=list(channels))
    due = due.order_by("priority", "next_attempt_at", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        pks = list(due.values_list("pk", flat=True)[:limit])
        if not pks:
            return [], token
        Message.objects.filter(pk__in=pks).due(now).exclude(_quiet_block(now)).update(
            status=MessageStatus.SENDING,
            claimed_by=token,
            lease_expires_at=now + lease,
            attempts=F("attempts") + 1,
        )
        messages = list(
            Message.objects.filter(claimed_by=token, status=MessageStatus.SENDING)
            .prefetch_related("attachments")
            .order_by("priority", "next_attempt_at", "pk")
        )
        # An attempt still "in progress" belonged to a worker that died.
        DeliveryAttempt.objects.filter(
            message__in=messages, outcome=AttemptOutcome.IN_PROGRESS
        ).update(
            outcome=AttemptOutcome.ABANDONED,
            finished_at=now,
            error=_("The worker stopped before the gateway answered."),
        )
        usable = []
        for message in messages:
            if message.attempts > message.max_attempts:
                # A message that stops its worker every time is parked.
                _fail(message, None, _("Gave up: the worker stopped during every attempt."), now)
            else:
                usable.append(message)
        attempts = DeliveryAttempt.objects.bulk_create(
            [
                DeliveryAttempt(message=m, number=m.attempts, worker=worker[:64], started_at=now)
                for m in usable
            ]
        )
    return list(zip(usable, attempts, strict=True)), token


def _fail(message: Message, attempt: DeliveryAttempt | None, reason: str, now: datetime) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED,
        failed_at=now,
        last_error=reason[:2000],
        claimed_by="",
        lease_expires_at=None,
    )
    if attempt is not None:
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            outcome=AttemptOutcome.PERMANENT, finished_at=now, error=reason[:2000]
        )


def _release(claimed: Sequence[tuple[Message, DeliveryAttempt]], token: str) -> None:
    """Give claimed rows back untouched (gateway down, worker stopping):
    the attempt is not counted and the row is due again at once."""
    if not claimed:
        return
    with transaction.atomic():
        DeliveryAttempt.objects.filter(pk__in=[a.pk for _m, a in claimed]).delete()
        Message.objects.filter(
            pk__in=[m.pk for m, _a in claimed], claimed_by=token, status=MessageStatus.SENDING
        ).update(
            status=MessageStatus.QUEUED,
            attempts=F("attempts") - 1,
            claimed_by="",
            lease_expires_at=None,
        )


def _envelope(message: Message) -> Envelope:
    headers = {}
    if message.campaign_id and message.context.get("unsubscribe_url"):
        url = message.context["unsubscribe_url"]
        # RFC 8058 one-click unsubscribe.
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return Envelope(
        message_id=message.pk,
        to=message.recipient,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
        attachments=[(a.filename, bytes(a.content), a.mimetype) for a in message.attachments.all()],
        headers=headers,
        idempotency_key=message.idempotency_key,
    )


def _mark_sent(message: Message, attempt: DeliveryAttempt, result: SendResult, token: str) -> None:
    """The gateway accepted: record it at once, in one short transaction.
    This is the only step between acceptance and safety (see the module
    docstring): nothing else runs between the transport's return and it."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "status": MessageStatus.SENT,
        "sent_at": now,
        "provider_message_id": result.provider_message_id[:100],
        "claimed_by": "",
        "lease_expires_at": None,
        "last_error": "",
    }
    if event_spec(message.event).redact:
        fields.update(body_text="", body_html="", context={}, redacted=True)
    with transaction.atomic():
        won = Message.objects.filter(
            pk=message.pk, claimed_by=token, status=MessageStatus.SENDING
        ).update(**fields)
        if not won:
            # The lease ran out while the gateway was slow and another
            # worker may hold the row now: still record that it went out.
            logger.warning("message %s sent after its lease expired", message.pk)
            Message.objects.filter(pk=message.pk, status__in=list(_PENDING)).update(**fields)
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            outcome=AttemptOutcome.SENT,
            finished_at=now,
            provider_message_id=result.provider_message_id[:100],
        )
        if message.channel == Channel.SMS and result.part_ids:
            SmsPart.objects.bulk_create(
                [
                    SmsPart(message_id=message.pk, number=i, provider_message_id=pid[:100])
                    for i, pid in enumerate(result.part_ids, start=1)
                    if pid
                ],
                ignore_conflicts=True,
            )
    if message.channel == Channel.SMS and result.part_ids:
        # Receipts the SMSC sent before this mark committed.
        for receipt in DeliveryReceipt.objects.filter(
            provider_message_id__in=result.part_ids, matched=False
        ):
            _apply_receipt_row(receipt)


_PENDING = (MessageStatus.QUEUED, MessageStatus.SENDING)


def _mark_error(
    message: Message, attempt: DeliveryAttempt, error: TransportError, token: str
) -> str:
    """Record a failed attempt; retry later or park. Returns the new status."""
    now = timezone.now()
    reason = error.reason[:2000]
    gave_up = not error.permanent and message.attempts >= message.max_attempts
    with transaction.atomic():
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            outcome=AttemptOutcome.PERMANENT if error.permanent else AttemptOutcome.TEMPORARY,
            finished_at=now,
            error=reason,
        )
        if error.permanent or gave_up:
            if gave_up:
                reason = _("Gave up after %(n)s attempts. Last error: %(error)s") % {
                    "n": message.attempts,
                    "error": reason,
                }
            Message.objects.filter(pk=message.pk, claimed_by=token).update(
                status=MessageStatus.FAILED,
                failed_at=now,
                last_error=reason[:2000],
                claimed_by="",
                lease_expires_at=None,
            )
            return MessageStatus.FAILED
        retry_at = now + backoff_delay(message.attempts)
        Message.objects.filter(pk=message.pk, claimed_by=token).update(
            status=MessageStatus.QUEUED,
            next_attempt_at=retry_at,
            last_error=reason,
            claimed_by="",
            lease_expires_at=None,
        )
        transaction.on_commit(partial(enqueue_delivery_on_commit, [message.pk], retry_at))
    return MessageStatus.QUEUED


def _defer_quiet(ids: Iterable[int], now: datetime) -> int:
    """Move campaign messages that fall outside the sending window to its
    next opening (no attempt is counted)."""
    opening = next_send_window(now)
    return Message.objects.filter(
        pk__in=list(ids), quiet_hours=True, status=MessageStatus.QUEUED, next_attempt_at__lt=opening
    ).update(next_attempt_at=opening)


class _Sender:
    """The transports of one batch, opened on first use, closed at the end."""

    def __init__(self) -> None:
        self.email: EmailTransport | None = None
        self.gateway: Any = None
        self.broken: set[str] = set()  # channels whose gateway is down

    def send(self, message: Message) -> SendResult:
        try:
            if message.channel == Channel.EMAIL:
                self.email = self.email or EmailTransport()
                return self.email.send(_envelope(message))
            self.gateway = self.gateway or get_sms_gateway()
            return self.gateway.send(
                Sms(
                    message_id=message.pk,
                    to=message.recipient,
                    text=message.body_text,
                    sender=settings.SMS_SENDER_ID,
                )
            )
        except TransportError:
            raise
        except Exception as exc:  # a bug or an unexpected library error: retry, then park
            logger.exception("transport failed on message %s", message.pk)
            raise TransportError(
                _("Unexpected error: %(error)s") % {"error": repr(exc)[:300]}, permanent=False
            ) from exc

    def events(self) -> list[Any]:
        return self.gateway.drain_events() if self.gateway is not None else []

    def close(self) -> None:
        if self.email is not None:
            self.email.close()


def _send_claimed(
    claimed: list[tuple[Message, DeliveryAttempt]],
    token: str,
    sender: _Sender,
    report: DeliveryReport,
) -> None:
    lease = settings.NOTIFY_LEASE_SECONDS
    renew_at = timezone.now() + timedelta(seconds=lease / 2)
    for message, attempt in claimed:
        if message.campaign_id:
            report.campaigns.add(message.campaign_id)
        if message.channel in sender.broken:
            _release([(message, attempt)], token)
            report.skipped += 1
            continue
        if timezone.now() > renew_at:
            # A slow gateway: keep the lease on what this worker still holds.
            Message.objects.filter(claimed_by=token, status=MessageStatus.SENDING).update(
                lease_expires_at=timezone.now() + timedelta(seconds=lease)
            )
            renew_at = timezone.now() + timedelta(seconds=lease / 2)
        try:
            result = sender.send(message)
        except TransportError as exc:
            status = _mark_error(message, attempt, exc, token)
            if status == MessageStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
                sender.broken.add(message.channel)
            continue
        _mark_sent(message, attempt, result, token)
        report.sent += 1
        process_gateway_events(sender.events())


def deliver_messages(message_ids: Sequence[int], *, worker: str | None = None) -> DeliveryReport:
    """Claim, send and record the messages of ``message_ids`` (the body of
    the delivery task), a few at a time. Messages that someone else holds
    or that are not due are skipped; campaign messages outside the sending
    hours are moved to the next opening. After a temporary gateway error
    the rest of that channel is left queued for the periodic sweep."""
    worker = worker or _worker_name()
    report = DeliveryReport()
    sender = _Sender()
    ids = list(message_ids)
    with override(settings.LANGUAGE_CODE):
        try:
            for start in range(0, len(ids), CLAIM_CHUNK):
                chunk = ids[start : start + CLAIM_CHUNK]
                now = timezone.now()
                claimed, token = claim(worker, now, ids=chunk, limit=len(chunk))
                missing = set(chunk) - {m.pk for m, _a in claimed}
                deferred = _defer_quiet(missing, now) if missing and not in_send_hours(now) else 0
                if deferred:
                    enqueue_delivery_on_commit(sorted(missing), next_send_window(now))
                report.deferred += deferred
                report.skipped += len(missing) - deferred
                _send_claimed(claimed, token, sender, report)
        finally:
            sender.close()
    if report.campaigns:
        complete_finished_campaigns(report.campaigns)
    return report


def send_due_messages(
    *, limit: int = 500, worker: str | None = None, overdue: timedelta | None = None
) -> DeliveryReport:
    """Deliver what is due: retries whose time has come, rows whose worker
    died (expired lease), rows whose task was lost. Run by the periodic
    command; any number of processes may run it at once. ``overdue``: only
    rows due for at least that long."""
    worker = worker or _worker_name()
    report = DeliveryReport()
    sender = _Sender()
    claimed_total = 0
    with override(settings.LANGUAGE_CODE):
        try:
            while claimed_total < limit:
                # A channel whose gateway is down is left for the next run.
                channels = [c for c in Channel.values if c not in sender.broken]
                if not channels:
                    break
                claimed, token = claim(
                    worker,
                    limit=min(CLAIM_CHUNK, limit - claimed_total),
                    channels=channels,
                    overdue=overdue,
                )
                if not claimed:
                    break
                claimed_total += len(claimed)
                _send_claimed(claimed, token, sender, report)
        finally:
            sender.close()
    if report.campaigns:
        complete_finished_campaigns(report.campaigns)
    return report


# ============================================================== receipts
def _apply_receipt_row(receipt: DeliveryReceipt) -> bool:
    """Apply a stored receipt to its SMS part and message. False if the
    part is not known (yet)."""
    with transaction.atomic():
        part = (
            SmsPart.objects.select_for_update()
            .filter(provider_message_id=receipt.provider_message_id)
            .order_by("-pk")
            .first()
        )
        if part is None:
            message = (
                Message.objects.filter(
                    provider_message_id=receipt.provider_message_id, channel=Channel.SMS
                )
                .order_by("-pk")
                .first()
            )
            if message is None:
                return False
            parts_status: list[str] = [
                MessageStatus.DELIVERED if receipt.delivered else MessageStatus.UNDELIVERED
            ]
        else:
            part.status = (
                MessageStatus.DELIVERED if receipt.delivered else MessageStatus.UNDELIVERED
            )
            part.save(update_fields=["status", "updated_at"])
            message = Message.objects.get(pk=part.message_id)
            parts_status = list(
                SmsPart.objects.filter(message=message).values_list("status", flat=True)
            )
        DeliveryReceipt.objects.filter(pk=receipt.pk).update(matched=True)
        now = timezone.now()
        if MessageStatus.UNDELIVERED in parts_status:
            Message.objects.filter(pk=message.pk, status__in=list(_SENT_OR_DELIVERED)).update(
                status=MessageStatus.UNDELIVERED,
                failed_at=now,
                last_error=_("The operator could not deliver the SMS (%(state)s %(code)s).")
                % {"state": receipt.state, "code": receipt.error_code},
            )
        elif all(s == MessageStatus.DELIVERED for s in parts_status):
            Message.objects.filter(pk=message.pk, status=MessageStatus.SENT).update(
                status=MessageStatus.DELIVERED, delivered_at=now
            )
    return True


_SENT_OR_DELIVERED = (MessageStatus.SENT, MessageStatus.DELIVERED)


def record_receipt(event: ReceiptEvent) -> DeliveryReceipt:
    """Store a delivery receipt and apply it if its message is known."""
    receipt = DeliveryReceipt.objects.create(
        provider_message_id=event.provider_message_id[:100],
        delivered=event.delivered,
        state=event.state[:32],
        error_code=event.error_code[:32],
        raw=event.raw[:2000],
    )
    _apply_receipt_row(receipt)
    return receipt


def process_gateway_events(events: Iterable[Any], *, source: str = InboundSource.SMPP) -> None:
    """Receipts and mobile-originated SMS read from a gateway session."""
    for event in events:
        try:
            if isinstance(event, ReceiptEvent):
                record_receipt(event)
            elif isinstance(event, MobileOriginated):
                handle_inbound_sms(
                    event.sender,
                    event.text,
                    source=source,
                    recipient=event.recipient,
                    provider_id=event.provider_id,
                )
        except Exception:  # one bad event must not lose the others
            logger.exception("could not process gateway event %r", event)


# ================================================================ resend
@transaction.atomic
def do_resend_message(message: Message, *, acting_user: AbstractBaseUser) -> Message:
    """Queue a failed message again with a fresh set of attempts."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.may_resend:
        raise ValidationError(_("Only failed or cancelled messages can be sent again."))
    if message.redacted:
        raise ValidationError(
            _("This message held a one-time code that has been removed; ask for a new code.")
        )
    old = {"status": message.status, "last_error": message.last_error}
    message.status = MessageStatus.QUEUED
    message.next_attempt_at = timezone.now()
    message.max_attempts = message.attempts + settings.NOTIFY_MAX_ATTEMPTS
    message.failed_at = None
    message.save(update_fields=["status", "next_attempt_at", "max_attempts", "failed_at"])
    record_audit(message, acting_user, AuditEvent.MESSAGE_RESENT, old=old, new={"status": "queued"})
    transaction.on_commit(partial(enqueue_delivery_on_commit, [message.pk]))
    return message


# ============================================================= templates
TEMPLATE_FIELDS = ["subject", "body_text", "body_html", "strip_accents"]


@transaction.atomic
def do_save_template(
    event: str, channel: str, *, acting_user: AbstractBaseUser, **fields: Any
) -> MessageTemplate:
    """Save the administrator's copy of a template (system administrators)."""
    _ensure_sysadmin(acting_user)
    event_spec(event)
    row = MessageTemplate.objects.select_for_update().filter(event=event, channel=channel).first()
    before = {f: getattr(row, f) for f in TEMPLATE_FIELDS} if row else {}
    if row is None:
        row = MessageTemplate(event=event, channel=channel)
    for name in TEMPLATE_FIELDS:
        if name in fields:
            setattr(row, name, fields[name])
    row.updated_by_id = acting_user.pk
    row.save()
    after = {f: getattr(row, f) for f in TEMPLATE_FIELDS}
    old = {k: v for k, v in before.items() if after.get(k) != v}
    record_audit(
        row,
        acting_user,
        AuditEvent.TEMPLATE_CHANGED,
        old=old,
        new={k: after[k] for k in after if k in old or not before},
    )
    return row


@transaction.atomic
def do_reset_template(event: str, channel: str, *, acting_user: AbstractBaseUser) -> None:
    """Drop the administrator's copy: the default in code applies again."""
    _ensure_sysadmin(acting_user)
    row = MessageTemplate.objects.select_for_update().filter(event=event, channel=channel).first()
    if row is None:
        return
    record_audit(
        row,
        acting_user,
        AuditEvent.TEMPLATE_RESET,
        old={f: getattr(row, f) for f in TEMPLATE_FIELDS},
    )
    row.delete()


def _ensure_sysadmin(user: AbstractBaseUser) -> None:
    from motcua.org.constants import Role
    from motcua.org.selectors import has_role

    if not has_role(user, [Role.SYSADMIN]):
        raise PermissionDenied(_("Only system administrators can change message templates."))


# =========================================================== preferences
@transaction.atomic
def do_set_preferences(
    user: User,
    *,
    enabled: dict[tuple[str, str], bool],
    topics: Iterable[str] | None = None,
    acting_user: AbstractBaseUser,
) -> None:
    """Save a citizen's channel choices per event (and campaign topics).
    Refuses to switch off every channel of a statutory event."""
    errors = []
    for key, spec in EVENTS.items():
        if not spec.configurable:
            continue
        if spec.statutory and not any(enabled.get((key, c), True) for c in spec.channels):
            errors.append(
                _("“%(event)s” is required by law: keep at least one channel.")
                % {"event": Event(key).label}
            )
    if errors:
        raise ValidationError(errors)
    current = {
        (p.event, p.channel): p
        for p in NotificationPreference.objects.select_for_update().filter(user=user)
    }
    changed: dict[str, object] = {}
    for (event, channel), on in enabled.items():
        found = EVENTS.get(event)
        if found is None or not found.configurable or channel not in found.channels:
            continue
        row = current.get((event, channel))
        if row is None:
            if on:
                continue  # the default is on: no row needed
            NotificationPreference.objects.create(
                user=user, event=event, channel=channel, enabled=False
            )
            changed[f"{event}/{channel}"] = False
        elif row.enabled != on:
            row.enabled = on
            row.save(update_fields=["enabled", "updated_at"])
            changed[f"{event}/{channel}"] = on
    if topics is not None:
        wanted = set(topics)
        have = set(TopicSubscription.objects.filter(user=user).values_list("topic", flat=True))
        if wanted != have:
            TopicSubscription.objects.filter(user=user).exclude(topic__in=wanted).delete()
            TopicSubscription.objects.bulk_create(
                [TopicSubscription(user=user, topic=t) for t in wanted - have]
            )
            changed["topics"] = sorted(wanted)
    if changed:
        record_audit(user, acting_user, AuditEvent.PREFERENCES_CHANGED, new=changed)


# ============================================================ phone codes
CODE_LENGTH = 6


class CodeError(ValidationError):
    """A code could not be sent or checked; the message says why."""


def _hash_code(code: str, phone: str, salt: str) -> str:
    digest = salted_hmac(
        "motcua.notifications.one-time-code", f"{salt}:{phone}:{code}", algorithm="sha256"
    ).hexdigest()
    return f"{salt}${digest}"


def _code_matches(stored: str, code: str, phone: str) -> bool:
    salt, _sep, _digest = stored.partition("$")
    return constant_time_compare(stored, _hash_code(code, phone, salt))


def _limit_sends(phone: str, client_ip: str | None) -> None:
    window = settings.PHONE_CODE_SEND_WINDOW_SECONDS
    limit = settings.PHONE_CODE_SEND_LIMIT
    checks = [f"otp-send:{phone}"]
    if client_ip:
        checks.append(f"otp-send-ip:{client_ip}")
    for key in checks:
        result = ratelimit.hit(key, limit=limit * (5 if "ip" in key else 1), window=window)
        if not result.allowed:
            minutes = max(1, result.retry_after // 60)
            raise CodeError(
                _("Too many codes were requested. Try again in %(minutes)s minutes.")
                % {"minutes": minutes},
                code="rate_limited",
            )


def _issue_code(user: User, phone: str, purpose: str, event: str) -> OneTimeCode:
    now = timezone.now()
    # One usable code at a time: a new one voids the previous ones.
    OneTimeCode.objects.filter(
        user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = "".join(secrets.choice("0123456789") for _i in range(CODE_LENGTH))
    ttl = settings.PHONE_CODE_TTL_SECONDS
    row = OneTimeCode.objects.create(
        user=user,
        phone=phone,
        purpose=purpose,
        code_hash=_hash_code(code, phone, get_random_string(12)),
        expires_at=now + timedelta(seconds=ttl),
        max_attempts=settings.PHONE_CODE_MAX_ATTEMPTS,
    )
    queue_message(
        Channel.SMS,
        phone,
        event,
        {"code": code, "minutes": max(1, ttl // 60)},
        user=user,
        idempotency_key=f"otp:{row.pk}",
    )
    return row


@transaction.atomic
def do_send_phone_verification(user: User, *, client_ip: str | None = None) -> OneTimeCode:
    """Send an SMS code to the phone number of ``user``'s profile."""
    if not user.phone:
        raise CodeError(_("Add a phone number to your profile first."), code="no_phone")
    _limit_sends(user.phone, client_ip)
    return _issue_code(user, user.phone, CodePurpose.VERIFY_PHONE, Event.PHONE_VERIFICATION)


def _check_code(row: OneTimeCode | None, code: str) -> OneTimeCode:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if row is None or not row.is_usable:
        raise CodeError(
            _("This code has expired or was already used. Ask for a new code."), code="expired"
        )
    if len(code) != CODE_LENGTH or not _code_matches(row.code_hash, code, row.phone):
        # Counted with a conditional UPDATE, so parallel guesses all count.
        OneTimeCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        left = row.max_attempts - row.attempts - 1
        if left <= 0:
            raise CodeError(
                _("Wrong code, and no attempts are left. Ask for a new code."), code="exhausted"
            )
        raise CodeError(_("Wrong code. %(left)s attempts left.") % {"left": left}, code="wrong")
    used = OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        raise CodeError(_("This code was already used. Ask for a new code."), code="expired")
    return row


def do_verify_phone(user: User, code: str) -> VerifiedPhone:
    """Check ``code`` against the user's latest verification code; on
    success the profile phone is verified (and no longer counts as
    verified on any other account). Wrong guesses are committed even
    though the call then raises."""
    row = (
        OneTimeCode.objects.filter(user=user, purpose=CodePurpose.VERIFY_PHONE)
        .order_by("-created_at", "-pk")
        .first()
    )
    row = _check_code(row, code)
    with transaction.atomic():
        if row.phone != user.phone:
            raise CodeError(
                _("The phone number changed after the code was sent. Ask for a new code."),
                code="changed",
            )
        # A number signs in: it is verified for one account at a time.
        VerifiedPhone.objects.filter(phone=row.phone).exclude(user=user).delete()
        verified, _created = VerifiedPhone.objects.update_or_create(
            user=user, defaults={"phone": row.phone, "verified_at": timezone.now()}
        )
        record_audit(user, user, AuditEvent.PHONE_VERIFIED, new={"phone": "***"})
    return verified


def phone_login_user(phone: str) -> User | None:
    """The citizen account that may sign in with ``phone``: the number is
    verified on it and is still its profile number. Staff accounts never
    sign in by SMS (they use e-mail, password and TOTP)."""
    from django.contrib.auth import get_user_model

    from motcua.org.models import Membership

    user = (
        get_user_model()
        .objects.filter(
            verified_phone__phone=phone,
            phone=phone,
            is_active=True,
            is_staff=False,
            is_superuser=False,
        )
        .exclude(Q(pk__in=Membership.objects.filter(is_active=True).values("user_id")))
        .first()
    )
    return user


@transaction.atomic
def do_start_phone_login(phone: str, *, client_ip: str | None = None) -> OneTimeCode | None:
    """Send a sign-in code if ``phone`` belongs to a citizen account. The
    caller shows the same answer either way (no account enumeration);
    requests are rate-limited per number and per address either way."""
    phone = normalise_phone(phone)
    _limit_sends(phone, client_ip)
    user = phone_login_user(phone)
    if user is None:
        return None
    return _issue_code(user, phone, CodePurpose.LOGIN, Event.PHONE_LOGIN)


def do_check_login_code(phone: str, code: str) -> User:
    """The user whose sign-in code for ``phone`` this is; raises
    ``CodeError`` otherwise."""
    row = (
        OneTimeCode.objects.filter(phone=phone, purpose=CodePurpose.LOGIN)
        .select_related("user")
        .order_by("-created_at", "-pk")
        .first()
    )
    row = _check_code(row, code)
    user = phone_login_user(phone)
    if user is None or user.pk != row.user_id:
        raise CodeError(_("This number can no longer be used to sign in."), code="changed")
    record_audit(user, user, AuditEvent.PHONE_SIGN_IN)
    return user


# ============================================================= campaigns
CAMPAIGN_FIELDS = [
    "title",
    "unit_id",
    "topic",
    "province_id",
    "ward_id",
    "send_email",
    "send_sms",
    "email_subject",
    "email_text",
    "sms_text",
    "sms_strip_accents",
]


def campaign_units(user: AbstractBaseUser):
    """Units in whose name ``user`` may send campaigns."""
    from motcua.org.constants import Role
    from motcua.org.models import Unit

    return Unit.objects.visible_to(user, roles=[Role.COORDINATOR, Role.SYSADMIN]).active()


def _ensure_campaigner(user: AbstractBaseUser, unit: Unit) -> None:
    if not campaign_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You cannot send campaigns for this unit."))


@transaction.atomic
def do_create_campaign(*, acting_user: AbstractBaseUser, **fields: Any) -> Campaign:
    """A draft campaign of one of the acting user's units."""
    campaign = Campaign(created_by_id=acting_user.pk, **fields)
    _ensure_campaigner(acting_user, campaign.unit)
    campaign.title = clean_text(campaign.title)
    campaign.save()
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_CREATED,
        new={f: getattr(campaign, f) for f in CAMPAIGN_FIELDS},
    )
    return campaign


@transaction.atomic
def do_update_campaign(
    campaign: Campaign, *, acting_user: AbstractBaseUser, **fields: Any
) -> Campaign:
    """Change a draft."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _ensure_campaigner(acting_user, campaign.unit)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed."))
    before = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS}
    for name, value in fields.items():
        setattr(campaign, name, value)
    _ensure_campaigner(acting_user, campaign.unit)
    campaign.title = clean_text(campaign.title)
    campaign.save()
    after = {f: getattr(campaign, f) for f in CAMPAIGN_FIELDS}
    old = {k: v for k, v in before.items() if after[k] != v}
    if old:
        record_audit(
            campaign,
            acting_user,
            AuditEvent.CAMPAIGN_CHANGED,
            old=old,
            new={k: after[k] for k in old},
        )
    return campaign


def unsubscribe_token(user_id: int) -> str:
    from django.core.signing import Signer

    return Signer(salt="motcua.notifications.unsubscribe").sign(str(user_id))


def unsubscribe_url(user_id: int) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(
        "notifications:unsubscribe", kwargs={"token": unsubscribe_token(user_id)}
    )


def unsubscribe_sms_hint(user_id: int) -> str:
    """How to stop campaign SMS, as short as possible: HUY to the short
    code when there is one, else the unsubscribe link."""
    if settings.SMS_SHORT_CODE:
        return f"Tu choi: soan HUY gui {settings.SMS_SHORT_CODE}"
    return f"Tu choi: {unsubscribe_url(user_id)}"


def _campaign_context(campaign: Campaign, user: User, channel: str) -> dict[str, Any]:
    return {
        "full_name": user.full_name or user.email,
        "title": campaign.email_subject or campaign.title,
        "text": campaign.email_text if channel == Channel.EMAIL else campaign.sms_text,
        "unsubscribe_url": unsubscribe_url(user.pk),
        "unsubscribe_sms": unsubscribe_sms_hint(user.pk),
    }


def render_campaign(campaign: Campaign, user: User, channel: str) -> rendering.Rendered:
    """One campaign message as it will be sent, with the advertising label
    (NĐ 91/2020, Điều 15) before the SMS text and the e-mail subject."""
    label = settings.CAMPAIGN_AD_LABEL
    rendered = rendering.render(
        Event.CAMPAIGN,
        channel,
        _campaign_context(campaign, user, channel),
        strip_accents=campaign.sms_strip_accents if channel == Channel.SMS else None,
        sms_prefix=label if channel == Channel.SMS else "",
    )
    if channel == Channel.EMAIL and label:
        rendered = rendering.Rendered(
            subject=f"{label} {rendered.subject}", text=rendered.text, html=rendered.html
        )
    return rendered


@transaction.atomic
def do_send_campaign(campaign: Campaign, *, acting_user: AbstractBaseUser) -> Campaign:
    """Queue the campaign for its audience (frozen now), within the sending
    hours, at most ``CAMPAIGN_DAILY_LIMIT`` campaign messages per
    recipient, channel and day; over the limit a message is recorded as
    cancelled with the reason."""
    from motcua.notifications.selectors import campaign_audience

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _ensure_campaigner(acting_user, campaign.unit)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("This campaign has already been sent."))
    if not (campaign.send_email or campaign.send_sms):
        raise ValidationError(_("Choose at least one channel."))
    audience = campaign_audience(campaign)
    if not audience.email_users and not audience.sms_users:
        raise ValidationError(_("No subscriber matches this campaign."))
    now = timezone.now()
    start = next_send_window(now)
    local_midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    over_limit: dict[str, set[str]] = {}
    for channel in (Channel.EMAIL, Channel.SMS):
        over_limit[channel] = set(
            Message.objects.filter(
                campaign__isnull=False,
                channel=channel,
                created_at__gte=local_midnight,
            )
            .exclude(status=MessageStatus.CANCELLED)
            .values("recipient")
            .annotate(n=Count("id"))
            .filter(n__gte=settings.CAMPAIGN_DAILY_LIMIT)
            .values_list("recipient", flat=True)
        )
    rows: list[Message] = []
    segments = 0
    campaign_type = ContentType.objects.get_for_model(Campaign)
    for channel, users in (
        (Channel.EMAIL, audience.email_users),
        (Channel.SMS, audience.sms_users),
    ):
        for user, address in users:
            rendered = render_campaign(campaign, user, channel)
            limited = address in over_limit[channel]
            segments += rendered.segments if (channel == Channel.SMS and not limited) else 0
            rows.append(
                Message(
                    channel=channel,
                    recipient=address,
                    user_id=user.pk,
                    event=Event.CAMPAIGN,
                    context={"unsubscribe_url": unsubscribe_url(user.pk)},
                    subject=rendered.subject[:255],
                    body_text=rendered.text,
                    body_html=rendered.html,
                    segments=rendered.segments,
                    encoding=rendered.encoding,
                    unit_id=campaign.unit_id,
                    campaign=campaign,
                    related_type=campaign_type,
                    related_id=str(campaign.pk),
                    idempotency_key=f"campaign:{campaign.pk}:{channel}:{user.pk}",
                    priority=Priority.BULK,
                    quiet_hours=True,
                    max_attempts=settings.NOTIFY_MAX_ATTEMPTS,
                    next_attempt_at=start,
                    status=MessageStatus.CANCELLED if limited else MessageStatus.QUEUED,
                    last_error=(
                        _("Not sent: this recipient already got %(n)s campaign messages today.")
                        % {"n": settings.CAMPAIGN_DAILY_LIMIT}
                        if limited
                        else ""
                    ),
                )
            )
    created = Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=False)
    campaign.status = CampaignStatus.SENDING
    campaign.sent_at = now
    campaign.sent_by_id = acting_user.pk
    campaign.email_recipients = len(audience.email_users)
    campaign.sms_recipients = len(audience.sms_users)
    campaign.sms_segments = segments
    campaign.save(
        update_fields=[
            "status",
            "sent_at",
            "sent_by",
            "email_recipients",
            "sms_recipients",
            "sms_segments",
            "updated_at",
        ]
    )
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_SENT,
        new={
            "email_recipients": campaign.email_recipients,
            "sms_recipients": campaign.sms_recipients,
            "sms_segments": segments,
        },
    )
    ids = [m.pk for m in created if m.status == MessageStatus.QUEUED]
    if not ids:
        transaction.on_commit(partial(complete_finished_campaigns, {campaign.pk}))
    elif start > now:
        transaction.on_commit(partial(enqueue_delivery_on_commit, ids, start))
    else:
        transaction.on_commit(partial(enqueue_delivery_on_commit, ids))
    return campaign


@transaction.atomic
def do_cancel_campaign(campaign: Campaign, *, acting_user: AbstractBaseUser) -> int:
    """Stop a campaign: messages not yet sent are cancelled. Returns how many."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _ensure_campaigner(acting_user, campaign.unit)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SENDING):
        raise ValidationError(_("This campaign is already finished."))
    # Rows a worker holds right now finish; only queued ones stop.
    cancelled = Message.objects.filter(campaign=campaign, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, last_error=_("The campaign was cancelled.")
    )
    campaign.status = CampaignStatus.CANCELLED
    campaign.completed_at = timezone.now()
    campaign.save(update_fields=["status", "completed_at", "updated_at"])
    record_audit(
        campaign, acting_user, AuditEvent.CAMPAIGN_CANCELLED, new={"cancelled_messages": cancelled}
    )
    return cancelled


def complete_finished_campaigns(campaign_ids: Iterable[int]) -> int:
    """Mark sending campaigns with nothing left to send as completed (one
    UPDATE, safe to run from any worker at any time)."""
    pending = Message.objects.filter(campaign=models.OuterRef("pk"), status__in=list(_PENDING))
    return (
        Campaign.objects.filter(pk__in=list(campaign_ids), status=CampaignStatus.SENDING)
        .exclude(models.Exists(pending))
        .update(status=CampaignStatus.COMPLETED, completed_at=timezone.now())
    )


# =============================================================== opt-out
def _withdraw_information_consent(users: Iterable[User]) -> int:
    from motcua.accounts.actions import do_withdraw_consent

    count = 0
    for consent in Consent.objects.current().filter(
        user__in=list(users), purpose=ConsentPurpose.INFORMATION
    ):
        do_withdraw_consent(consent, acting_user=consent.user)
        count += 1
    return count


@transaction.atomic
def do_opt_out_phone(phone: str, *, reason: str = SuppressionReason.SMS_HUY) -> int:
    """``HUY`` from a phone: no campaign SMS to it again, and the accounts
    with this number withdraw their consent to campaigns (the sender proves
    they hold the number). Returns the consents withdrawn."""
    from django.contrib.auth import get_user_model

    Suppression.objects.get_or_create(
        channel=Channel.SMS, address=phone, defaults={"reason": reason}
    )
    users = get_user_model().objects.filter(phone=phone)
    withdrawn = _withdraw_information_consent(users)
    # Campaign SMS still queued for this number are not sent.
    Message.objects.filter(
        channel=Channel.SMS,
        recipient=phone,
        campaign__isnull=False,
        status=MessageStatus.QUEUED,
    ).update(status=MessageStatus.CANCELLED, last_error=_("The recipient opted out (HUY)."))
    return withdrawn


@transaction.atomic
def do_unsubscribe(user: User) -> None:
    """The unsubscribe link: withdraw consent to campaigns (all channels)
    and cancel the campaign messages still queued for the user."""
    _withdraw_information_consent([user])
    Message.objects.filter(user=user, campaign__isnull=False, status=MessageStatus.QUEUED).update(
        status=MessageStatus.CANCELLED, last_error=_("The recipient unsubscribed.")
    )
    record_audit(user, user, AuditEvent.UNSUBSCRIBED)


@transaction.atomic
def do_subscribe(user: User, *, topics: Iterable[str]) -> None:
    """Consent to information campaigns (web), with the chosen topics."""
    from motcua.accounts.actions import do_give_consent

    do_give_consent(user, ConsentPurpose.INFORMATION, channel=ConsentChannel.WEB)
    do_set_preferences(user, enabled={}, topics=topics, acting_user=user)
    addresses = [user.email]
    if user.phone:
        addresses.append(user.phone)
    # Subscribing again on the web lifts an earlier HUY / unsubscribe.
    Suppression.objects.filter(address__in=addresses).delete()


# =============================================================== inbound
def handle_inbound_sms(
    sender: str,
    text: str,
    *,
    source: str,
    recipient: str = "",
    provider_id: str = "",
) -> InboundMessage:
    """Read an SMS from a citizen as a command (``inbound`` registry),
    queue the reply, record both. A gateway that delivers the same message
    twice (same ``provider_id``) gets the first record back and no second
    reply. Each sender gets at most ``SMS_INBOUND_LIMIT`` answers per
    ``SMS_INBOUND_WINDOW_SECONDS``: past that nothing is answered, so two
    robots cannot make us pay for an endless conversation."""
    text = clean_text(text or "")[:1000]
    raw_sender = clean_text(sender or "")[:32]
    try:
        phone = normalise_phone(raw_sender)
    except ValidationError:
        phone = ""
    with override(settings.LANGUAGE_CODE), transaction.atomic():
        if provider_id:
            existing = InboundMessage.objects.filter(source=source, provider_id=provider_id).first()
            if existing is not None:
                return existing
        allowed = ratelimit.hit(
            f"sms-in:{phone or raw_sender}",
            limit=settings.SMS_INBOUND_LIMIT,
            window=settings.SMS_INBOUND_WINDOW_SECONDS,
        ).allowed
        command, reply_text = inbound_registry.dispatch(phone or raw_sender, text)
        try:
            with transaction.atomic():
                inbound = InboundMessage.objects.create(
                    source=source,
                    provider_id=provider_id[:100],
                    sender=phone or raw_sender,
                    recipient=recipient[:32],
                    text=text,
                    command=command,
                    status=InboundStatus.ANSWERED if allowed else InboundStatus.RATE_LIMITED,
                )
        except IntegrityError:
            return InboundMessage.objects.get(source=source, provider_id=provider_id)
        if not allowed:
            return inbound
        if command == inbound_registry.OPT_OUT and phone:
            do_opt_out_phone(phone)
        if phone and reply_text:
            reply = queue_message(
                Channel.SMS,
                phone,
                Event.SMS_REPLY,
                {"text": reply_text},
                idempotency_key=f"inbound:{inbound.pk}:reply",
            )
            inbound.reply = reply
            inbound.save(update_fields=["reply"])
        else:
            InboundMessage.objects.filter(pk=inbound.pk).update(status=InboundStatus.IGNORED)
            inbound.status = InboundStatus.IGNORED
    return inbound
