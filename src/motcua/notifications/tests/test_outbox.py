"""The outbox: one row per message written in the caller's transaction,
idempotency, claiming, retries with backoff, parking, resend."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.constants import AttemptOutcome, Channel, Event, MessageStatus
from motcua.notifications.models import DeliveryAttempt, Message
from motcua.notifications.transports import MemoryGateway, TransportError

pytestmark = pytest.mark.django_db

CTX = {
    "full_name": "Nguyễn Văn An",
    "code": "SYT-260115-0042",
    "procedure": "Cấp chứng chỉ hành nghề dược",
    "due_date": "30/01/2026",
    "lookup_url": "http://testserver/tra-cuu/SYT-260115-0042/?k=7KQ2",
    "unit": "Sở Y tế",
}


def test_it_sends_an_email_on_commit_and_records_the_attempt(commit):
    with commit():
        message = actions.queue_message(
            Channel.EMAIL, "An.Nguyen@Example.VN", Event.DOSSIER_RECEIVED, CTX
        )
        assert mail.outbox == []  # nothing leaves before the commit
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.recipient == "an.nguyen@example.vn"
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Hồ sơ SYT-260115-0042 đã được tiếp nhận"
    assert "Ngày hẹn trả kết quả: 30/01/2026" in sent.body
    assert sent.alternatives[0].mimetype == "text/html"
    assert "Sở Y tế" in sent.alternatives[0].content
    assert sent.extra_headers["Message-ID"].startswith(f"<motcua.{message.pk}.")
    attempt = DeliveryAttempt.objects.get(message=message)
    assert attempt.outcome == AttemptOutcome.SENT and attempt.number == 1


def test_a_rolled_back_change_sends_nothing(commit):
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        actions.queue_message(Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX)
        raise RuntimeError("the dossier action failed")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_same_idempotency_key_sends_once(commit):
    with commit():
        first = actions.queue_message(
            Channel.SMS, "0905 123 456", Event.DOSSIER_RECEIVED, CTX, idempotency_key="d:1:recv"
        )
        second = actions.queue_message(
            Channel.SMS, "0905123456", Event.DOSSIER_RECEIVED, CTX, idempotency_key="d:1:recv"
        )
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert len(MemoryGateway.outbox) == 1
    sms = MemoryGateway.outbox[0]
    assert sms.to == "+84905123456" and sms.sender == "SYT KHANHHOA"
    # The default dossier SMS is sent without diacritics: GSM-7.
    message = Message.objects.get()
    assert message.encoding == "gsm7" and message.segments == 1


def test_an_invalid_address_is_a_permanent_failure_with_a_reason(commit):
    with commit():
        bad_mail = actions.queue_message(
            Channel.EMAIL, "khong-phai-email", Event.DOSSIER_RECEIVED, CTX
        )
        bad_phone = actions.queue_message(Channel.SMS, "12345", Event.DOSSIER_RECEIVED, CTX)
    for message in (bad_mail, bad_phone):
        message.refresh_from_db()
        assert message.status == MessageStatus.FAILED
        assert message.attempts == 1
    assert "khong-phai-email" in bad_mail.last_error
    assert "12345" in bad_phone.last_error
    assert mail.outbox == [] and MemoryGateway.outbox == []


def test_a_temporary_error_is_retried_with_backoff_then_parked(commit, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    MemoryGateway.fail_next.extend([TransportError("HTTP 503", permanent=False) for _ in range(3)])
    with commit():
        message = actions.queue_message(Channel.SMS, "0905123456", Event.DOSSIER_RECEIVED, CTX)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    first_delay = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=20) < first_delay < timedelta(seconds=40)
    # Nothing is due yet: the sweep leaves it alone.
    assert actions.send_due_messages().sent == 0
    for expected_attempts in (2, 3):
        Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        actions.send_due_messages()
        message.refresh_from_db()
        assert message.attempts == expected_attempts
    assert message.status == MessageStatus.FAILED
    assert "3" in message.last_error and "HTTP 503" in message.last_error
    outcomes = list(message.delivery_attempts.values_list("outcome", flat=True))
    assert outcomes == ["temporary", "temporary", "temporary"]


def test_backoff_grows_exponentially_and_is_capped(settings):
    settings.NOTIFY_BACKOFF_SECONDS = 30
    settings.NOTIFY_BACKOFF_MAX_SECONDS = 600
    delays = [actions.backoff_delay(n).total_seconds() for n in (1, 2, 3, 4, 10)]
    assert 24 <= delays[0] <= 36
    assert 48 <= delays[1] <= 72
    assert 96 <= delays[2] <= 144
    assert delays[4] <= 720


def test_a_permanent_gateway_error_is_not_retried(commit):
    MemoryGateway.fail_next.append(TransportError("ESME_RINVDSTADR", permanent=True))
    with commit():
        message = actions.queue_message(Channel.SMS, "0905123456", Event.DOSSIER_RECEIVED, CTX)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 1
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert actions.send_due_messages().sent == 0


def test_two_workers_cannot_claim_the_same_message():
    message = actions.queue_message(Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX)
    claimed_a, token_a = actions.claim("worker-a", ids=[message.pk])
    claimed_b, _token_b = actions.claim("worker-b", ids=[message.pk])
    assert [m.pk for m, _a in claimed_a] == [message.pk]
    assert claimed_b == []
    message.refresh_from_db()
    assert message.claimed_by == token_a and message.status == MessageStatus.SENDING


def test_an_expired_lease_is_claimed_again_and_the_lost_attempt_recorded(settings):
    message = actions.queue_message(Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX)
    actions.claim("dead-worker", ids=[message.pk])  # then the process died
    assert actions.claim("other", ids=[message.pk])[0] == []  # lease still running
    Message.objects.filter(pk=message.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    report = actions.send_due_messages(worker="other")
    assert report.sent == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    assert list(message.delivery_attempts.values_list("outcome", flat=True)) == [
        "abandoned",
        "sent",
    ]


def test_a_message_that_kills_its_worker_every_time_is_parked(settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    message = actions.queue_message(Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX)
    for _ in range(2):
        actions.claim("w", ids=[message.pk])
        Message.objects.filter(pk=message.pk).update(
            lease_expires_at=timezone.now() - timedelta(seconds=1)
        )
    assert actions.claim("w", ids=[message.pk])[0] == []
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert mail.outbox == []


def test_staff_resend_gives_a_failed_message_new_attempts(commit, personas):
    MemoryGateway.fail_next.append(TransportError("refused", permanent=True))
    with commit():
        message = actions.queue_message(Channel.SMS, "0905123456", Event.DOSSIER_RECEIVED, CTX)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    with commit():
        actions.do_resend_message(message, acting_user=personas.sysadmin)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    assert len(MemoryGateway.outbox) == 1


def test_one_time_codes_are_removed_from_the_log_once_sent(commit, personas):
    with commit():
        message = actions.queue_message(
            Channel.SMS, "0905123456", Event.PHONE_VERIFICATION, {"code": "123456", "minutes": 5}
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.redacted
    assert "123456" not in message.body_text and message.context == {}
    assert "123456" in MemoryGateway.outbox[0].text
    with pytest.raises(ValidationError, match=r"one-time code|mã"):
        Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
        message.refresh_from_db()
        actions.do_resend_message(message, acting_user=personas.sysadmin)


def test_urgent_messages_are_claimed_before_bulk_ones():
    bulk = actions.queue_message(
        Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX, priority=9
    )
    urgent = actions.queue_message(
        Channel.SMS, "0905123456", Event.PHONE_LOGIN, {"code": "1", "minutes": 5}
    )
    claimed, _token = actions.claim("w", limit=1)
    assert [m.pk for m, _a in claimed] == [urgent.pk]
    assert bulk.pk != urgent.pk


def test_a_delivery_task_also_takes_over_rows_left_behind(commit):
    from motcua.testing.factories import MessageFactory

    now = timezone.now()
    stuck = MessageFactory(
        recipient="a@example.vn",
        status=MessageStatus.SENDING,
        attempts=1,
        claimed_by="dead-worker:x",
        lease_expires_at=now - timedelta(minutes=2),
    )
    busy = MessageFactory(
        recipient="b@example.vn",
        status=MessageStatus.SENDING,
        attempts=1,
        claimed_by="busy-worker:y",
        lease_expires_at=now + timedelta(minutes=5),
    )
    with commit():
        actions.queue_message(Channel.EMAIL, "c@example.vn", Event.DOSSIER_RECEIVED, CTX)
    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == MessageStatus.SENT and stuck.attempts == 2
    assert busy.status == MessageStatus.SENDING
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "c@example.vn"]
