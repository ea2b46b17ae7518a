"""Phone verification and sign-in by phone with SMS one-time codes:
hashed, expiring, attempts counted, rate-limited; citizens only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.notifications import actions
from motcua.notifications.models import OneTimeCode, VerifiedPhone
from motcua.notifications.transports import MemoryGateway
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PHONE = "+84905123456"


def last_code() -> str:
    return re.search(r"\b(\d{6})\b", MemoryGateway.outbox[-1].text).group(1)


@pytest.fixture
def citizen(db):
    return UserFactory(email="an@example.vn", full_name="Nguyễn Văn An", phone=PHONE)


def test_a_citizen_verifies_the_profile_phone(client, citizen, commit):
    client.force_login(citizen)
    page = client.get(reverse("notifications:phone_verify"))
    assert page.status_code == 200 and "0905 123 456" in page.text
    with commit():
        response = client.post(reverse("notifications:phone_verify"), {"action": "send"})
    assert response.status_code == 302
    sms = MemoryGateway.outbox[-1]
    assert sms.to == PHONE and "Mã xác thực" in sms.text
    code = last_code()
    stored = OneTimeCode.objects.get()
    assert code not in stored.code_hash  # only a keyed hash is kept
    response = client.post(
        reverse("notifications:phone_verify"), {"action": "verify", "code": code}
    )
    assert response.status_code == 302
    assert VerifiedPhone.objects.get(user=citizen).phone == PHONE
    # A used code does not work twice.
    response = client.post(
        reverse("notifications:phone_verify"), {"action": "verify", "code": code}
    )
    assert response.status_code == 400


def test_wrong_codes_are_counted_and_the_code_dies(client, citizen, commit, settings):
    settings.PHONE_CODE_MAX_ATTEMPTS = 3
    client.force_login(citizen)
    with commit():
        client.post(reverse("notifications:phone_verify"), {"action": "send"})
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    url = reverse("notifications:phone_verify")
    first = client.post(url, {"action": "verify", "code": wrong})
    assert first.status_code == 400 and ("2" in first.text)
    client.post(url, {"action": "verify", "code": wrong})
    client.post(url, {"action": "verify", "code": wrong})
    # The right code no longer helps once the attempts are used up.
    response = client.post(url, {"action": "verify", "code": code})
    assert response.status_code == 400
    assert not VerifiedPhone.objects.exists()
    assert OneTimeCode.objects.get().attempts == 3


def test_an_expired_code_is_refused(citizen, commit):
    with commit():
        actions.do_send_phone_verification(citizen)
    code = last_code()
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(actions.CodeError):
        actions.do_verify_phone(citizen, code)


def test_sending_codes_is_rate_limited(client, citizen, commit, settings):
    settings.PHONE_CODE_SEND_LIMIT = 2
    client.force_login(citizen)
    url = reverse("notifications:phone_verify")
    with commit():
        assert client.post(url, {"action": "send"}).status_code == 302
        assert client.post(url, {"action": "send"}).status_code == 302
        third = client.post(url, {"action": "send"})
    assert third.status_code == 429
    assert len(MemoryGateway.outbox) == 2


def test_a_new_code_voids_the_previous_one(citizen, commit):
    with commit():
        actions.do_send_phone_verification(citizen)
    old = last_code()
    with commit():
        actions.do_send_phone_verification(citizen)
    new = last_code()
    if old != new:
        with pytest.raises(actions.CodeError):
            actions.do_verify_phone(citizen, old)
    actions.do_verify_phone(citizen, new)


def test_changing_the_profile_phone_drops_the_verification(citizen):
    VerifiedPhone.objects.create(user=citizen, phone=PHONE, verified_at=timezone.now())
    from motcua.notifications.selectors import verified_phone_of

    assert verified_phone_of(citizen) == PHONE
    citizen.phone = "+84912345678"
    citizen.save(update_fields=["phone"])
    assert verified_phone_of(citizen) == ""


def test_sign_in_by_phone(client, citizen, commit):
    VerifiedPhone.objects.create(user=citizen, phone=PHONE, verified_at=timezone.now())
    with commit():
        response = client.post(reverse("notifications:phone_login"), {"phone": "0905 123 456"})
    assert response.status_code == 302
    assert "Mã đăng nhập" in MemoryGateway.outbox[-1].text
    response = client.post(reverse("notifications:phone_login_code"), {"code": last_code()})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert int(client.session["_auth_user_id"]) == citizen.pk


def test_unknown_or_unverified_numbers_get_the_same_answer_and_no_sms(client, citizen, commit):
    with commit():
        response = client.post(reverse("notifications:phone_login"), {"phone": "0905 123 456"})
    assert response.status_code == 302  # same as for a known number
    assert MemoryGateway.outbox == []
    response = client.post(reverse("notifications:phone_login_code"), {"code": "123456"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_staff_cannot_sign_in_by_phone(client, personas, commit):
    staff = personas.reception
    staff.phone = PHONE
    staff.save(update_fields=["phone"])
    VerifiedPhone.objects.create(user=staff, phone=PHONE, verified_at=timezone.now())
    with commit():
        client.post(reverse("notifications:phone_login"), {"phone": PHONE})
    assert MemoryGateway.outbox == []


def test_a_bad_phone_number_gets_a_vietnamese_message(client):
    response = client.post(reverse("notifications:phone_login"), {"phone": "12ab"})
    assert response.status_code == 400
    assert "error-summary" in response.text


def test_a_number_is_verified_for_one_account_at_a_time(citizen, commit):
    other = UserFactory(email="binh@example.vn", phone=PHONE)
    VerifiedPhone.objects.create(user=other, phone=PHONE, verified_at=timezone.now())
    with commit():
        actions.do_send_phone_verification(citizen)
    actions.do_verify_phone(citizen, last_code())
    assert list(VerifiedPhone.objects.values_list("user_id", flat=True)) == [citizen.pk]
