"""Intake from every channel: the web form (anonymity, attachments,
honeypot, rate limit) and staff entry of calls, letters and e-mails."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.feedback.constants import FeedbackStatus, IntakeChannel
from motcua.feedback.models import FeedbackAttachment, FeedbackItem
from motcua.feedback.tests.conftest import PDF, pdf_upload, png_upload
from motcua.notifications.constants import Event
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db


def _form(org, **extra):
    data = {
        "kind": "hoi_dap",
        "topic": "pharmacy",
        "unit": org.pharmacy.pk,
        "title": "Hỏi về chứng chỉ hành nghề",
        "content": "Xin hỏi hồ sơ gồm những gì?",
        "contact_name": "Nguyễn Văn An",
        "contact_email": "an@motcua.test",
        "contact_phone": "",
        "contact_address": "",
        "dossier_code": " syt-260115-0042 ",
        "consent_publish": "on",
        "website": "",
    }
    data.update(extra)
    return data


def test_the_web_form_takes_feedback_and_shows_code_and_key(client, org):
    response = client.post(
        reverse("feedback_form"), _form(org, attachments=[png_upload(), pdf_upload()])
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.tracking_path()
    assert item.channel == IntakeChannel.WEB and item.status == FeedbackStatus.RECEIVED
    assert item.dossier_code == "SYT-260115-0042" and item.consent_publish
    assert sorted(a.content_type for a in item.attachments.all()) == [
        "application/pdf",
        "image/png",
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert item.code in content and item.lookup_key in content
    assert Message.objects.filter(
        event=Event.FEEDBACK_RECEIVED, recipient="an@motcua.test"
    ).exists()


def test_a_question_may_be_anonymous_but_a_complaint_may_not(client, org):
    response = client.post(
        reverse("feedback_form"), _form(org, is_anonymous="on", contact_name="", contact_email="")
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.is_anonymous and item.contact_name == ""
    response = client.post(
        reverse("feedback_form"),
        _form(org, kind="phan_anh", is_anonymous="on", title="Phản ánh XYZ"),
    )
    assert response.status_code == 400
    assert "Phản ánh XYZ" in response.content.decode()  # what was typed is kept
    assert FeedbackItem.objects.count() == 1


def test_a_named_sender_needs_a_contact(client, org):
    response = client.post(reverse("feedback_form"), _form(org, contact_email="", contact_phone=""))
    assert response.status_code == 400 and FeedbackItem.objects.count() == 0
    response = client.post(
        reverse("feedback_form"), _form(org, contact_email="", contact_phone="0905 123 456")
    )
    assert response.status_code == 302
    assert FeedbackItem.objects.get().contact_phone == "+84905123456"


def test_wrong_type_and_oversized_attachments_are_refused_keeping_the_text(client, org, settings):
    settings.FEEDBACK_ATTACHMENT_MAX_MB = 1
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    response = client.post(
        reverse("feedback_form"), _form(org, content="Nội dung dài tôi đã gõ", attachments=[fake])
    )
    body = response.content.decode()
    assert response.status_code == 400 and "anh.png" in body and "Nội dung dài tôi đã gõ" in body
    big = SimpleUploadedFile(
        "lon.pdf", PDF + b"0" * (1024 * 1024 + 1), content_type="application/pdf"
    )
    response = client.post(reverse("feedback_form"), _form(org, attachments=[big]))
    assert response.status_code == 400 and "lon.pdf" in response.content.decode()
    assert FeedbackItem.objects.count() == 0 and FeedbackAttachment.objects.count() == 0


def test_too_many_attachments_are_refused(client, org, settings):
    settings.FEEDBACK_MAX_ATTACHMENTS = 1
    response = client.post(
        reverse("feedback_form"), _form(org, attachments=[png_upload(), pdf_upload()])
    )
    assert response.status_code == 400 and FeedbackItem.objects.count() == 0


def test_the_honeypot_stops_robots(client, org):
    response = client.post(reverse("feedback_form"), _form(org, website="http://spam.example"))
    assert response.status_code == 400 and FeedbackItem.objects.count() == 0


def test_a_flood_from_one_address_is_slowed_and_keeps_the_text(client, org, settings):
    settings.FEEDBACK_SUBMIT_LIMIT = 2
    for _ in range(2):
        assert client.post(reverse("feedback_form"), _form(org)).status_code == 302
    response = client.post(reverse("feedback_form"), _form(org, title="Lần thứ ba"))
    assert response.status_code == 429 and "Lần thứ ba" in response.content.decode()
    assert FeedbackItem.objects.count() == 2
    other = client.post(reverse("feedback_form"), _form(org), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_staff_log_a_hotline_call(client, org, personas):
    client.force_login(personas.reception)
    response = client.post(
        reverse("feedback:intake", args=["duong-day-nong"]),
        {
            "received_at": "2026-03-02T09:30",
            "caller_line": "0258 3822 957",
            "contact_name": "Lê Văn Cường",
            "contact_phone": "0914 222 333",
            "recording_ref": "CALL-77",
            "kind": "phan_anh",
            "topic": "pharmacy",
            "unit": org.pharmacy.pk,
            "title": "Nhà thuốc bán kháng sinh không cần đơn",
            "content": "Người gọi phản ánh…",
        },
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.channel == IntakeChannel.HOTLINE and item.created_by == personas.reception
    assert item.recording_ref == "CALL-77" and item.contact_phone == "+84914222333"
    assert item.code.startswith("PAKN-260302-")
    # No e-mail given: the receipt goes by SMS.
    assert Message.objects.get(event=Event.FEEDBACK_RECEIVED).channel == "sms"


def test_a_letter_needs_its_scan(client, org, personas):
    client.force_login(personas.reception)
    data = {
        "received_at": "2026-03-02T09:30",
        "contact_name": "Phạm Văn Dũng",
        "kind": "kien_nghi",
        "topic": "procedures",
        "unit": org.office.pk,
        "title": "Thêm ghế chờ",
        "content": "Đề nghị thêm ghế chờ.",
    }
    response = client.post(reverse("feedback:intake", args=["hop-thu"]), data)
    assert response.status_code == 400 and FeedbackItem.objects.count() == 0
    response = client.post(
        reverse("feedback:intake", args=["hop-thu"]), {**data, "scan": pdf_upload("scan.pdf")}
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.channel == IntakeChannel.MAILBOX and item.attachments.get().is_scan


def test_staff_enter_a_forwarded_email(client, org, personas):
    client.force_login(personas.handler)
    response = client.post(
        reverse("feedback:intake", args=["thu-dien-tu"]),
        {
            "received_at": "2026-03-02T09:30",
            "email_from": "Hoang.Em@motcua.test",
            "contact_name": "Hoàng Thị Em",
            "kind": "gop_y",
            "topic": "procedures",
            "unit": org.pharmacy.pk,
            "title": "Góp ý biểu mẫu",
            "content": "Biểu mẫu cũ.",
        },
    )
    assert response.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.channel == IntakeChannel.EMAIL and item.contact_email == "hoang.em@motcua.test"


def test_citizens_cannot_use_the_staff_intake(client, personas):
    client.force_login(personas.citizen)
    assert client.get(reverse("feedback:intake", args=["duong-day-nong"])).status_code == 403


def test_codes_stay_unique_when_two_requests_race(transactional_db):
    """Two threads take codes at once (on PostgreSQL they really race; on
    SQLite the write lock serialises them): no code is given twice."""
    import threading

    from django.db import connection
    from django.utils import timezone

    from motcua.feedback.actions import new_code

    if connection.vendor == "sqlite":
        codes = [new_code(timezone.localdate()) for _ in range(10)]
    else:
        codes = []
        lock = threading.Lock()

        def take() -> None:
            from django.db import connections

            try:
                for _ in range(5):
                    code = new_code(timezone.localdate())
                    with lock:
                        codes.append(code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=take) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(codes) == len(set(codes))
