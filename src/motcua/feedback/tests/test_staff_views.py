"""Staff screens: queues per unit and role, the item page with its steps
and history, export, figures; scoping (404) and XSS."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from motcua.feedback.constants import FeedbackStatus

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_queues_show_each_role_its_work(client, make_item, personas):
    new = make_item(title="Mới nhận")
    mine = make_item("assigned", title="Đã giao")
    waiting = make_item("drafted", title="Chờ duyệt")
    client.force_login(personas.handler)
    body = client.get(reverse("feedback:queue")).content.decode()  # handler: mine by default
    assert "Đã giao" in body and "Chờ duyệt" in body and "Mới nhận" not in body
    client.force_login(personas.approver)
    body = client.get(reverse("feedback:queue")).content.decode()  # approver: awaiting approval
    assert "Chờ duyệt" in body and "Đã giao" not in body
    body = client.get(reverse("feedback:queue") + "?hang=new").content.decode()
    assert (
        "Mới nhận" in body
        and new.code in body
        and mine.code not in body
        and waiting.code not in body
    )


def test_overdue_and_due_soon_queues(client, make_item, personas):
    from datetime import timedelta

    from django.utils import timezone

    from motcua.feedback.models import FeedbackItem

    late = make_item("assigned", title="Quá hạn")
    FeedbackItem.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    make_item("assigned", title="Còn hạn")
    client.force_login(personas.approver)
    body = client.get(reverse("feedback:queue") + "?hang=overdue").content.decode()
    assert "Quá hạn" in body and "Còn hạn" not in body


def test_another_units_staff_see_nothing_and_get_404(client, make_item, personas):
    item = make_item()
    client.force_login(personas.outsider)
    assert item.code not in client.get(reverse("feedback:queue") + "?hang=all").content.decode()
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("feedback:step", args=[item.pk, "phan-cong"]), {"handler": personas.outsider.pk}
        ).status_code
        == 404
    )
    client.force_login(personas.reception)  # the office, not the pharmacy room
    assert client.get(reverse("feedback:detail", args=[item.pk])).status_code == 404
    client.force_login(personas.citizen)
    assert client.get(reverse("feedback:queue")).status_code == 403


def test_the_queue_costs_the_same_queries_for_many_items(
    client, make_item, personas, django_assert_max_num_queries
):
    for n in range(15):
        make_item("assigned", title=f"Việc {n}")
    client.force_login(personas.approver)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("feedback:queue") + "?hang=all")
    assert response.status_code == 200 and "Việc 14" in response.content.decode()


def test_steps_from_the_item_page(client, make_item, personas):
    item = make_item("classified")
    client.force_login(personas.approver)
    assert (
        client.post(
            reverse("feedback:step", args=[item.pk, "phan-cong"]), {"handler": personas.handler.pk}
        ).status_code
        == 302
    )
    client.force_login(personas.handler)
    assert (
        client.post(
            reverse("feedback:step", args=[item.pk, "du-thao"]), {"answer": "Trả lời"}
        ).status_code
        == 302
    )
    # The handler cannot approve: the step is refused (403).
    assert (
        client.post(
            reverse("feedback:step", args=[item.pk, "phe-duyet"]), {"answer": "x"}
        ).status_code
        == 403
    )
    client.force_login(personas.approver)
    response = client.post(
        reverse("feedback:step", args=[item.pk, "phe-duyet"]),
        {"answer": "Trả lời đã duyệt", "publish": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (
        item.status == FeedbackStatus.ANSWERED
        and item.is_published
        and item.answer == "Trả lời đã duyệt"
    )
    page = client.get(reverse("feedback:detail", args=[item.pk])).content.decode()
    for label in [
        "Feedback received",
        "Feedback assigned",
        "Answer drafted",
        "Answer approved",
        "Answer sent",
        "Answer published",
    ]:
        from django.utils.translation import gettext

        assert gettext(label) in page, label


def test_a_refused_step_keeps_what_was_typed(client, make_item, personas):
    item = make_item("assigned")
    client.force_login(personas.approver)
    response = client.post(
        reverse("feedback:step", args=[item.pk, "ngoai-tham-quyen"]), {"referral": ""}
    )
    assert response.status_code == 400
    response = client.post(reverse("feedback:step", args=[item.pk, "gui"]))
    assert response.status_code == 400  # not approved yet
    response = client.post(reverse("feedback:step", args=[item.pk, "du-thao"]), {"answer": ""})
    assert response.status_code == 400


def test_xss_payloads_are_text_in_staff_screens_and_emails(client, make_item, personas):
    from motcua.notifications.models import Message

    item = make_item(
        "drafted",
        title=f"Tiêu đề {XSS}",
        content=f"Nội dung {XSS}",
        answer=f"Trả lời {XSS}",
        contact_name=f"Tên {XSS}",
    )
    client.force_login(personas.approver)
    for url in [
        reverse("feedback:detail", args=[item.pk]),
        reverse("feedback:queue") + "?hang=all",
    ]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url
    message = Message.objects.get(event="feedback.received")
    assert "<script>alert" not in message.body_html


def test_the_export_is_an_xlsx_of_the_queue(client, make_item, personas):
    from openpyxl import load_workbook

    item = make_item("assigned", title='=HYPERLINK("http://x")')
    client.force_login(personas.approver)
    response = client.get(reverse("feedback:export") + "?hang=all")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã số" and rows[1][0] == item.code
    assert rows[1][6].startswith("'=")  # never a formula


def test_the_figures_page(client, make_item, personas, org):
    make_item("answered")
    client.force_login(personas.leader)
    response = client.get(reverse("feedback:stats") + f"?don_vi={org.dept.pk}")
    body = response.content.decode()
    assert response.status_code == 200 and "100" in body and org.pharmacy.name in body


def test_attachments_are_served_to_staff_of_the_unit_only(client, org, personas):
    from motcua.feedback import actions
    from motcua.feedback.tests.conftest import png_upload

    upload = png_upload()
    item = actions.do_receive_feedback(
        channel="web",
        kind="hoi_dap",
        topic="pharmacy",
        unit=org.pharmacy,
        title="Ảnh",
        content="Ảnh",
        contact_name="A",
        contact_email="a@motcua.test",
        uploads=[actions.Upload(file=upload, name="anh.png")],
    )
    attachment = item.attachments.get()
    client.force_login(personas.handler)
    response = client.get(reverse("feedback:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(personas.outsider)
    assert client.get(reverse("feedback:attachment", args=[attachment.pk])).status_code == 404
