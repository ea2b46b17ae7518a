"""Information campaigns: audience (consent, place, topic, opt-outs),
estimate, sending with the advertising label and the way to unsubscribe,
sending hours, daily limit, progress, the unsubscribe link, the counts the
communication plan reads, permissions."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent
from motcua.core.models import AdministrativeUnit
from motcua.notifications import actions, selectors
from motcua.notifications.constants import CampaignStatus, Channel, MessageStatus
from motcua.notifications.models import Campaign, Message, Suppression
from motcua.notifications.transports import MemoryGateway
from motcua.testing.factories import UserFactory, make_subscriber

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def places(db):
    province = AdministrativeUnit.objects.current().provinces().get(code="56")
    wards = list(
        AdministrativeUnit.objects.current().wards().filter(parent=province).order_by("code")[:2]
    )
    other = AdministrativeUnit.objects.current().provinces().exclude(pk=province.pk).first()
    return province, wards, other


@pytest.fixture
def audience(places):
    province, (ward_a, ward_b), other = places
    return {
        "a": make_subscriber(
            phone="+84905000001", province=province, ward=ward_a, topics=("vaccination",)
        ),
        "b": make_subscriber(phone="+84905000002", province=province, ward=ward_b),
        "c": make_subscriber(
            phone="+84905000003", province=province, ward=ward_a, topics=("food_safety",)
        ),
        "far": make_subscriber(phone="+84905000004", province=other),
        "unverified": make_subscriber(
            phone="+84905000005", province=province, verified_phone=False
        ),
        "no_consent": UserFactory(phone="+84905000006", province=province),
    }


@pytest.fixture(autouse=True)
def _open_hours(settings):
    settings.CAMPAIGN_SEND_HOURS = "00:00-24:00"
    settings.CAMPAIGN_AD_LABEL = "[QC]"
    settings.SMS_SHORT_CODE = "8088"
    settings.SMS_SEGMENT_PRICE_VND = 800


def _campaign(personas, org, **fields) -> Campaign:
    data = {
        "title": "Tiêm chủng mở rộng",
        "unit": org.office,
        "send_email": True,
        "send_sms": True,
        "email_subject": "Lịch tiêm chủng tháng 3",
        "email_text": "Từ ngày 01/3, các trạm y tế tiêm chủng cho trẻ dưới 5 tuổi.",
        "sms_text": "Tu 01/3 cac tram y te tiem chung cho tre duoi 5 tuoi.",
        "sms_strip_accents": True,
        **fields,
    }
    return actions.do_create_campaign(acting_user=personas.coordinator, **data)


def test_the_audience_is_consenting_verified_and_filtered(personas, org, audience, places):
    province, (ward_a, _b), _other = places
    everyone = selectors.campaign_audience(_campaign(personas, org))
    sms = {u.pk for u, _addr in everyone.sms_users}
    assert sms == {audience[k].pk for k in ("a", "b", "c", "far")}
    emails = {u.pk for u, _addr in everyone.email_users}
    assert audience["unverified"].pk in emails and audience["no_consent"].pk not in emails
    in_ward = selectors.campaign_audience(_campaign(personas, org, province=province, ward=ward_a))
    assert {u.pk for u, _a in in_ward.sms_users} == {audience["a"].pk, audience["c"].pk}
    # A topic: those who chose it, and those who chose no topic.
    vaccination = selectors.campaign_audience(
        _campaign(personas, org, province=province, topic="vaccination")
    )
    assert {u.pk for u, _a in vaccination.sms_users} == {audience["a"].pk, audience["b"].pk}
    Suppression.objects.create(channel=Channel.SMS, address="+84905000001", reason="sms_huy")
    after_huy = selectors.campaign_audience(
        _campaign(personas, org, province=province, topic="vaccination")
    )
    assert {u.pk for u, _a in after_huy.sms_users} == {audience["b"].pk}


def test_the_estimate_counts_recipients_and_sms_segments(personas, org, audience, places):
    province, _w, _o = places
    estimate = selectors.campaign_estimate(_campaign(personas, org, province=province))
    assert estimate.sms_recipients == 3
    assert estimate.email_recipients == 4
    assert estimate.sms_sample.startswith("[QC] Tu 01/3")
    assert "HUY gui 8088" in estimate.sms_sample
    assert estimate.sms_encoding == "gsm7" and estimate.sms_segments_each == 1
    assert estimate.sms_segments_total == 3 and estimate.sms_cost_vnd == 2400
    accented = selectors.campaign_estimate(
        _campaign(
            personas,
            org,
            province=province,
            sms_strip_accents=False,
            sms_text="Từ 01/3 các trạm y tế tiêm chủng cho trẻ dưới 5 tuổi.",
        )
    )
    assert accented.sms_encoding == "ucs2" and accented.sms_segments_each == 2


def test_sending_a_campaign_labels_it_and_carries_a_way_out(
    client, personas, org, audience, places, commit
):
    province, _w, _o = places
    campaign = _campaign(personas, org, province=province)
    client.force_login(personas.coordinator)
    detail = client.get(reverse("notifications:campaign_detail", args=[campaign.pk]))
    assert detail.status_code == 200 and "2.400" in detail.text
    with commit():
        response = client.post(reverse("notifications:campaign_send", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED
    assert (campaign.email_recipients, campaign.sms_recipients, campaign.sms_segments) == (4, 3, 3)
    assert {m.status for m in Message.objects.filter(campaign=campaign)} == {MessageStatus.SENT}
    assert len(MemoryGateway.outbox) == 3
    assert all(
        sms.text.startswith("[QC] ") and "HUY gui 8088" in sms.text for sms in MemoryGateway.outbox
    )
    assert len(mail.outbox) == 4
    email = mail.outbox[0]
    assert email.subject == "[QC] Lịch tiêm chủng tháng 3"
    link = re.search(r"http://\S+/huy-nhan-tin/\S+/", email.body).group(0)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Progress is shown after sending; the campaign cannot be sent twice.
    page = client.get(reverse("notifications:campaign_detail", args=[campaign.pk]))
    assert "<progress" in page.text
    with commit():
        client.post(reverse("notifications:campaign_send", args=[campaign.pk]))
    assert Message.objects.filter(campaign=campaign).count() == 7


def test_the_unsubscribe_link_needs_no_sign_in_and_a_post(client, personas, org, audience, commit):
    campaign = _campaign(personas, org, send_sms=False)
    with commit():
        actions.do_send_campaign(campaign, acting_user=personas.coordinator)
    message = Message.objects.filter(campaign=campaign, user=audience["a"]).get()
    link = re.search(r"/huy-nhan-tin/\S+/", message.body_text).group(0)
    page = client.get(link)
    assert page.status_code == 200  # a mail scanner following the link changes nothing
    assert (
        Consent.objects.current()
        .filter(user=audience["a"], purpose=ConsentPurpose.INFORMATION)
        .exists()
    )
    assert client.post(link).status_code == 200
    assert (
        not Consent.objects.current()
        .filter(user=audience["a"], purpose=ConsentPurpose.INFORMATION)
        .exists()
    )
    assert client.get("/huy-nhan-tin/gia-mao:abc/").status_code == 404


def test_outside_the_sending_hours_messages_wait_for_the_morning(
    personas, org, audience, settings, commit
):
    settings.CAMPAIGN_SEND_HOURS = "07:00-22:00"
    late = datetime(2026, 3, 2, 23, 30, tzinfo=VN)
    assert not actions.in_send_hours(late)
    assert actions.next_send_window(late) == datetime(2026, 3, 3, 7, 0, tzinfo=VN)
    assert actions.in_send_hours(datetime(2026, 3, 3, 7, 0, tzinfo=VN))
    campaign = _campaign(personas, org, send_email=False)
    with commit():
        actions.do_send_campaign(campaign, acting_user=personas.coordinator)
    if not actions.in_send_hours():
        assert MemoryGateway.outbox == []
        opening = actions.next_send_window()
        assert set(
            Message.objects.filter(campaign=campaign).values_list("next_attempt_at", flat=True)
        ) == {opening}
    # A quiet-hours message is never claimed at night, even when due.
    Message.objects.filter(campaign=campaign).update(
        status=MessageStatus.QUEUED, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    settings.CAMPAIGN_SEND_HOURS = "00:00-00:01" if timezone.localtime().hour else "12:00-13:00"
    assert actions.claim("w", limit=50)[0] == []


def test_at_most_the_daily_limit_of_campaign_messages_per_recipient(
    personas, org, audience, settings, commit
):
    settings.CAMPAIGN_DAILY_LIMIT = 1
    with commit():
        actions.do_send_campaign(
            _campaign(personas, org, send_email=False), acting_user=personas.coordinator
        )
        second = _campaign(personas, org, send_email=False, title="Lần hai")
        actions.do_send_campaign(second, acting_user=personas.coordinator)
    statuses = set(Message.objects.filter(campaign=second).values_list("status", flat=True))
    assert statuses == {MessageStatus.CANCELLED}
    assert "1" in Message.objects.filter(campaign=second).first().last_error
    second.refresh_from_db()
    assert second.status == CampaignStatus.COMPLETED and second.sms_segments == 0


def test_huy_cancels_what_is_still_queued_for_that_number(personas, org, audience, settings):
    campaign = _campaign(personas, org, send_email=False)
    actions.do_send_campaign(
        campaign, acting_user=personas.coordinator
    )  # not committed: still queued
    actions.do_opt_out_phone("+84905000001")
    message = Message.objects.get(campaign=campaign, recipient="+84905000001")
    assert message.status == MessageStatus.CANCELLED


def test_stopping_a_campaign_cancels_the_rest(personas, org, audience):
    campaign = _campaign(personas, org)
    actions.do_send_campaign(campaign, acting_user=personas.coordinator)
    cancelled = actions.do_cancel_campaign(campaign, acting_user=personas.coordinator)
    assert cancelled == 9  # 5 e-mails and 4 SMS
    assert selectors.campaign_progress(campaign).cancelled == 9


def test_the_communication_plan_reads_sent_counts_per_period(personas, org, audience, commit):
    with commit():
        actions.do_send_campaign(_campaign(personas, org), acting_user=personas.coordinator)
    march = datetime(2026, 3, 10, 9, 0, tzinfo=VN)
    Message.objects.filter(channel=Channel.SMS).update(sent_at=march)
    Message.objects.filter(channel=Channel.EMAIL).update(sent_at=march + timedelta(days=40))
    rows = selectors.campaign_output_counts(date(2026, 1, 1), date(2026, 6, 30), period="month")
    assert rows == [
        {
            "period": date(2026, 3, 1),
            "channel": "sms",
            "campaigns": 1,
            "sent": 4,
            "delivered": 0,
            "segments": 4,
        },
        {
            "period": date(2026, 4, 1),
            "channel": "email",
            "campaigns": 1,
            "sent": 5,
            "delivered": 0,
            "segments": 0,
        },
    ]
    quarters = selectors.campaign_output_counts(
        date(2026, 1, 1), date(2026, 12, 31), period="quarter"
    )
    assert [(r["period"], r["channel"], r["sent"]) for r in quarters] == [
        (date(2026, 1, 1), "sms", 4),
        (date(2026, 4, 1), "email", 5),
    ]
    assert (
        selectors.campaign_output_counts(
            date(2026, 1, 1), date(2026, 12, 31), unit_ids=[org.hospital.pk]
        )
        == []
    )


def test_who_may_compose_and_send(client, personas, org, audience):
    url = reverse("notifications:campaign_create")
    client.force_login(personas.handler)
    assert client.get(url).status_code == 403
    client.force_login(personas.outsider)  # a system administrator of another department
    campaign = _campaign(personas, org)
    assert (
        client.get(reverse("notifications:campaign_detail", args=[campaign.pk])).status_code == 404
    )
    assert (
        client.post(reverse("notifications:campaign_send", args=[campaign.pk])).status_code == 404
    )
    client.force_login(personas.coordinator)
    data = {
        "title": "Phòng chống sốt xuất huyết",
        "unit": org.office.pk,
        "send_email": "on",
        "email_subject": "Phòng chống sốt xuất huyết",
        "email_text": "Diệt lăng quăng, bọ gậy mỗi tuần.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    # Another unit's id in the form is refused as an invalid choice.
    response = client.post(url, {**data, "unit": org.other.pk})
    assert response.status_code == 400


def test_bad_campaign_input_keeps_what_was_typed(client, personas, org):
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("notifications:campaign_create"),
        {"title": "Thông báo", "unit": org.office.pk, "send_sms": "on", "sms_text": "x" * 400},
    )
    assert response.status_code == 400
    assert "error-summary" in response.text and 'value="Thông báo"' in response.text
    response = client.post(
        reverse("notifications:campaign_create"), {"title": "Trống", "unit": org.office.pk}
    )
    assert response.status_code == 400


def test_a_campaign_with_no_audience_cannot_be_sent(client, personas, org):
    campaign = _campaign(personas, org)
    client.force_login(personas.coordinator)
    response = client.post(reverse("notifications:campaign_send", args=[campaign.pk]), follow=True)
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT


def test_campaign_list_has_a_fixed_query_count(
    client, personas, org, django_assert_max_num_queries
):
    client.force_login(personas.coordinator)
    _campaign(personas, org)
    with django_assert_max_num_queries(12):
        client.get(reverse("notifications:campaign_list"))
    for i in range(10):
        _campaign(personas, org, title=f"Chiến dịch {i}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:campaign_list"))
    assert response.text.count("Chiến dịch ") >= 10


def test_the_indicator_counts_campaign_messages_for_the_plans(personas, org, audience, commit):
    from motcua.core.indicators import measure

    with commit():
        actions.do_send_campaign(_campaign(personas, org), acting_user=personas.coordinator)
    today = timezone.localdate()
    assert measure("notifications.campaign_messages_sent", today, today).value == 9
    assert measure("notifications.campaign_messages_sent", today, today, org.office).value == 9
    assert measure("notifications.campaign_messages_sent", today, today, org.hospital).value == 0


def test_progress_is_refreshed_by_htmx_while_sending(client, personas, org, audience):
    campaign = _campaign(personas, org)
    actions.do_send_campaign(campaign, acting_user=personas.coordinator)  # not delivered yet
    client.force_login(personas.coordinator)
    url = reverse("notifications:campaign_detail", args=[campaign.pk])
    page = client.get(url)
    assert 'hx-trigger="every 3s"' in page.text and "htmx" in page.text
    assert "Refresh" in page.text or "Làm mới" in page.text  # without JavaScript
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert partial.text.lstrip().startswith("<section") and "<html" not in partial.text
