"""The ``gateway`` provider: signed redirect, signed return and IPN
(HMAC-SHA512 over the sorted parameters), amount and order checks,
idempotent callbacks, either order of return and IPN."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.payments.constants import CallbackOutcome, ChargeStatus, PaymentStatus
from motcua.payments.models import Payment, ProviderCallback, Receipt
from motcua.payments.providers import get_provider
from motcua.payments.providers.gateway import canonical_query, sign
from motcua.payments.tests._gateway_helpers import (
    MERCHANT,
    SECRET,
    configure_gateway,
    gateway_result,
    return_url,
    webhook_url,
)
from motcua.testing.payment_factories import make_fee_dossier, make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(org, personas, settings):  # type: ignore[no-untyped-def]
    configure_gateway(settings)
    dossier = make_fee_dossier(org, personas, fee=500_000)
    return make_payment(dossier.open_charge, provider="gateway")


def _state(payment: Payment) -> tuple[str, str, int]:
    payment.refresh_from_db()
    payment.charge.refresh_from_db()
    return payment.status, payment.charge.status, Receipt.objects.filter(payment=payment).count()


def test_redirect_is_signed_over_the_sorted_parameters(payment) -> None:  # type: ignore[no-untyped-def]
    provider = get_provider("gateway")
    url = provider.start_payment(payment, None).redirect_url
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://gateway.example.test/paymentv2/vpcpay.html"
    )
    params = dict(parse_qsl(parts.query))
    given = params.pop("vnp_SecureHash")
    assert len(given) == 128  # SHA-512, hex
    assert given == sign(params, SECRET)
    assert parts.query.startswith(canonical_query(params))  # sorted, hash last
    assert params["vnp_Amount"] == "50000000"  # VND × 100
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_TmnCode"] == MERCHANT
    assert params["vnp_Command"] == "pay" and params["vnp_CurrCode"] == "VND"
    assert params["vnp_OrderInfo"].isascii()
    assert params["vnp_ReturnUrl"].endswith("/thanh-toan/ket-qua/gateway/")
    assert len(params["vnp_CreateDate"]) == 14 and len(params["vnp_ExpireDate"]) == 14


def test_not_available_when_unconfigured(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_GATEWAY_SECRET = ""
    assert not get_provider("gateway").is_available(None)


def test_ipn_with_a_good_signature_credits_once(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    response = client.get(webhook_url(params))
    assert response.status_code == 200
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}
    assert _state(payment) == (PaymentStatus.PAID, ChargeStatus.PAID, 1)
    assert payment.provider_ref == "14012345"


def test_ipn_by_post_form(client, payment) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/webhooks/payments/gateway", gateway_result(payment))
    assert response.json()["RspCode"] == "00"
    assert _state(payment)[0] == PaymentStatus.PAID


def test_replayed_ipn_answers_02_and_changes_nothing(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    assert client.get(webhook_url(params)).json()["RspCode"] == "00"
    paid_at = Payment.objects.get(pk=payment.pk).paid_at
    again = client.get(webhook_url(params))
    assert again.status_code == 200
    assert again.json() == {"RspCode": "02", "Message": "Order already confirmed"}
    assert _state(payment) == (PaymentStatus.PAID, ChargeStatus.PAID, 1)
    assert payment.paid_at == paid_at
    outcomes = list(
        ProviderCallback.objects.filter(payment=payment).values_list("outcome", flat=True)
    )
    assert sorted(outcomes) == sorted([CallbackOutcome.APPLIED, CallbackOutcome.ALREADY_APPLIED])


@pytest.mark.parametrize(
    "tamper",
    ["bad_hash", "missing_hash", "tampered_amount", "wrong_secret"],
)
def test_bad_signature_answers_97_and_changes_nothing(client, payment, tamper) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    if tamper == "bad_hash":
        params["vnp_SecureHash"] = "0" * 128
    elif tamper == "missing_hash":
        del params["vnp_SecureHash"]
    elif tamper == "tampered_amount":
        params["vnp_Amount"] = "100"  # changed after signing
    else:
        unsigned = {k: v for k, v in params.items() if k != "vnp_SecureHash"}
        params["vnp_SecureHash"] = sign(unsigned, "another-secret")
    response = client.get(webhook_url(params))
    assert response.status_code == 200
    assert response.json() == {"RspCode": "97", "Message": "Invalid signature"}
    assert _state(payment) == (PaymentStatus.PENDING, ChargeStatus.OPEN, 0)
    assert ProviderCallback.objects.filter(outcome=CallbackOutcome.BAD_SIGNATURE).count() == 1


def test_unknown_order_answers_01(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment, order_ref="TTNOSUCHORDER")
    response = client.get(webhook_url(params))
    assert response.json() == {"RspCode": "01", "Message": "Order not found"}
    assert _state(payment) == (PaymentStatus.PENDING, ChargeStatus.OPEN, 0)
    assert ProviderCallback.objects.filter(outcome=CallbackOutcome.UNKNOWN_ORDER).exists()


def test_amount_mismatch_answers_04(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment, amount="100000")  # signed, but 1 000 ₫
    response = client.get(webhook_url(params))
    assert response.json() == {"RspCode": "04", "Message": "Invalid amount"}
    assert _state(payment) == (PaymentStatus.PENDING, ChargeStatus.OPEN, 0)


def test_a_demo_signed_result_cannot_settle_a_gateway_payment(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment, provider="demo", merchant="MOTCUADEMO")
    response = client.get(webhook_url(params, provider="demo"))
    assert response.json()["RspCode"] == "01"
    assert _state(payment) == (PaymentStatus.PENDING, ChargeStatus.OPEN, 0)


def test_failed_payment_is_recorded_and_answered_00(client, payment) -> None:  # type: ignore[no-untyped-def]
    response = client.get(webhook_url(gateway_result(payment, paid=False)))
    assert response.json()["RspCode"] == "00"
    assert _state(payment) == (PaymentStatus.FAILED, ChargeStatus.OPEN, 0)


def test_return_then_ipn_reach_the_same_state(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    response = client.get(return_url(params))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/thanh-toan/{payment.reference}/?k=")
    assert _state(payment) == (PaymentStatus.PAID, ChargeStatus.PAID, 1)
    ipn = client.get(webhook_url(params))
    assert ipn.json()["RspCode"] == "02"
    assert _state(payment) == (PaymentStatus.PAID, ChargeStatus.PAID, 1)


def test_ipn_then_return_reach_the_same_state(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    assert client.get(webhook_url(params)).json()["RspCode"] == "00"
    response = client.get(return_url(params))
    assert response.status_code == 302
    assert _state(payment) == (PaymentStatus.PAID, ChargeStatus.PAID, 1)
    status_page = client.get(response["Location"])
    assert status_page.status_code == 200


def test_return_with_a_bad_signature_is_a_400_page(client, payment) -> None:  # type: ignore[no-untyped-def]
    params = gateway_result(payment)
    params["vnp_ResponseCode"] = "00" if params["vnp_ResponseCode"] != "00" else "01"
    response = client.get(return_url(params))
    assert response.status_code == 400
    assert _state(payment) == (PaymentStatus.PENDING, ChargeStatus.OPEN, 0)


def test_second_gateway_payment_of_a_paid_charge_is_flagged_not_credited(client, payment) -> None:  # type: ignore[no-untyped-def]
    from motcua.payments.models import Refund

    second = Payment.objects.create(
        charge=payment.charge, provider="gateway", reference="TTSECONDPAYMT", amount=payment.amount
    )
    assert client.get(webhook_url(gateway_result(payment))).json()["RspCode"] == "00"
    response = client.get(webhook_url(gateway_result(second)))
    assert response.json()["RspCode"] == "00"  # recorded: the gateway must stop retrying
    second.refresh_from_db()
    assert second.status == PaymentStatus.DUPLICATE
    assert Refund.objects.filter(payment=second).exists()
    assert Receipt.objects.filter(payment__charge=payment.charge).count() == 1
