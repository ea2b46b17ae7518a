"""Staff screens at /can-bo/thong-bao/: overview with daily counts, the
delivery log per related object, failures with resend, templates with
preview. Scoped by unit, with fixed query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.notifications import actions, selectors
from motcua.notifications.constants import Channel, Event, MessageStatus
from motcua.notifications.models import Message, MessageTemplate
from motcua.org.models import Unit
from motcua.testing.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_overview_counts_per_day_channel_and_status(
    client, personas, org, django_assert_max_num_queries
):
    MessageFactory.create_batch(3, unit=org.pharmacy, sent=True)
    MessageFactory.create_batch(2, unit=org.pharmacy, sms=True, failed=True)
    MessageFactory(unit=org.other, sent=True)  # another department's
    yesterday = MessageFactory(unit=org.pharmacy, sms=True, sent=True)
    Message.objects.filter(pk=yesterday.pk).update(created_at=timezone.now() - timedelta(days=1))
    client.force_login(personas.leader)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications:staff_overview"))
    assert response.status_code == 200
    rows = selectors.daily_counts(Message.objects.visible_to(personas.leader))
    today = timezone.localdate()
    counts = {(r.day, r.channel): r.counts for r in rows}
    assert counts[(today, "email")] == {"sent": 3}
    assert counts[(today, "sms")] == {"failed": 2}
    assert counts[(today - timedelta(days=1), "sms")] == {"sent": 1}
    for _ in range(20):
        MessageFactory(unit=org.hospital, sms=True, sent=True)
    with django_assert_max_num_queries(10):
        client.get(reverse("notifications:staff_overview"))


def test_the_delivery_log_of_one_object(client, personas, org, django_assert_max_num_queries):
    unit_type = ContentType.objects.get_for_model(Unit)
    for _ in range(3):
        actions.queue_message(
            Channel.EMAIL,
            "an@example.vn",
            Event.DOSSIER_RECEIVED,
            {"code": "X"},
            related=org.pharmacy,
            unit=org.pharmacy,
        )
    MessageFactory(unit=org.pharmacy)  # about something else
    client.force_login(personas.handler)
    url = selectors.delivery_log_url(org.pharmacy)
    assert url == reverse("notifications:staff_messages") + f"?loai=org.unit&id={org.pharmacy.pk}"
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count("/can-bo/thong-bao/tin/") >= 3
    assert "an***@example.vn" in response.text and "an@example.vn" not in response.text
    assert selectors.delivery_log(personas.handler, unit_type.pk, str(org.pharmacy.pk)).count() == 3
    for _ in range(30):
        actions.queue_message(
            Channel.SMS,
            "0905123456",
            Event.DOSSIER_RECEIVED,
            {"code": "X"},
            related=org.pharmacy,
            unit=org.pharmacy,
        )
    with django_assert_max_num_queries(10):
        client.get(url)
    assert (
        client.get(reverse("notifications:staff_messages") + "?loai=khong.co&id=1").status_code
        == 404
    )


def test_staff_see_only_their_units(client, personas, org):
    mine = MessageFactory(unit=org.pharmacy)
    theirs = MessageFactory(unit=org.other)
    system = MessageFactory(unit=None)
    client.force_login(personas.handler)
    assert client.get(reverse("notifications:staff_message", args=[mine.pk])).status_code == 200
    assert client.get(reverse("notifications:staff_message", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("notifications:staff_message", args=[system.pk])).status_code == 404
    client.force_login(personas.sysadmin)
    assert client.get(reverse("notifications:staff_message", args=[system.pk])).status_code == 200
    client.force_login(personas.citizen)
    assert client.get(reverse("notifications:staff_overview")).status_code == 403


def test_failures_list_and_resend(client, personas, org, commit, django_assert_max_num_queries):
    failed = MessageFactory(unit=org.office, failed=True, recipient="an@example.vn")
    MessageFactory.create_batch(5, unit=org.office, sms=True, failed=True)
    MessageFactory(unit=org.office, sent=True)
    client.force_login(personas.reception)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:staff_failures"))
    assert response.status_code == 200
    assert response.text.count("Địa chỉ e-mail không hợp lệ") == 6
    MessageFactory.create_batch(20, unit=org.office, failed=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:staff_failures"))
    with commit():
        response = client.post(reverse("notifications:staff_resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == MessageStatus.SENT
    assert AuditEntry.objects.for_object(failed).get().event == "notifications.message_resent"


def test_a_handler_cannot_resend_and_nobody_resends_across_units(client, personas, org):
    failed = MessageFactory(unit=org.pharmacy, failed=True)
    client.force_login(personas.handler)
    assert client.post(reverse("notifications:staff_resend", args=[failed.pk])).status_code == 403
    client.force_login(personas.outsider)
    assert client.post(reverse("notifications:staff_resend", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == MessageStatus.FAILED


def test_message_detail_shows_attempts(client, personas, org):
    message = actions.queue_message(
        Channel.EMAIL, "bad-address", Event.DOSSIER_RECEIVED, {"code": "X"}, unit=org.office
    )
    actions.deliver_messages([message.pk])
    client.force_login(personas.reception)
    page = client.get(reverse("notifications:staff_message", args=[message.pk]))
    assert page.status_code == 200
    assert "bad-address" in page.text  # the full address on the detail page
    assert page.text.count("<tr>") >= 2


def test_templates_are_for_system_administrators(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(reverse("notifications:template_list")).status_code == 403
    client.force_login(personas.sysadmin)
    page = client.get(reverse("notifications:template_list"))
    assert (page.status_code == 200 and "Mặc định" in page.text) or "Default" in page.text


def test_preview_then_save_then_reset_a_template(client, personas, commit):
    client.force_login(personas.sysadmin)
    url = reverse("notifications:template_edit", args=[Event.DOSSIER_RESULT_READY, "sms"])
    page = client.get(url)
    assert page.status_code == 200
    assert "SYT-260115-0042" in page.text  # rendered with the sample values
    data = {
        "body_text": "Hồ sơ {{ code }} đã có kết quả, mời nhận tại {{ unit }}.",
        "strip_accents": "on",
    }
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "Ho so SYT-260115-0042 da co ket qua" in preview.text
    assert not MessageTemplate.objects.exists()
    assert client.post(url, {**data, "action": "save"}).status_code == 302
    with commit():
        message = actions.queue_message(
            Channel.SMS,
            "0905123456",
            Event.DOSSIER_RESULT_READY,
            {"code": "SYT-9", "unit": "Sở Y tế"},
        )
    assert message.body_text == "Ho so SYT-9 da co ket qua, moi nhan tai So Y te."
    assert message.encoding == "gsm7"
    assert client.post(url, {"action": "reset"}).status_code == 302
    assert not MessageTemplate.objects.exists()
    assert AuditEntry.objects.filter(event="notifications.template_reset").exists()


def test_a_broken_template_is_refused_with_a_reason(client, personas):
    client.force_login(personas.sysadmin)
    url = reverse("notifications:template_edit", args=[Event.DOSSIER_RECEIVED, "email"])
    response = client.post(
        url, {"subject": "Hồ sơ {{ code ", "body_text": "{% if %}", "action": "save"}
    )
    assert response.status_code == 400
    assert "error-summary" in response.text
    assert not MessageTemplate.objects.exists()
    response = client.post(
        url, {"subject": "x", "body_text": "{% include 'base.html' %}", "action": "save"}
    )
    assert response.status_code == 400
    assert (
        client.get(reverse("notifications:template_edit", args=["khong.co", "sms"])).status_code
        == 404
    )


def test_an_email_template_preview_has_the_html(client, personas):
    client.force_login(personas.sysadmin)
    url = reverse("notifications:template_edit", args=[Event.DOSSIER_RECEIVED, "email"])
    response = client.post(
        url,
        {
            "subject": "Tiếp nhận {{ code }}",
            "body_text": "Kính gửi {{ full_name }}",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    assert "Tiếp nhận SYT-260115-0042" in response.text
    assert 'sandbox=""' in response.text and "srcdoc=" in response.text
