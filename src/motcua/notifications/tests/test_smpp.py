"""SMS over SMPP 3.4 to an SMSC simulator on loopback (smpp34's server):
transceiver bind, concatenated UCS-2, delivery receipts, mobile-originated
messages, refusals, an SMSC that is down and comes back."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.constants import Channel, Event, InboundSource, MessageStatus
from motcua.notifications.management.commands.smpp_listen import listen
from motcua.notifications.models import DeliveryReceipt, InboundMessage, Message, SmsPart
from motcua.notifications.transports import SmppGateway, get_sms_gateway, reset_gateways
from motcua.testing.servers import SmppSimulator, free_port, reassemble

pytestmark = pytest.mark.django_db

LONG_TEXT = (
    "Hồ sơ SYT-260115-0042 (cấp chứng chỉ hành nghề dược) đã có kết quả. "
    "Quý ông/bà vui lòng nhận kết quả tại Bộ phận Một cửa Sở Y tế tỉnh Khánh Hòa, "
    "04 Phan Chu Trinh, phường Nha Trang."
)


@pytest.fixture
def smsc(settings):
    with SmppSimulator() as simulator:
        settings.SMS_GATEWAY = "smpp"
        settings.SMPP = simulator.smpp_settings()
        reset_gateways()
        yield simulator
        reset_gateways()


def _reply(text: str) -> dict[str, str]:
    return {"text": text}


def test_a_long_vietnamese_sms_goes_as_concatenated_ucs2_and_its_receipts_deliver_it(smsc, commit):
    with commit():
        message = actions.queue_message(
            Channel.SMS, "0905 123 456", Event.SMS_REPLY, _reply(LONG_TEXT)
        )
    message.refresh_from_db()
    # The sending session reads whatever the SMSC sends back, so the
    # receipts may already have delivered it by now.
    assert message.status in (MessageStatus.SENT, MessageStatus.DELIVERED), message.last_error
    assert message.encoding == "ucs2" and message.segments == 3
    submits = smsc.wait_for_submits(3)
    assert len(submits) == 3
    # The SMSC may take the parts in any order; the UDH numbers them.
    submits.sort(key=lambda s: s.short_message[5])
    assert {s.data_coding for s in submits} == {8}  # UCS-2
    assert all(s.esm_class & 0x40 for s in submits)  # UDH present
    udh = [s.short_message[:6] for s in submits]
    assert {u[3] for u in udh} == {udh[0][3]}  # one reference number
    assert [u[4] for u in udh] == [3, 3, 3] and [u[5] for u in udh] == [1, 2, 3]
    assert all(len(s.short_message) <= 140 for s in submits)
    assert reassemble(submits) == LONG_TEXT
    assert {s.destination_addr for s in submits} == {"84905123456"}
    assert {s.source_addr for s in submits} == {"SYT KHANHHOA"}
    parts = list(SmsPart.objects.filter(message=message).order_by("number"))
    assert sorted(p.provider_message_id for p in parts) == sorted(s.message_id for s in submits)
    # The receipts arrive on the same session; reading them delivers the message.
    gateway = get_sms_gateway()
    actions.process_gateway_events(gateway.poll(wait=1.0))
    for _ in range(20):
        message.refresh_from_db()
        if message.status == MessageStatus.DELIVERED:
            break
        actions.process_gateway_events(gateway.poll(wait=0.2))
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None
    assert DeliveryReceipt.objects.filter(matched=True).count() == 3


def test_a_short_unaccented_sms_is_one_gsm7_part(smsc, commit):
    with commit():
        message = actions.queue_message(
            Channel.SMS, "+84905123456", Event.SMS_REPLY, _reply("Ho so SYT-1 da co ket qua.")
        )
    message.refresh_from_db()
    # The simulator may already have sent its delivery receipt.
    assert message.status in (MessageStatus.SENT, MessageStatus.DELIVERED)
    [submit] = smsc.wait_for_submits(1)
    assert submit.data_coding == 0 and not submit.esm_class & 0x40
    assert submit.short_message == b"Ho so SYT-1 da co ket qua."


def test_an_undeliverable_receipt_parks_the_message(smsc, commit):
    smsc.undeliverable.add("84905000111")
    with commit():
        message = actions.queue_message(
            Channel.SMS, "0905000111", Event.SMS_REPLY, _reply("Xin chào")
        )
    gateway = get_sms_gateway()
    for _ in range(20):
        actions.process_gateway_events(gateway.poll(wait=0.2))
        message.refresh_from_db()
        if message.status != MessageStatus.SENT:
            break
    assert message.status == MessageStatus.UNDELIVERED
    assert "UNDELIV" in message.last_error


def test_a_receipt_before_the_mark_is_kept_and_applied(commit):
    from motcua.notifications.transports import ReceiptEvent

    receipt = actions.record_receipt(ReceiptEvent("early-1", delivered=True, state="DELIVRD"))
    assert not receipt.matched
    message = actions.queue_message(Channel.SMS, "0905123456", Event.SMS_REPLY, _reply("x"))
    claimed, token = actions.claim("w", ids=[message.pk])
    m, attempt = claimed[0]
    from motcua.notifications.transports import SendResult

    actions._mark_sent(m, attempt, SendResult("early-1", ["early-1"]), token)
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    receipt.refresh_from_db()
    assert receipt.matched


def test_an_invalid_destination_refused_by_the_smsc_is_permanent(smsc, commit):
    smsc.reject_status = 0x0B  # ESME_RINVDSTADR
    with commit():
        message = actions.queue_message(Channel.SMS, "0905123456", Event.SMS_REPLY, _reply("x"))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "0x0000000B" in message.last_error


def test_a_throttled_submit_is_retried(smsc, commit):
    smsc.reject_status = 0x58  # ESME_RTHROTTLED
    with commit():
        message = actions.queue_message(Channel.SMS, "0905123456", Event.SMS_REPLY, _reply("x"))
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    smsc.reject_status = 0
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert actions.send_due_messages().sent == 1


def test_smsc_down_then_up_loses_nothing(settings, commit):
    port = free_port()
    simulator = SmppSimulator(port=port)
    settings.SMS_GATEWAY = "smpp"
    settings.SMPP = simulator.smpp_settings(timeout=2)
    reset_gateways()
    with commit():
        for i in range(3):
            actions.queue_message(Channel.SMS, f"090512345{i}", Event.SMS_REPLY, _reply(f"Tin {i}"))
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    simulator.start()
    try:
        Message.objects.update(next_attempt_at=timezone.now())
        report = actions.send_due_messages()
        assert report.sent == 3
        assert sorted(reassemble([s]) for s in simulator.wait_for_submits(3)) == [
            "Tin 0",
            "Tin 1",
            "Tin 2",
        ]
    finally:
        reset_gateways()
        simulator.stop()


def test_a_mobile_originated_sms_is_answered_over_smpp(smsc, commit, settings):
    settings.SMS_SHORT_CODE = "8088"
    gateway = SmppGateway(settings.SMPP)
    gateway.open()
    smsc.wait_bound()
    try:
        smsc.send_mo("84905123456", "tc SYT-260115-0042 7KQ2MX")
        with commit():
            handled = listen(gateway, max_events=1, timeout=5)
        assert handled == 1
        inbound = InboundMessage.objects.get()
        assert inbound.source == InboundSource.SMPP
        assert inbound.sender == "+84905123456" and inbound.command == "TRACUU"
        assert inbound.reply is not None
        reply = inbound.reply
        parts = smsc.wait_for_submits(reply.segments)
        assert len(parts) == reply.segments
        parts.sort(key=lambda s: s.short_message[5] if s.esm_class & 0x40 else 0)
        text = reassemble(parts)
        # No such dossier: the dossiers app's lookup answers, in Vietnamese.
        assert "SYT-260115-0042" in text and "/tra-cuu/" in text
    finally:
        gateway.close()
