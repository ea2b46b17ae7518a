"""``/api/v1/webhooks/payments/{provider}``: routing, methods, answers."""

from __future__ import annotations

import json

import pytest

from motcua.payments.constants import PaymentStatus
from motcua.payments.models import ProviderCallback
from motcua.payments.tests._gateway_helpers import configure_gateway, gateway_result, webhook_url
from motcua.testing.payment_factories import make_fee_dossier, make_payment

pytestmark = pytest.mark.django_db


def test_unknown_provider_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/webhooks/payments/nosuch").status_code == 404
    assert client.post("/api/v1/webhooks/payments/nosuch").status_code == 404


def test_providers_without_notifications_are_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/v1/webhooks/payments/vietqr").status_code == 404
    assert client.post("/api/v1/webhooks/payments/counter").status_code == 404


def test_unconfigured_gateway_is_404(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_GATEWAY_SECRET = ""
    assert client.get("/api/v1/webhooks/payments/gateway").status_code == 404


def test_empty_notification_is_answered_97_with_http_200(client, settings) -> None:  # type: ignore[no-untyped-def]
    configure_gateway(settings)
    response = client.post("/api/v1/webhooks/payments/gateway")
    assert response.status_code == 200
    assert response.json()["RspCode"] == "97"
    assert ProviderCallback.objects.count() == 1


def test_json_body_and_no_csrf_needed(org, personas, settings) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    configure_gateway(settings)
    dossier = make_fee_dossier(org, personas)
    payment = make_payment(dossier.open_charge, provider="gateway")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/webhooks/payments/gateway",
        data=json.dumps(gateway_result(payment)),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_demo_webhook_works_over_http_too(client, org, personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PAYMENTS_DEMO_ENABLED = True
    dossier = make_fee_dossier(org, personas)
    payment = make_payment(dossier.open_charge, provider="demo")
    response = client.get(webhook_url(gateway_result(payment, provider="demo"), provider="demo"))
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}


def test_webhook_is_in_the_openapi_schema(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    path = schema["paths"]["/api/v1/webhooks/payments/{provider}"]
    assert {"get", "post"} <= set(path)
    assert "/api/v1/payments" in schema["paths"]
    assert "/api/v1/payments/{reference}" in schema["paths"]
