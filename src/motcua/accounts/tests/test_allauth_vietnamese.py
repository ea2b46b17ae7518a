"""allauth's pages, messages and e-mails read Vietnamese.

django-allauth ships no Vietnamese catalogue; the project translates its
account and MFA strings in ``locale_overrides/vi/LC_MESSAGES/django.po``. These tests
walk the real flows (sign-up and its confirmation e-mail, sign-in with a
wrong password, sign-out, password reset by e-mail, password change with
its notification, two-step verification set-up after reauthentication and
sign-in with a code) and check for Vietnamese phrases and the absence of
allauth's English originals."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal import auth as totp
from django.core import mail
from django.db import transaction
from django.urls import reverse

from motcua.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Lê Thị Hồng Nhung",
    "email": "hong.nhung@example.vn",
    "password1": "mot-mat-khau-dai-2026",
    "password2": "mot-mat-khau-dai-2026",
    "agree_terms": "on",
}

# Opening and closing of every allauth e-mail (account/email/base_message.txt).
EMAIL_OPENING_CLOSING = ["Kính gửi Ông/Bà,", "Trân trọng,", "Sở Y tế"]
EMAIL_ENGLISH = ["Hello from", "Thank you for using", "You are receiving", "You're receiving"]


def assert_all_in(text: str, phrases: list[str]) -> None:
    missing = [p for p in phrases if p not in text]
    assert not missing, f"missing Vietnamese: {missing}"


def assert_none_in(text: str, phrases: list[str]) -> None:
    found = [p for p in phrases if p in text]
    assert not found, f"English left: {found}"


def buttons(html: str) -> list[str]:
    """The visible text of the page's buttons."""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", b)).strip()
        for b in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)
    ]


def path_of(url: str) -> str:
    return url.split("testserver", 1)[1]


