"""E-mail through Django's SMTP backend to a real SMTP server (aiosmtpd) on
loopback: Vietnamese subject, attachment, refusals, a server that is down
and comes back."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.constants import Channel, Event, MessageStatus
from motcua.notifications.models import Message
from motcua.testing.servers import SmtpServer, free_port

pytestmark = pytest.mark.django_db

CTX = {
    "full_name": "Trần Thị Bích Ngọc",
    "code": "SYT-260115-0042",
    "procedure": "Cấp giấy phép hoạt động khám bệnh, chữa bệnh",
    "due_date": "30/01/2026",
    "lookup_url": "http://testserver/tra-cuu/SYT-260115-0042/?k=7KQ2",
    "unit": "Sở Y tế tỉnh Khánh Hòa",
}
PDF = b"%PDF-1.7\n% Giay bien nhan\n" + bytes(range(256)) * 4


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailer_settings()
        settings.DEFAULT_FROM_EMAIL = "Sở Y tế Khánh Hòa <no-reply@syt.example.vn>"
        yield server


def test_a_vietnamese_email_with_an_attachment_reaches_the_smtp_server(smtp, commit):
    with commit():
        message = actions.queue_message(
            Channel.EMAIL,
            "ngoc.tran@example.vn",
            Event.DOSSIER_RESULT_READY,
            CTX,
            attachments=[("Giấy biên nhận SYT-260115-0042.pdf", PDF, "application/pdf")],
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT, message.last_error
    assert len(smtp.received) == 1
    mail = smtp.received[0]
    assert mail.rcpt_tos == ["ngoc.tran@example.vn"]
    parsed = mail.message
    assert parsed["Subject"] == "Hồ sơ SYT-260115-0042 đã có kết quả"
    assert parsed["From"].addresses[0].display_name == "Sở Y tế Khánh Hòa"
    assert parsed["Message-ID"].startswith(f"<motcua.{message.pk}.")
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi Trần Thị Bích Ngọc" in text
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Sở Y tế tỉnh Khánh Hòa" in html and "<html" in html
    attachments = list(parsed.iter_attachments())
    assert len(attachments) == 1
    assert attachments[0].get_filename() == "Giấy biên nhận SYT-260115-0042.pdf"
    assert attachments[0].get_content() == PDF
    assert message.provider_message_id == parsed["Message-ID"]


def test_a_refused_recipient_is_a_permanent_failure(smtp, commit):
    smtp.refuse.add("khongco@example.vn")
    with commit():
        message = actions.queue_message(
            Channel.EMAIL, "khongco@example.vn", Event.DOSSIER_RECEIVED, CTX
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "550" in message.last_error
    assert smtp.received == []


def test_a_temporary_smtp_answer_is_retried(smtp, commit):
    smtp.on_data = lambda mail: "451 4.3.0 Thu lai sau"
    with commit():
        message = actions.queue_message(Channel.EMAIL, "a@example.vn", Event.DOSSIER_RECEIVED, CTX)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert "451" in message.last_error
    smtp.on_data = None
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert actions.send_due_messages().sent == 1
    assert len(smtp.received) == 1


def test_mail_server_down_then_up_loses_nothing(settings, commit):
    port = free_port()
    server = SmtpServer(port)
    settings.MAILERS = server.mailer_settings(timeout=2)
    with commit():
        queued = [
            actions.queue_message(
                Channel.EMAIL, f"nguoi{i}@example.vn", Event.DOSSIER_RECEIVED, CTX
            )
            for i in range(5)
        ]
    rows = Message.objects.filter(pk__in=[m.pk for m in queued])
    # The server is down: the first message records a temporary failure and
    # the rest of the batch is left queued without using up attempts.
    assert set(rows.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert sorted(rows.values_list("attempts", flat=True)) == [0, 0, 0, 0, 1]
    server.start()
    try:
        rows.update(next_attempt_at=timezone.now())
        report = actions.send_due_messages()
        assert report.sent == 5
        assert set(rows.values_list("status", flat=True)) == {MessageStatus.SENT}
        assert sorted(m.rcpt_tos[0] for m in server.received) == [
            f"nguoi{i}@example.vn" for i in range(5)
        ]
    finally:
        server.stop()


def test_one_connection_serves_a_batch(smtp, commit, settings):
    with commit():
        for i in range(12):
            actions.queue_message(
                Channel.EMAIL, f"nguoi{i}@example.vn", Event.DOSSIER_RECEIVED, CTX
            )
    assert len(smtp.received) == 12
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
