"""The payer's pages: pay a dossier's fee, a payment's status, the receipt,
and the fee panel on "Hồ sơ của tôi" and on the lookup result."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from motcua.payments.constants import PaymentStatus
from motcua.payments.models import Payment
from motcua.testing.factories import UserFactory
from motcua.testing.payment_factories import make_fee_dossier, make_payment


@pytest.fixture
def dossier(org, personas):
    return make_fee_dossier(org, personas)


def _pay_url(dossier, key=""):
    url = reverse("payments:pay", args=[dossier.code])
    return f"{url}?k={key}" if key else url


@pytest.mark.django_db
def test_the_owner_sees_the_fee_and_the_providers(client, personas, dossier):
    client.force_login(personas.citizen)
    response = client.get(_pay_url(dossier))
    assert response.status_code == 200
    body = response.content.decode()
    assert "500.000 đ" in body
    assert 'value="demo"' in body  # demo enabled in tests
    assert dossier.open_charge.lines.first().name in body


@pytest.mark.django_db
def test_the_lookup_key_opens_the_page_and_nothing_else_does(client, dossier):
    assert client.get(_pay_url(dossier, dossier.lookup_key)).status_code == 200
    assert client.get(_pay_url(dossier, "WRONGKEY")).status_code == 404
    assert client.get(_pay_url(dossier)).status_code == 404
    client.force_login(UserFactory(email="khac@motcua.test"))
    assert client.get(_pay_url(dossier)).status_code == 404


@pytest.mark.django_db
def test_paying_with_the_demo_provider_redirects_to_its_gateway(client, personas, dossier):
    client.force_login(personas.citizen)
    response = client.post(_pay_url(dossier), {"provider": "demo"})
    assert response.status_code == 302
    payment = Payment.objects.get(charge=dossier.open_charge)
    assert payment.provider == "demo" and payment.status == PaymentStatus.PENDING
    assert payment.reference in response["Location"]


@pytest.mark.django_db
def test_no_provider_chosen_is_a_400_with_the_message(client, personas, dossier):
    client.force_login(personas.citizen)
    response = client.post(_pay_url(dossier), {"provider": "khong-co"})
    assert response.status_code == 400
    assert gettext("Choose how you want to pay.") in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.django_db
def test_a_pending_payment_refreshes_and_a_paid_one_offers_the_receipt(client, personas, dossier):
    from motcua.payments import actions

    client.force_login(personas.citizen)
    payment = make_payment(dossier.open_charge)
    status_url = reverse("payments:status", args=[payment.reference])
    body = client.get(status_url).content.decode()
    assert 'http-equiv="refresh"' in body
    actions.confirm_payment(payment, amount=payment.amount, provider_ref="X", source="webhook")
    body = client.get(status_url).content.decode()
    assert 'http-equiv="refresh"' not in body
    receipt_url = reverse("payments:receipt", args=[payment.reference])
    assert receipt_url in body
    pdf = client.get(receipt_url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Paying again is refused, with the status kept.
    again = client.post(_pay_url(dossier), {"provider": "demo"})
    assert again.status_code == 409
    assert Payment.objects.filter(charge=payment.charge).count() == 1


@pytest.mark.django_db
def test_status_and_receipt_are_hidden_from_others(client, personas, dossier):
    payment = make_payment(dossier.open_charge)
    status_url = reverse("payments:status", args=[payment.reference])
    assert client.get(status_url).status_code == 404
    assert client.get(f"{status_url}?k={dossier.lookup_key}").status_code == 200
    assert client.get(reverse("payments:status", args=["TTKHONGCO"])).status_code == 404
    # No receipt while pending.
    client.force_login(personas.citizen)
    receipt_url = reverse("payments:receipt", args=[payment.reference])
    assert client.get(receipt_url).status_code == 404


@pytest.mark.django_db
def test_my_dossier_and_the_lookup_show_the_fee_with_a_pay_link(client, personas, dossier):
    client.force_login(personas.citizen)
    body = client.get(reverse("dossier_mine_detail", args=[dossier.pk])).content.decode()
    assert "500.000 đ" in body
    assert reverse("payments:pay", args=[dossier.code]) in body
    client.logout()
    lookup = reverse("dossier_lookup_detail", args=[dossier.code])
    body = client.get(f"{lookup}?k={dossier.lookup_key}").content.decode()
    assert f"{reverse('payments:pay', args=[dossier.code])}?k={dossier.lookup_key}" in body


@pytest.mark.django_db
def test_a_paid_dossier_links_the_receipt(client, org, personas):
    paid = make_fee_dossier(org, personas, stage="paid")
    client.force_login(personas.citizen)
    body = client.get(reverse("dossier_mine_detail", args=[paid.pk])).content.decode()
    payment = Payment.objects.get(charge__dossier=paid, status=PaymentStatus.PAID)
    assert reverse("payments:receipt", args=[payment.reference]) in body
    assert reverse("payments:pay", args=[paid.code]) not in body