def test_signup_confirmation_email_and_pages_are_vietnamese(client):
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert response.status_code == 200
    # The "verification sent" page and its flash message.
    page = response.text
    assert_all_in(
        page,
        [
            "Xác nhận địa chỉ thư điện tử",
            "Chúng tôi đã gửi thư xác nhận đến địa chỉ thư điện tử của bạn.",
            "Đã gửi thư xác nhận đến hong.nhung@example.vn.",
        ],
    )
    assert_none_in(
        page,
        [
            "Verify Your Email Address",
            "We have sent an email to you for verification",
            "Confirmation email sent to",
        ],
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Xác nhận địa chỉ thư điện tử" in message.subject
    assert "Please Confirm Your Email Address" not in message.subject
    body = message.body
    assert_all_in(
        body,
        [
            *EMAIL_OPENING_CLOSING,
            "Ông/Bà nhận được thư này vì người dùng Lê Thị Hồng Nhung đã dùng địa chỉ thư điện tử này để đăng ký tài khoản",
            "Để xác nhận thông tin trên là đúng, Ông/Bà vui lòng truy cập đường liên kết sau:",
        ],
    )
    assert_none_in(body, [*EMAIL_ENGLISH, "To confirm this is correct, go to"])
    link = re.search(r"https?://\S+/tai-khoan/confirm-email/\S+/", body).group(0)

    # The confirmation page, and the messages after confirming.
    page = client.get(path_of(link)).text
    assert_all_in(page, ["Xác nhận địa chỉ thư điện tử", "Vui lòng xác nhận"])
    assert "Xác nhận" in buttons(page)
    assert_none_in(page, ["Confirm Email Address", "Please confirm that"])
    response = client.post(path_of(link), follow=True)
    assert response.status_code == 200
    assert_all_in(
        response.text,
        [
            "Bạn đã xác nhận địa chỉ thư điện tử hong.nhung@example.vn.",
            "Đăng nhập thành công. Xin chào Lê Thị Hồng Nhung.",
        ],
    )
    assert_none_in(response.text, ["You have confirmed", "Successfully signed in as"])


def test_signup_with_an_address_in_use_mails_the_owner_in_vietnamese(client, personas):
    # allauth does not reveal that the address has an account (enumeration
    # prevention): it answers as for a new sign-up and e-mails the owner.
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": personas.citizen.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Tài khoản đã tồn tại" in message.subject
    assert "Account Already Exists" not in message.subject
    assert_all_in(
        message.body,
        [
            *EMAIL_OPENING_CLOSING,
            "địa chỉ thư điện tử này đã được dùng cho một tài khoản hiện có",
            "/tai-khoan/password/reset/",
        ],
    )
    assert_none_in(
        message.body, [*EMAIL_ENGLISH, "an account using that email address already exists"]
    )


def test_wrong_password_on_the_login_page_is_vietnamese(client, personas):
    page = client.get(reverse("account_login")).text
    assert_all_in(page, ["Thư điện tử", "Mật khẩu", "Ghi nhớ đăng nhập", "Quên mật khẩu?"])
    assert_none_in(page, ["Remember Me", 'placeholder="Email address"', 'placeholder="Password"'])

    response = client.post(
        reverse("account_login"), {"login": personas.citizen.email, "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert "Địa chỉ thư điện tử hoặc mật khẩu không đúng." in response.text
    assert "The email address and/or password you specified are not correct." not in response.text


def test_sign_in_and_sign_out_messages_are_vietnamese(client, personas):
    response = client.post(
        reverse("account_login"),
        {"login": personas.citizen.email, "password": PASSWORD},
        follow=True,
    )
    assert "Đăng nhập thành công. Xin chào Nguyễn Văn An." in response.text
    assert "Successfully signed in as" not in response.text

    page = client.get(reverse("account_logout")).text
    assert "Bạn có chắc chắn muốn đăng xuất không?" in page
    assert "Đăng xuất" in buttons(page)
    assert_none_in(page, ["Are you sure you want to sign out?", "Sign Out"])
    response = client.post(reverse("account_logout"), follow=True)
    assert "Bạn đã đăng xuất." in response.text
    assert "You have signed out." not in response.text


def test_password_reset_email_and_pages_are_vietnamese(client, personas):
    page = client.get(reverse("account_reset_password")).text
    assert_all_in(
        page,
        [
            "Đặt lại mật khẩu",
            "Hãy nhập địa chỉ thư điện tử của bạn dưới đây",
            "Nếu gặp khó khăn khi đặt lại mật khẩu, vui lòng liên hệ với chúng tôi.",
        ],
    )
    assert_none_in(page, ["Password Reset", "Forgotten your password?", "Reset My Password"])

    response = client.post(
        reverse("account_reset_password"), {"email": personas.citizen.email}, follow=True
    )
    assert "Chúng tôi đã gửi thư đến bạn." in response.text
    assert "We have sent you an email." not in response.text

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Hướng dẫn đặt lại mật khẩu" in message.subject
    assert "Password Reset" not in message.subject
    body = message.body
    assert_all_in(
        body,
        [
            *EMAIL_OPENING_CLOSING,
            "Ông/Bà hoặc một người khác vừa yêu cầu đặt lại mật khẩu cho tài khoản của Ông/Bà.",
            "Ông/Bà vui lòng truy cập đường liên kết dưới đây.",
        ],
    )
    assert_none_in(body, [*EMAIL_ENGLISH, "Click the link below to reset your password."])
    link = re.search(r"https?://\S+/tai-khoan/password/reset/key/\S+/", body).group(0)

    response = client.get(path_of(link), follow=True)
    assert_all_in(response.text, ["Đổi mật khẩu", "Mật khẩu mới", "Nhập lại mật khẩu mới"])
    assert_none_in(response.text, ["Change Password", "New Password"])
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else path_of(link)
    response = client.post(
        set_password_url,
        {"password1": "mat-khau-moi-2026-abc", "password2": "mat-khau-khac-2026-abc"},
    )
    assert "Hai lần nhập mật khẩu phải giống nhau." in response.text
    assert "You must type the same password each time." not in response.text
    response = client.post(
        set_password_url,
        {"password1": "mat-khau-moi-2026-abc", "password2": "mat-khau-moi-2026-abc"},
        follow=True,
    )
    assert "Mật khẩu của bạn đã được thay đổi." in response.text
    assert "Your password is now changed." not in response.text


def test_password_reset_for_an_unknown_address_is_vietnamese(client, db):
    client.post(reverse("account_reset_password"), {"email": "khong-co@example.vn"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Không tìm thấy tài khoản" in message.subject
    assert_all_in(message.body, [*EMAIL_OPENING_CLOSING, "hệ thống không có tài khoản nào"])
    assert_none_in(message.body, [*EMAIL_ENGLISH, "we do not have any record of such an account"])


def test_password_change_page_message_and_notification_are_vietnamese(client, personas, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(personas.citizen)
    page = client.get(reverse("account_change_password")).text
    assert_all_in(page, ["Đổi mật khẩu", "Mật khẩu hiện tại", "Mật khẩu mới"])
    assert_none_in(page, ["Change Password", "Current Password"])

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "sai-mat-khau", "password1": "x", "password2": "x"},
    )
    assert "Vui lòng nhập mật khẩu hiện tại của bạn." in response.text
    assert "Please type your current password." not in response.text

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "mat-khau-moi-2026-abc",
            "password2": "mat-khau-moi-2026-abc",
        },
        follow=True,
    )
    assert "Đổi mật khẩu thành công." in response.text
    assert "Password successfully changed." not in response.text
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Đã thay đổi mật khẩu" in message.subject
    assert_all_in(
        message.body,
        [
            *EMAIL_OPENING_CLOSING,
            "Ông/Bà nhận được thư này vì tài khoản của Ông/Bà vừa có thay đổi sau:",
            "Mật khẩu tài khoản của Ông/Bà đã được thay đổi.",
            "- Địa chỉ IP:",
            "- Trình duyệt:",
        ],
    )
    assert_none_in(
        message.body, [*EMAIL_ENGLISH, "Your password has been changed.", "IP address:", "Browser:"]
    )


def test_mfa_pages_after_reauthentication_are_vietnamese(client, personas, settings, monkeypatch):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(personas.handler)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert_all_in(
        response.text,
        ["Xác thực lại", "Để bảo vệ tài khoản, vui lòng xác thực lại", "Nhập mật khẩu của bạn:"],
    )
    assert_none_in(
        response.text, ["Confirm Access", "Please reauthenticate", "Enter your password:"]
    )
    response = client.post(reverse("account_reauthenticate"), {"password": "sai-mat-khau"})
    assert "Mật khẩu không đúng." in response.text
    assert "Incorrect password." not in response.text
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302

    page = client.get(reverse("mfa_index")).text
    assert_all_in(
        page, ["Xác thực hai bước", "Ứng dụng xác thực", "Chưa kích hoạt ứng dụng xác thực."]
    )
    assert_none_in(page, ["Two-Factor Authentication", "An authenticator app is not active."])

    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    page = response.text
    assert_all_in(
        page,
        [
            "Kích hoạt ứng dụng xác thực",
            "hãy dùng ứng dụng xác thực trên điện thoại quét mã QR dưới đây",
            "Khóa bí mật của ứng dụng xác thực",
            "Mã từ ứng dụng xác thực",
        ],
    )
    assert "Kích hoạt" in buttons(page)
    assert_none_in(
        page,
        [
            "Activate Authenticator App",
            "scan the QR code",
            "Authenticator secret",
            "Authenticator code",
        ],
    )
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "Mã không đúng." in response.text
    assert "Incorrect code." not in response.text

    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', response.text).group(0)
    secret = re.search(r'value="([A-Z2-7=]+)"', field).group(1)
    settings.MFA_TOTP_TOLERANCE = 1  # no failure when the 30-second step turns
    code = totp.format_hotp_value(
        totp.hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD)
    )
    # allauth adds the flash message and sends the e-mail on commit. Outside
    # tests (autocommit) that is at once, within the request; the test's
    # transaction would defer them past the request, so run them at once here.
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    response = client.post(reverse("mfa_activate_totp"), {"code": code}, follow=True)
    assert response.status_code == 200
    page = response.text
    assert_all_in(page, ["Đã kích hoạt ứng dụng xác thực.", "Mã khôi phục", "Các mã chưa sử dụng"])
    assert_none_in(page, ["Authenticator app activated.", "Recovery Codes", "Unused codes"])
    assert any("Đã kích hoạt ứng dụng xác thực" in m.subject for m in mail.outbox)

    # Signing in again asks for the code, in Vietnamese.
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": personas.handler.email, "password": PASSWORD},
        follow=True,
    )
    assert "Tài khoản của bạn được bảo vệ bằng xác thực hai bước." in response.text
    assert "Your account is protected by two-factor authentication." not in response.text
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Mã không đúng." in response.text
    assert "Incorrect code." not in response.text
