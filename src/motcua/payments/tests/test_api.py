"""Payments API: start a payment, its status, access control."""

from __future__ import annotations

import json

import pytest

from motcua.payments.constants import PaymentStatus
from motcua.payments.models import BankAccount, Payment
from motcua.payments.vietqr import parse_payload
from motcua.testing.payment_factories import make_fee_dossier, make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(org, personas, settings):  # type: ignore[no-untyped-def]
    settings.PAYMENTS_DEMO_ENABLED = True
    BankAccount.objects.create(
        unit=org.dept,
        bank_bin="970403",
        bank_name="Sacombank",
        account_number="0011012345678",
        account_name="SO Y TE TINH KHANH HOA",
    )
    return make_fee_dossier(org, personas, fee=500_000)


def _post(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/payments", data=json.dumps(body), content_type="application/json")


def test_start_a_demo_payment_with_the_lookup_key(client, dossier) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        client,
        {"dossier_code": dossier.code, "lookup_key": dossier.lookup_key, "provider": "demo"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    payment = Payment.objects.get(reference=body["reference"])
    assert body["status"] == PaymentStatus.PENDING
    assert body["amount"] == 500_000
    assert f"/thanh-toan/cong-demo/{payment.reference}/?" in body["redirect_url"]
    assert "vnp_SecureHash=" in body["redirect_url"]
    assert body["vietqr"] is None


def test_start_a_vietqr_payment_gives_the_payload(client, dossier) -> None:  # type: ignore[no-untyped-def]
    response = _post(
        client,
        {"dossier_code": dossier.code, "lookup_key": dossier.lookup_key, "provider": "vietqr"},
    )
    assert response.status_code == 201, response.content
    qr = response.json()["vietqr"]
    fields = parse_payload(qr["payload"])  # CRC checked
    assert fields["54"] == "500000"
    assert "0011012345678" in fields["38"] and "970403" in fields["38"]
    assert qr["transfer_note"] == f"HS {dossier.code}"
    assert fields["62"].endswith(qr["transfer_note"])
    # The QR page opens with the key in the redirect URL.
    page = client.get(response.json()["redirect_url"].replace("http://127.0.0.1:8000", ""))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Sacombank" in html and "0011012345678" in html


def test_wrong_key_and_unknown_code_are_the_same_404(client, dossier) -> None:  # type: ignore[no-untyped-def]
    wrong = _post(
        client, {"dossier_code": dossier.code, "lookup_key": "ZZZZZZ", "provider": "demo"}
    )
    unknown = _post(
        client, {"dossier_code": "SYT-000000-0000", "lookup_key": "ZZZZZZ", "provider": "demo"}
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert not Payment.objects.exists()


def test_the_signed_in_owner_needs_no_key(client, dossier, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.citizen)
    response = _post(client, {"dossier_code": dossier.code, "provider": "demo"})
    assert response.status_code == 201


def test_another_citizen_is_404(client, dossier) -> None:  # type: ignore[no-untyped-def]
    from motcua.testing.factories import UserFactory

    client.force_login(UserFactory(email="khac@motcua.test"))
    response = _post(client, {"dossier_code": dossier.code, "provider": "demo"})
    assert response.status_code == 404


def test_bearer_token_of_the_owner(client, dossier, personas) -> None:  # type: ignore[no-untyped-def]
    from motcua.dossiers.tokens import do_create_api_token

    _token, raw = do_create_api_token(personas.citizen, acting_user=personas.citizen, name="app")
    response = client.post(
        "/api/v1/payments",
        data=json.dumps({"dossier_code": dossier.code, "provider": "demo"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_unavailable_provider_is_422(client, dossier, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_GATEWAY_SECRET = ""
    body = {"dossier_code": dossier.code, "lookup_key": dossier.lookup_key}
    assert _post(client, {**body, "provider": "gateway"}).status_code == 422
    assert _post(client, {**body, "provider": "counter"}).status_code == 422
    assert _post(client, {**body, "provider": "nosuch"}).status_code == 422


def test_already_paid_is_409(client, org, personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_DEMO_ENABLED = True
    dossier = make_fee_dossier(org, personas, stage="paid")
    response = _post(
        client,
        {"dossier_code": dossier.code, "lookup_key": dossier.lookup_key, "provider": "demo"},
    )
    assert response.status_code == 409


def test_malformed_body_is_4xx(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/payments", data="{", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert _post(client, {"provider": "demo"}).status_code == 422


def test_status_with_the_key(client, dossier) -> None:  # type: ignore[no-untyped-def]
    payment = make_payment(dossier.open_charge, provider="demo")
    url = f"/api/v1/payments/{payment.reference}"
    ok = client.get(f"{url}?k={dossier.lookup_key}")
    assert ok.status_code == 200
    body = ok.json()
    assert body["reference"] == payment.reference
    assert body["status"] == "pending" and body["charge_status"] == "open"
    assert body["receipt_url"] is None
    assert client.get(f"{url}?k=WRONG1").status_code == 404
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/payments/TTNOSUCHREF00").status_code == 404


def test_status_for_unit_staff_and_not_for_outsiders(client, dossier, personas) -> None:  # type: ignore[no-untyped-def]
    payment = make_payment(dossier.open_charge, provider="demo")
    url = f"/api/v1/payments/{payment.reference}"
    client.force_login(personas.approver)  # pharmacy room: the collecting unit
    assert client.get(url).status_code == 200
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404


def test_paid_status_links_the_receipt(client, org, personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_DEMO_ENABLED = True
    dossier = make_fee_dossier(org, personas, stage="paid")
    payment = Payment.objects.get(charge__dossier=dossier, status=PaymentStatus.PAID)
    body = client.get(f"/api/v1/payments/{payment.reference}?k={dossier.lookup_key}").json()
    assert body["status"] == "paid"
    assert body["receipt_url"].endswith(
        f"/thanh-toan/bien-lai/{payment.reference}.pdf?k={dossier.lookup_key}"
    )


def test_session_writes_need_the_csrf_token(dossier, personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.citizen)
    response = _post(client, {"dossier_code": dossier.code, "provider": "demo"})
    assert response.status_code == 403
    # Anonymous with the key: no ambient authority, no CSRF needed.
    anonymous = Client(enforce_csrf_checks=True)
    response = _post(
        anonymous,
        {"dossier_code": dossier.code, "lookup_key": dossier.lookup_key, "provider": "demo"},
    )
    assert response.status_code == 201
