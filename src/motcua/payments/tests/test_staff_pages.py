"""Staff pages of payments: the list (filters, totals, export, query
count), counter payments, statement import pages, refunds."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.payments.constants import LineStatus, PaymentStatus, RefundStatus
from motcua.payments.models import BankAccount, Payment, Refund, StatementLine
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff


@pytest.fixture
def staff(org, personas):
    return payment_staff(org, personas)


@pytest.fixture
def account(org):
    return BankAccount.objects.create(
        unit=org.dept,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="0071000123456",
        account_name="SỞ Y TẾ",
        statement_mapping={"date": "Ngày", "amount": "Ghi có", "note": "Nội dung"},
    )


@pytest.mark.django_db
def test_the_list_is_scoped_filtered_totalled_and_exported(
    client, org, personas, staff, django_assert_max_num_queries
):
    paid = make_fee_dossier(org, personas, stage="paid")
    pending = make_fee_dossier(org, personas, fee=700_000)
    make_payment(pending.open_charge, provider="vietqr")
    client.force_login(staff.reception)
    url = reverse("payments_staff:list")
    # Warm-up, then the page costs the same whatever the number of rows.
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    totals = response.context["totals"]
    assert totals["count"] == 2
    assert totals["paid_amount"] == 500_000
    assert totals["pending_count"] == 1
    body = response.content.decode()
    assert paid.code in body and pending.code in body
    only = client.get(url, {"trang_thai": "pending"})
    assert [p.charge.dossier_id for p in only.context["payments"]] == [pending.pk]
    found = client.get(url, {"q": paid.code.lower()})
    assert [p.charge.dossier_id for p in found.context["payments"]] == [paid.pk]
    bad = client.get(url, {"tu_ngay": "2026-02-01", "den_ngay": "2026-01-01"})
    assert bad.status_code == 400
    export = client.get(url, {"xuat": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    codes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {paid.code, pending.code} <= codes
    # Staff of another department see none of it.
    client.force_login(staff.other_reception)
    assert client.get(url).context["totals"]["count"] == 0


@pytest.mark.django_db
def test_the_list_query_count_does_not_grow_with_rows(
    client, org, personas, staff, django_assert_max_num_queries
):
    for _ in range(3):
        dossier = make_fee_dossier(org, personas)
        make_payment(dossier.open_charge)
    client.force_login(staff.reception)
    url = reverse("payments_staff:list")
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_cashier_records_a_counter_payment(client, org, personas, staff):
    dossier = make_fee_dossier(org, personas)
    url = reverse("payments_staff:counter", args=[dossier.pk])
    client.force_login(staff.handler)
    assert client.get(url).status_code == 200
    assert client.post(url, {"method": "cash", "counter_receipt_no": "0001"}).status_code == 403
    client.force_login(staff.reception)
    bad = client.post(url, {"method": "cash", "counter_receipt_no": ""})
    assert bad.status_code == 400
    response = client.post(url, {"method": "cash", "counter_receipt_no": "BL-0001"})
    assert response.status_code == 302
    payment = Payment.objects.get(charge__dossier=dossier)
    assert payment.status == PaymentStatus.PAID and payment.counter_receipt_no == "BL-0001"
    detail = client.get(reverse("office:detail", args=[dossier.pk])).content.decode()
    assert reverse("payments_staff:receipt", args=[payment.reference]) in detail
    client.force_login(staff.other_reception)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_office_detail_links_the_counter_form(client, org, personas, staff):
    dossier = make_fee_dossier(org, personas)
    client.force_login(staff.reception)
    body = client.get(reverse("office:detail", args=[dossier.pk])).content.decode()
    assert reverse("payments_staff:counter", args=[dossier.pk]) in body
    assert "500.000 đ" in body


@pytest.mark.django_db
def test_statement_pages_import_show_and_match(client, org, personas, staff, account):
    dossier = make_fee_dossier(org, personas)
    vietqr = make_payment(dossier.open_charge, provider="vietqr")
    other = make_fee_dossier(org, personas, fee=300_000)
    client.force_login(staff.reception)
    url = reverse("payments_staff:statements")
    assert client.get(url).status_code == 200
    content = (
        "Ngày,Ghi có,Nội dung\n"
        f"05/01/2026,500.000,IBFT {vietqr.transfer_note.lower()}\n"
        "05/01/2026,300.000,nop tien ho so\n"
    ).encode()
    response = client.post(
        url, {"account": account.pk, "file": SimpleUploadedFile("sk.csv", content)}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    statuses = sorted(line.status for line in page.context["lines"])
    assert statuses == sorted([LineStatus.MATCHED, LineStatus.UNMATCHED])
    unmatched = StatementLine.objects.get(status=LineStatus.UNMATCHED)
    listing = client.get(reverse("payments_staff:unmatched"))
    assert unmatched in listing.context["lines"]
    wrong = client.post(reverse("payments_staff:match", args=[unmatched.pk]), {"payment": "XX"})
    assert wrong.status_code == 400
    ok = client.post(reverse("payments_staff:match", args=[unmatched.pk]), {"payment": other.code})
    assert ok.status_code == 302
    unmatched.refresh_from_db()
    assert unmatched.status == LineStatus.MANUAL
    assert Payment.objects.get(charge__dossier=other).status == PaymentStatus.PAID


@pytest.mark.django_db
def test_a_bad_statement_file_is_a_400_with_row_numbers(client, staff, account):
    client.force_login(staff.reception)
    content = "Ngày,Ghi có,Nội dung\n05/01/2026,abc,x\n".encode()
    response = client.post(
        reverse("payments_staff:statements"),
        {"account": account.pk, "file": SimpleUploadedFile("sk.csv", content)},
    )
    assert response.status_code == 400
    assert "abc" in response.content.decode()
    assert not StatementLine.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_refund_is_approved_by_another_person_and_completed(
    client, org, personas, staff
):
    from motcua.payments import actions

    dossier = make_fee_dossier(org, personas)
    first = make_payment(dossier.open_charge, provider="demo")
    second = make_payment(dossier.open_charge, provider="vietqr")
    actions.confirm_payment(first, amount=first.amount, source="webhook")
    actions.confirm_payment(second, amount=second.amount, source="statement")
    refund = Refund.objects.get(payment=second)
    client.force_login(staff.approver)
    page = client.get(reverse("payments_staff:refunds"))
    assert refund in page.context["refunds"]
    response = client.post(
        reverse("payments_staff:refund_decide", args=[refund.pk]), {"approve": "1"}
    )
    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == RefundStatus.APPROVED
    client.post(
        reverse("payments_staff:refund_complete", args=[refund.pk]), {"completion_ref": "UNC-7"}
    )
    refund.refresh_from_db()
    assert refund.status == RefundStatus.COMPLETED and refund.completion_ref == "UNC-7"


@pytest.mark.django_db
def test_the_demo_statement_credits_pending_vietqr_payments(client, org, personas, staff, account):
    dossier = make_fee_dossier(org, personas)
    make_payment(dossier.open_charge, provider="vietqr")
    client.force_login(staff.reception)
    sample = client.get(reverse("payments_staff:sample_statement"))
    assert sample.status_code == 200
    text = sample.content.decode("utf-8-sig")
    assert dossier.code in text and "DEMO" in text
