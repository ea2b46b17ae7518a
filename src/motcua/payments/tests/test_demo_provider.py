"""The ``demo`` provider end to end with the Django test client: start →
demo gateway page → "Thanh toán thành công" → status paid → receipt."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.payments.constants import ChargeStatus, PaymentStatus
from motcua.payments.models import Payment, Receipt
from motcua.payments.providers import get_provider
from motcua.testing.payment_factories import make_fee_dossier, make_payment

pytestmark = pytest.mark.django_db


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def dossier(org, personas, settings):  # type: ignore[no-untyped-def]
    settings.PAYMENTS_DEMO_ENABLED = True
    return make_fee_dossier(org, personas, fee=500_000)


def _start(client, dossier):  # type: ignore[no-untyped-def]
    payment = make_payment(dossier.open_charge, provider="demo")
    redirect_url = get_provider("demo").start_payment(payment, None).redirect_url
    assert urlsplit(redirect_url).path == f"/thanh-toan/cong-demo/{payment.reference}/"
    return payment, _local(redirect_url)


def test_demo_journey_success_to_receipt(client, dossier) -> None:  # type: ignore[no-untyped-def]
    payment, gateway_page = _start(client, dossier)
    page = client.get(gateway_page)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cổng thanh toán thử nghiệm — không phải ngân hàng thật" in html
    assert "Thanh toán thành công" in html and "Thanh toán thất bại" in html
    assert payment.reference in html
    fields = {name: value for name, value in page.context["fields"]}
    response = client.post(gateway_page.split("?")[0], {**fields, "outcome": "success"})
    assert response.status_code == 302
    # The notification was delivered before the browser came back.
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    back = client.get(_local(response["Location"]))
    assert back.status_code == 302
    status_url = back["Location"]
    assert status_url.startswith(f"/thanh-toan/{payment.reference}/?k={dossier.lookup_key}")
    status_page = client.get(status_url)
    assert status_page.status_code == 200
    assert status_page.context["payment"].status == PaymentStatus.PAID
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.total == 500_000
    assert Payment.objects.get(pk=payment.pk).charge.status == ChargeStatus.PAID
    assert Dossier.objects.get(pk=dossier.pk).status != DossierStatus.PAYMENT_REQUESTED


def test_demo_failure_leaves_the_fee_open(client, dossier) -> None:  # type: ignore[no-untyped-def]
    payment, gateway_page = _start(client, dossier)
    fields = dict(client.get(gateway_page).context["fields"])
    response = client.post(gateway_page.split("?")[0], {**fields, "outcome": "failure"})
    back = client.get(_local(response["Location"]))
    assert back.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.charge.status == ChargeStatus.OPEN
    assert not Receipt.objects.filter(payment=payment).exists()


def test_demo_page_refuses_a_tampered_order(client, dossier) -> None:  # type: ignore[no-untyped-def]
    payment, gateway_page = _start(client, dossier)
    tampered = gateway_page.replace("vnp_Amount=50000000", "vnp_Amount=100")
    assert tampered != gateway_page
    assert client.get(tampered).status_code == 400
    fields = dict(client.get(gateway_page).context["fields"])
    fields["vnp_Amount"] = "100"
    response = client.post(gateway_page.split("?")[0], {**fields, "outcome": "success"})
    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_demo_page_refuses_a_foreign_return_url(client, dossier) -> None:  # type: ignore[no-untyped-def]
    payment = make_payment(dossier.open_charge, provider="demo")
    provider = get_provider("demo")
    order = provider.order_params(payment)
    order["vnp_ReturnUrl"] = "https://evil.example/steal"
    url = f"/thanh-toan/cong-demo/{payment.reference}/?{provider.signed_query(order)}"
    assert client.get(url).status_code == 400


def test_demo_is_off_unless_enabled(client, dossier, settings) -> None:  # type: ignore[no-untyped-def]
    _payment, gateway_page = _start(client, dossier)
    settings.PAYMENTS_DEMO_ENABLED = False
    assert client.get(gateway_page).status_code == 404
    assert not get_provider("demo").is_available(None)
