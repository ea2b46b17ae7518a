from __future__ import annotations

import re
import unicodedata

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent, User
from motcua.core.models import AdministrativeUnit, AuditEntry

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": unicodedata.normalize("NFD", "Trần Thị Bích Ngọc"),
    "email": "Ngoc.Tran@Example.VN",
    "password1": "mot-mat-khau-dai-2026",
    "password2": "mot-mat-khau-dai-2026",
    "agree_terms": "on",
}


def test_signup_verifies_email_then_signs_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "ngoc.tran@example.vn"
    assert user.full_name == "Trần Thị Bích Ngọc"
    assert unicodedata.is_normalized("NFC", user.full_name)
    assert not EmailAddress.objects.get(user=user).verified
    consent = Consent.objects.get(user=user)
    assert consent.purpose == ConsentPurpose.TERMS and consent.channel == "web"
    assert not Consent.objects.filter(purpose=ConsentPurpose.NOTIFICATIONS).exists()
    # The confirmation e-mail, in Vietnamese, carries the link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    # Confirming needs a POST (no confirmation by merely following a link in a mail scanner).
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_requires_consent_and_keeps_what_was_typed(client):
    data = {**SIGNUP, "agree_terms": ""}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200  # allauth re-renders the form
    assert not User.objects.exists()
    assert (
        'value="Ngoc.Tran@Example.VN"' in response.text
        or "ngoc.tran@example.vn" in response.text.lower()
    )
    assert "error-summary" in response.text
    # The consent box is never pre-ticked.
    page = client.get(reverse("account_signup")).text
    box = re.search(r'<input[^>]*name="agree_terms"[^>]*>', page).group(0)
    assert "checked" not in box


def test_signup_form_puts_name_first(client):
    page = client.get(reverse("account_signup")).text
    assert (
        page.index('name="full_name"')
        < page.index('name="email"')
        < page.index('name="agree_terms"')
    )


@pytest.fixture
def khanh_hoa(db):
    province = AdministrativeUnit.objects.filter(level="province", code="56").first()
    if province is None:  # the data migration loads it; the test needs it
        pytest.fail("administrative units are not loaded")
    ward = AdministrativeUnit.objects.filter(parent=province).order_by("code").first()
    other_province = (
        AdministrativeUnit.objects.filter(level="province").exclude(pk=province.pk).first()
    )
    other_ward = AdministrativeUnit.objects.filter(parent=other_province).first()
    return province, ward, other_ward


def test_profile_saves_normalised_values_and_audits(client, personas, khanh_hoa):
    province, ward, _ = khanh_hoa
    client.force_login(personas.citizen)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": unicodedata.normalize("NFD", "  Nguyễn   Văn An "),
            "id_number": "056 090 001 234",
            "phone": "0905 123 456",
            "address_line": "12 Lê Thánh Tôn",
            "province": province.pk,
            "ward": ward.pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=personas.citizen.pk)
    assert user.full_name == "Nguyễn Văn An"
    assert user.id_number == "056090001234"
    assert user.phone == "+84905123456"
    entry = AuditEntry.objects.for_object(user).first()
    assert entry.event == "accounts.profile_changed"
    assert entry.new["id_number"] == "***"  # identity numbers are not copied into the log


def test_profile_bad_input_gets_vietnamese_errors_and_loses_nothing(client, personas, khanh_hoa):
    province, _, other_ward = khanh_hoa
    client.force_login(personas.citizen)
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Nguyễn Văn An",
            "id_number": "12345",
            "phone": "12345",
            "address_line": "Số 7 đường Hùng Vương",
            "province": province.pk,
            "ward": other_ward.pk,
        },
    )
    assert response.status_code == 400
    text = response.text
    assert "Số định danh cá nhân (CCCD) phải có đúng 12 chữ số." in text
    assert "Nhập số điện thoại Việt Nam" in text
    assert "Số 7 đường Hùng Vương" in text
    assert 'href="#id_id_number"' in text  # the error summary links to the field
    assert User.objects.get(pk=personas.citizen.pk).id_number == ""


def test_changing_province_reloads_wards_without_saving(client, personas, khanh_hoa):
    province, ward, _ = khanh_hoa
    client.force_login(personas.citizen)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Tên Mới", "province": province.pk, "reload_wards": "1"},
    )
    assert response.status_code == 200
    assert f'value="{ward.pk}"' in response.text
    assert 'value="Tên Mới"' in response.text
    assert User.objects.get(pk=personas.citizen.pk).full_name != "Tên Mới"


def test_consents_can_be_given_and_withdrawn(client, personas):
    client.force_login(personas.citizen)
    url = reverse("accounts:consent_change")
    assert client.post(url, {"purpose": "surveys", "action": "give"}).status_code == 302
    consent = Consent.objects.current().get(user=personas.citizen, purpose="surveys")
    assert client.post(url, {"purpose": "surveys", "action": "withdraw"}).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert client.post(url, {"purpose": "nonsense"}).status_code == 302
    page = client.get(reverse("accounts:consents"))
    assert page.status_code == 200


def test_repeated_failed_signins_lock_out_and_say_for_how_long(client, personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("account_login")
    for _ in range(3):
        response = client.post(url, {"login": personas.citizen.email, "password": "sai-mat-khau"})
    response = client.post(url, {"login": personas.citizen.email, "password": "sai-mat-khau"})
    assert response.status_code == 429
    assert "15 phút" in response.text
    # Even the right password is refused while locked.
    response = client.post(
        url, {"login": personas.citizen.email, "password": "mat-khau-thu-nghiem-2026"}
    )
    assert response.status_code == 429


def test_right_password_signs_in(client, personas):
    response = client.post(
        reverse("account_login"),
        {"login": personas.citizen.email, "password": "mat-khau-thu-nghiem-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_staff_without_totp_are_sent_to_set_it_up(client, personas, settings):
    settings.MOTCUA_STAFF_MFA_REQUIRED = True
    client.force_login(personas.handler)
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Citizens are not asked.
    client.force_login(personas.citizen)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_account_pages_from_allauth_render_in_our_layout(client, personas):
    client.force_login(personas.handler)
    # Security pages ask for the password again first (allauth's
    # reauthentication); that page is in our layout too.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "Sở Y tế tỉnh Khánh Hòa" in response.text
    response = client.post(
        reverse("account_reauthenticate"), {"password": "mat-khau-thu-nghiem-2026"}
    )
    assert response.status_code == 302
    for url in [
        reverse("mfa_activate_totp"),
        reverse("mfa_index"),
        reverse("account_email"),
        reverse("account_change_password"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Sở Y tế tỉnh Khánh Hòa" in response.text, url
    client.logout()
    response = client.get(reverse("account_reset_password"))
    assert response.status_code == 200
    assert 'class="btn"' in response.text


def test_staff_with_totp_need_the_code_not_only_the_password(client, personas, settings):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    settings.MOTCUA_STAFF_MFA_REQUIRED = True
    secret = generate_totp_secret()
    TOTP.activate(personas.handler, secret)
    credentials = {"login": personas.handler.email, "password": "mat-khau-thu-nghiem-2026"}
    # Neither the site's form nor Wagtail's sign-in URL lets the password alone in.
    response = client.post(reverse("account_login"), credentials)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/can-bo/").status_code == 302
    client.post(
        "/admin/login/", {"username": personas.handler.email, "password": credentials["password"]}
    )
    assert client.get("/admin/").status_code == 302
    # With the code from the authenticator app, the staff area opens.
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/can-bo/").status_code == 200
