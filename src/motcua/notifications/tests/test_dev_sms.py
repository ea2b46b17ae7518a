"""The development SMS gateway and its page at /dev/tin-nhan/."""

from __future__ import annotations

import json

import pytest

from motcua.notifications import actions
from motcua.notifications.constants import Channel, Event
from motcua.notifications.transports import reset_gateways

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_file(settings, tmp_path):
    settings.SMS_GATEWAY = "dev-file"
    settings.SMS_DEV_FILE = tmp_path / "sms" / "sms.jsonl"
    reset_gateways()
    yield settings.SMS_DEV_FILE
    reset_gateways()


def test_the_page_is_off_unless_enabled(client, settings):
    settings.DEV_SMS = False
    assert client.get("/dev/tin-nhan/").status_code == 404


def test_sms_are_written_to_the_file_and_shown(client, settings, dev_file, commit):
    settings.DEV_SMS = True
    with commit():
        actions.queue_message(
            Channel.SMS, "0905123456", Event.PHONE_VERIFICATION, {"code": "482915", "minutes": 5}
        )
    [line] = dev_file.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["to"] == "+84905123456" and "482915" in record["text"]
    assert record["encoding"] == "ucs2"
    page = client.get("/dev/tin-nhan/")
    assert page.status_code == 200 and "482915" in page.text


def test_a_pretend_inbound_sms_is_answered(client, settings, dev_file, commit):
    settings.DEV_SMS = True
    with commit():
        response = client.post("/dev/tin-nhan/", {"sender": "0905 123 456", "text": "abc"})
    assert response.status_code == 302
    assert "TRACUU" in dev_file.read_text(encoding="utf-8")
    assert client.post("/dev/tin-nhan/", {"sender": "12", "text": ""}).status_code == 400
