"""Citizen preferences: channels per event; statutory events keep a
channel; notify_user follows them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.constants import EVENTS, Event
from motcua.notifications.models import NotificationPreference, TopicSubscription, VerifiedPhone
from motcua.notifications.transports import MemoryGateway
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

RESULT = "dossier__result_ready--"
RECEIVED = "dossier__received--"


@pytest.fixture
def citizen(db):
    user = UserFactory(email="an@example.vn", full_name="Nguyễn Văn An", phone="+84905123456")
    VerifiedPhone.objects.create(user=user, phone=user.phone, verified_at=timezone.now())
    return user


def _all_on() -> dict[str, str]:
    """Every channel of every event on the preferences page ticked."""
    data = {"action": "save"}
    for spec in EVENTS.values():
        if spec.configurable:
            for channel in spec.channels:
                data[f"{spec.key.replace('.', '__')}--{channel}"] = "on"
    return data


def test_the_page_shows_every_configurable_event(client, citizen):
    client.force_login(citizen)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert page.text.count('type="checkbox"') >= 10
    assert "0905 123 456" in page.text


def test_a_citizen_switches_a_channel_off(client, citizen, commit):
    client.force_login(citizen)
    data = _all_on()
    del data[f"{RECEIVED}sms"]
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert NotificationPreference.objects.get(user=citizen).channel == "sms"
    with commit():
        messages = actions.notify_user(citizen, Event.DOSSIER_RECEIVED, {"code": "SYT-1"})
    assert [m.channel for m in messages] == ["email"]
    assert len(mail.outbox) == 1 and MemoryGateway.outbox == []


def test_a_statutory_event_cannot_be_switched_off_everywhere(client, citizen):
    client.force_login(citizen)
    data = _all_on()
    del data[f"{RESULT}sms"]
    del data[f"{RESULT}email"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    assert "error-summary" in response.text
    assert not NotificationPreference.objects.exists()
    with pytest.raises(ValidationError):
        actions.do_set_preferences(
            citizen,
            enabled={
                (Event.DOSSIER_RESULT_READY, "email"): False,
                (Event.DOSSIER_RESULT_READY, "sms"): False,
            },
            acting_user=citizen,
        )


def test_one_channel_of_a_statutory_event_may_go(client, citizen, commit):
    client.force_login(citizen)
    data = _all_on()
    del data[f"{RESULT}email"]
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    with commit():
        messages = actions.notify_user(citizen, Event.DOSSIER_RESULT_READY, {"code": "SYT-1"})
    assert [m.channel for m in messages] == ["sms"]


def test_a_statutory_event_reaches_someone_without_a_verified_phone_by_email(citizen, commit):
    NotificationPreference.objects.create(
        user=citizen, event=Event.DOSSIER_RESULT_READY, channel="email", enabled=False
    )
    VerifiedPhone.objects.all().delete()
    with commit():
        messages = actions.notify_user(citizen, Event.DOSSIER_RESULT_READY, {"code": "SYT-1"})
    assert [m.channel for m in messages] == ["email"]


def test_notify_user_is_idempotent_with_a_key(citizen, commit):
    with commit():
        first = actions.notify_user(
            citizen, Event.DOSSIER_RECEIVED, {"code": "SYT-1"}, key="d:1:recv"
        )
        second = actions.notify_user(
            citizen, Event.DOSSIER_RECEIVED, {"code": "SYT-1"}, key="d:1:recv"
        )
    assert [m.pk for m in first] == [m.pk for m in second]
    assert len(mail.outbox) == 1 and len(MemoryGateway.outbox) == 1


def test_subscribing_records_consent_and_topics(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("notifications:preferences"),
        {"action": "subscribe", "topics": ["vaccination", "food_safety"]},
    )
    assert response.status_code == 302
    from motcua.notifications.selectors import is_subscribed

    assert is_subscribed(citizen)
    assert set(TopicSubscription.objects.values_list("topic", flat=True)) == {
        "vaccination",
        "food_safety",
    }
    response = client.post(reverse("notifications:preferences"), {"action": "unsubscribe"})
    assert response.status_code == 302
    assert not is_subscribed(citizen)
