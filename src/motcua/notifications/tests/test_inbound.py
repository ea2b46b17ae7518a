"""Inbound SMS: the signed webhook, the command registry, HUY, help,
the TRACUU placeholder, rate limiting per sender, duplicates."""

from __future__ import annotations

import json
import time

import pytest

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent
from motcua.notifications.api import sign
from motcua.notifications.constants import Channel, InboundStatus, MessageStatus
from motcua.notifications.inbound import (
    _HANDLERS,
    SmsCommand,
    lookup_not_available,
    register_sms_command,
    unregister_sms_command,
)
from motcua.notifications.models import InboundMessage, Message, Suppression
from motcua.notifications.transports import MemoryGateway
from motcua.testing.factories import make_subscriber

pytestmark = pytest.mark.django_db

SECRET = "bi-mat-webhook-2026"
URL = "/api/v1/webhooks/sms"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.SMS_WEBHOOK_SECRET = SECRET
    settings.SMS_SHORT_CODE = "8088"


def post(
    client,
    payload: dict,
    *,
    secret: str = SECRET,
    timestamp: int | None = None,
    raw: bytes | None = None,
):
    body = raw if raw is not None else json.dumps(payload).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    return client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_TIMESTAMP=ts,
        HTTP_X_SIGNATURE=sign(body, ts, secret),
    )


def replies() -> list[str]:
    return [sms.text for sms in MemoryGateway.outbox]


def test_a_bad_signature_is_refused_and_changes_nothing(client, commit):
    payload = {"id": "p1", "from": "84905123456", "text": "HUY"}
    user = make_subscriber(phone="+84905123456")
    with commit():
        assert post(client, payload, secret="sai").status_code == 403
        assert post(client, payload, timestamp=int(time.time()) - 3600).status_code == 403
        body = json.dumps(payload).encode()
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 403
        # Even a malformed body with a bad signature gets 403, not 422.
        assert post(client, {}, secret="sai", raw=b"{not json").status_code == 403
    assert not InboundMessage.objects.exists()
    assert not Suppression.objects.exists()
    assert Consent.objects.current().filter(user=user, purpose=ConsentPurpose.INFORMATION).exists()
    assert replies() == []


def test_the_webhook_is_off_without_a_secret(client, settings):
    settings.SMS_WEBHOOK_SECRET = ""
    response = post(client, {"from": "84905123456", "text": "HUY"}, secret="")
    assert response.status_code == 403


def test_huy_opts_the_sender_out_of_campaigns(client, commit):
    user = make_subscriber(phone="+84905123456")
    with commit():
        response = post(client, {"id": "p1", "from": "84905123456", "to": "8088", "text": "huy"})
    assert response.status_code == 200
    assert response.json() == {"status": "accepted", "command": "HUY", "answered": True}
    assert Suppression.objects.filter(channel=Channel.SMS, address="+84905123456").exists()
    assert (
        not Consent.objects.current().filter(user=user, purpose=ConsentPurpose.INFORMATION).exists()
    )
    assert "ngừng nhận tin tuyên truyền" in replies()[0]


def test_anything_else_gets_the_short_help(client, commit):
    with commit():
        post(client, {"from": "0905123456", "text": "Xin chào, cho hỏi"})
    [text] = replies()
    assert "TRACUU" in text and "HUY" in text and "8088" in text


def test_the_placeholder_says_honestly_that_lookup_is_not_available():
    # What TRACUU answered before the dossiers app registered its lookup
    # (dossiers/tests/test_sms_lookup.py tests the real one).
    text = lookup_not_available(
        SmsCommand(
            sender="+84905123456",
            text="TRACUU SYT-260115-0042 7KQ2",
            keyword="TRACUU",
            args=["SYT-260115-0042", "7KQ2"],
        )
    )
    assert "SYT-260115-0042" in text and "chưa được cung cấp" in text
    assert "/tra-cuu/" in text


def test_another_app_can_register_the_lookup(client, commit):
    seen: list[SmsCommand] = []

    def lookup(command: SmsCommand) -> str:
        seen.append(command)
        return f"Ho so {command.args[0]}: dang xu ly, hen tra 30/01/2026."

    before = _HANDLERS["TRACUU"]
    register_sms_command("TRACUU", "TC", replace=True)(lookup)
    try:
        with commit():
            post(client, {"from": "84905123456", "text": "tc syt-1 ab12"})
    finally:
        # Put back whatever was registered (the dossiers app's lookup).
        register_sms_command("TRACUU", "TC", replace=True)(before)
    assert seen[0].sender == "+84905123456" and seen[0].args == ["SYT-1", "AB12"]
    assert replies() == ["Ho so SYT-1: dang xu ly, hen tra 30/01/2026."]


def test_registering_a_keyword_twice_is_an_error():
    with pytest.raises(ValueError):
        register_sms_command("HUY")(lambda c: "")


def test_a_failing_handler_gets_an_apology_not_silence(client, commit):
    def broken(command: SmsCommand) -> str:
        raise RuntimeError("boom")

    register_sms_command("LOI")(broken)
    try:
        with commit():
            post(client, {"from": "84905123456", "text": "LOI"})
    finally:
        unregister_sms_command("LOI")
    assert "Xin lỗi" in replies()[0]


def test_a_sender_is_rate_limited(client, commit, settings):
    settings.SMS_INBOUND_LIMIT = 3
    with commit():
        for i in range(5):
            post(client, {"id": f"r{i}", "from": "84905123456", "text": "abc"})
        post(client, {"id": "other", "from": "84912345678", "text": "abc"})
    statuses = list(
        InboundMessage.objects.filter(sender="+84905123456")
        .order_by("received_at", "id")
        .values_list("status", flat=True)
    )
    assert statuses == ["answered"] * 3 + ["rate_limited"] * 2
    assert len(replies()) == 4  # three to the first sender, one to the other


def test_a_webhook_retried_by_the_provider_is_answered_once(client, commit):
    with commit():
        first = post(client, {"id": "dup-1", "from": "84905123456", "text": "abc"})
        second = post(client, {"id": "dup-1", "from": "84905123456", "text": "abc"})
    assert first.status_code == second.status_code == 200
    assert InboundMessage.objects.count() == 1
    assert len(replies()) == 1


def test_a_receipt_by_webhook_marks_the_message_delivered(client, commit):
    message = Message.objects.create(
        channel=Channel.SMS,
        recipient="+84905123456",
        event="sms.reply",
        body_text="x",
        idempotency_key="k",
        status=MessageStatus.SENT,
        provider_message_id="VN-1",
    )
    response = post(client, {"type": "receipt", "id": "VN-1", "status": "DELIVRD"})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_bad_input_is_a_4xx_with_a_reason(client):
    assert post(client, {"from": "84905123456"}).status_code == 400
    assert post(client, {"type": "receipt"}).status_code == 400
    assert post(client, {}, raw=b"{not json").status_code in (400, 422)
    assert post(client, {"from": "8490", "text": "x" * 2000}).status_code == 422


def test_a_non_vietnamese_sender_is_recorded_but_not_answered(client, commit):
    with commit():
        post(client, {"from": "VIETTEL", "text": "Khuyen mai"})
    inbound = InboundMessage.objects.get()
    assert inbound.status == InboundStatus.IGNORED and inbound.reply is None
    assert replies() == []


def test_openapi_lists_the_webhook(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    operation = spec["paths"]["/api/v1/webhooks/sms"]["post"]
    assert {"200", "400", "403", "422"} <= set(operation["responses"])
    assert client.get("/api/v1/docs").status_code == 200
