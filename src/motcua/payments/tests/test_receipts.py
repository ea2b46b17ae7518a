"""Receipts (biên lai): gap-free numbers from the unit's series, a frozen
copy of the lines, the PDF with the amount in words and a QR code."""

from __future__ import annotations

import pytest
from django.db import transaction

from motcua.payments import actions
from motcua.payments.constants import CallbackKind
from motcua.payments.models import Receipt, ReceiptSeries
from motcua.payments.receipts import (
    amount_in_words_vi,
    issue_receipt,
    receipt_display_number,
    render_receipt_html,
    render_receipt_pdf,
)
from motcua.testing.payment_factories import make_fee_dossier, make_payment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (430_000, "Bốn trăm ba mươi nghìn đồng"),
        (500_000, "Năm trăm nghìn đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (6_000_000, "Sáu triệu đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
    ],
)
def test_amounts_in_vietnamese_words(amount, words):
    assert amount_in_words_vi(amount) == words


def test_a_default_series_is_made_and_numbers_follow_without_gaps(org, personas, settings):
    settings.PAYMENTS_RECEIPT_FORM_CODE = "01BLP2-001"
    first = make_fee_dossier(org, personas, stage="paid")
    second = make_fee_dossier(org, personas, stage="paid")
    receipts = list(Receipt.objects.order_by("number"))
    assert [r.number for r in receipts] == [1, 2]
    series = ReceiptSeries.objects.get()
    assert series.unit == org.pharmacy
    assert series.form_code == "01BLP2-001"
    assert series.symbol.startswith("SYT-NVD-") and series.symbol.endswith("P")
    assert series.next_number == 3
    assert {r.dossier_code for r in receipts} == {first.code, second.code}
    assert receipt_display_number(receipts[0]).endswith(" 0000001")


def test_an_ancestor_series_is_used(org, personas):
    series = ReceiptSeries.objects.create(
        unit=org.dept, form_code="01BLP2-001", symbol="SYT-26P", next_number=41
    )
    make_fee_dossier(org, personas, stage="paid")
    receipt = Receipt.objects.get()
    assert receipt.series == series and receipt.number == 41


def test_a_rolled_back_credit_gives_its_number_back(org, personas):
    dossier = make_fee_dossier(org, personas)
    payment = make_payment(dossier.open_charge)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.confirm_payment(payment, amount=500_000, source=CallbackKind.WEBHOOK)
        raise RuntimeError("the webhook handler failed after crediting")
    actions.confirm_payment(payment, amount=500_000, source=CallbackKind.WEBHOOK)
    assert Receipt.objects.get().number == 1


def test_issuing_twice_gives_the_same_receipt(org, personas):
    dossier = make_fee_dossier(org, personas, stage="paid")
    receipt = Receipt.objects.get(dossier_code=dossier.code)
    with transaction.atomic():
        assert issue_receipt(receipt.payment) == receipt
    assert Receipt.objects.count() == 1


def test_the_receipt_is_a_frozen_copy(org, personas):
    dossier = make_fee_dossier(
        org,
        personas,
        fee=[("Phí thẩm định", 500_000), ("Lệ phí", 100_000)],
        postal=True,
        stage="paid",
    )
    receipt = Receipt.objects.get()
    assert receipt.total == 625_000
    assert [line["amount"] for line in receipt.lines] == [500_000, 100_000, 25_000]
    assert receipt.payer_name == dossier.applicant_display
    assert receipt.issuer_name == org.pharmacy.name


def test_the_pdf_has_the_parties_lines_words_and_qr(org, personas):
    dossier = make_fee_dossier(org, personas, stage="paid")
    receipt = Receipt.objects.get()
    html = render_receipt_html(receipt)
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in html
    assert "Năm trăm nghìn đồng" in html
    assert dossier.code in html and dossier.lookup_key in html
    assert "<svg" in html
    assert "Số: 0000001" in html
    pdf = render_receipt_pdf(receipt)
    assert pdf.startswith(b"%PDF")
