"""The configurable HTTP SMS gateway against a scriptable HTTP server on
loopback: body templates, auth header, response parsing, retries."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.constants import Channel, Event, MessageStatus
from motcua.notifications.models import Message
from motcua.notifications.transports import reset_gateways
from motcua.testing.servers import HttpGatewayServer, free_port

pytestmark = pytest.mark.django_db


def _config(server: HttpGatewayServer, **overrides: object) -> dict[str, object]:
    config: dict[str, object] = {
        "url": server.url,
        "method": "POST",
        "body_format": "json",
        "body_template": '{"Phone": "{to}", "Content": "{text}", "Brandname": "{sender}", "RequestId": "{ref}"}',
        "auth_header": "Authorization: Bearer bi-mat",
        "timeout": 2,
        "phone_format": "84",
        "success_field": "code",
        "success_values": ["0"],
        "retry_values": ["99"],
        "id_field": "data.id",
        "error_field": "message",
    }
    config.update(overrides)
    return config


@pytest.fixture
def gateway(settings):
    with HttpGatewayServer() as server:
        settings.SMS_GATEWAY = "http"
        settings.SMS_HTTP = _config(server)
        reset_gateways()
        yield server
        reset_gateways()


def _send(commit, text: str = 'Hồ sơ "SYT-1" đã có kết quả.') -> Message:
    with commit():
        message = actions.queue_message(
            Channel.SMS, "0905 123 456", Event.SMS_REPLY, {"text": text}
        )
    message.refresh_from_db()
    return message


def test_it_posts_the_json_template_with_the_auth_header_and_reads_the_id(gateway, commit):
    gateway.responses = [(200, {"code": "0", "data": {"id": "VN-778899"}})]
    message = _send(commit)
    assert message.status == MessageStatus.SENT
    assert message.provider_message_id == "VN-778899"
    [request] = gateway.requests
    assert request["headers"]["Authorization"] == "Bearer bi-mat"
    body = json.loads(request["body"])
    # Values are escaped as JSON, never pasted into the text by hand.
    assert body == {
        "Phone": "84905123456",
        "Content": 'Hồ sơ "SYT-1" đã có kết quả.',
        "Brandname": "SYT KHANHHOA",
        "RequestId": str(message.pk),
    }


def test_a_form_body_works_too(gateway, commit, settings):
    settings.SMS_HTTP = _config(
        gateway,
        body_format="form",
        body_template="to={to}&msg={text}&from={sender}",
        phone_format="0",
    )
    reset_gateways()
    gateway.responses = [(200, {"code": "0"})]
    message = _send(commit, "Xin chào & hẹn gặp")
    assert message.status == MessageStatus.SENT
    body = urllib.parse.parse_qs(gateway.requests[0]["body"].decode())
    assert body == {"to": ["0905123456"], "msg": ["Xin chào & hẹn gặp"], "from": ["SYT KHANHHOA"]}


def test_5xx_is_retried_and_the_gateway_coming_back_delivers(gateway, commit):
    gateway.responses = [(503, {"message": "bao tri"}), (200, {"code": "0", "data": {"id": "x1"}})]
    message = _send(commit)
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert "503" in message.last_error
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert actions.send_due_messages().sent == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.provider_message_id == "x1"


def test_a_4xx_or_a_refusal_in_the_body_is_permanent(gateway, commit):
    gateway.responses = [(400, {"message": "So dien thoai sai"})]
    message = _send(commit)
    assert message.status == MessageStatus.FAILED and "400" in message.last_error
    gateway.responses = [(200, {"code": "7", "message": "Brandname chua dang ky"})]
    message = _send(commit, "tin khác")
    assert message.status == MessageStatus.FAILED, message.last_error
    assert "Brandname chua dang ky" in message.last_error


def test_a_retry_code_in_the_body_is_temporary(gateway, commit):
    gateway.responses = [(200, {"code": "99", "message": "He thong ban"})]
    message = _send(commit)
    assert message.status == MessageStatus.QUEUED


def test_a_gateway_that_does_not_answer_is_retried(settings, commit):
    settings.SMS_GATEWAY = "http"
    settings.SMS_HTTP = {**_config(HttpGatewayServer(free_port())), "timeout": 1}
    reset_gateways()
    message = _send(commit)
    assert message.status == MessageStatus.QUEUED
    assert "cannot be reached" in message.last_error or "không" in message.last_error.lower()
