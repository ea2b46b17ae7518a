"""Bank statement import and matching (payments.reconciliation)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.payments import reconciliation
from motcua.payments.constants import (
    ChargeStatus,
    LineStatus,
    PaymentStatus,
    RefundStatus,
)
from motcua.payments.models import (
    BankAccount,
    Charge,
    Payment,
    ProviderCallback,
    Refund,
    StatementImport,
    StatementLine,
)
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff

HEADER = "Ngày giao dịch,Số tiền ghi có,Nội dung,Số tham chiếu\n"


@pytest.fixture
def account(org):
    return BankAccount.objects.create(
        unit=org.dept,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="0071000123456",
        account_name="SỞ Y TẾ",
        statement_mapping={
            "date": "Ngày giao dịch",
            "amount": "Số tiền ghi có",
            "note": "Nội dung",
            "reference": "Số tham chiếu",
        },
    )


@pytest.fixture
def staff(org, personas):
    return payment_staff(org, personas)


def _csv(body: str, name: str = "sao-ke.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def _vietqr(org, personas, fee=500_000):
    dossier = make_fee_dossier(org, personas, fee=fee)
    return dossier, make_payment(dossier.open_charge, provider="vietqr")


def _messy(code: str) -> str:
    """How a bank mangles "HS <code>": lower case, dashes gone, spaces,
    a prefix and a suffix, a diacritic from the payer's keyboard."""
    return f"MBVCB.3312.hs  {code.lower().replace('-', ' ')}.CT từ 0123 NGUYỄN VĂN AN"


@pytest.mark.django_db
def test_it_matches_a_messy_note_and_marks_the_payment_paid(org, personas, account, staff):
    dossier, payment = _vietqr(org, personas)
    upload = _csv(f'05/01/2026,"500.000",{_messy(dossier.code)},FT26005001\n')
    statement = reconciliation.import_statement(account, upload, acting_user=staff.reception)
    line = statement.lines.get()
    assert line.status == LineStatus.MATCHED
    assert line.payment_id == payment.pk
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert Charge.objects.get(pk=payment.charge_id).status == ChargeStatus.PAID
    assert ProviderCallback.objects.filter(payment=payment, kind="statement").exists()
    assert statement.summary[LineStatus.MATCHED] == 1
    assert statement.file.read().startswith("Ngày".encode())


@pytest.mark.django_db
def test_a_different_amount_is_left_unmatched(org, personas, account, staff):
    dossier, payment = _vietqr(org, personas)
    upload = _csv(f"05/01/2026,450000,HS {dossier.code},FT1\n")
    statement = reconciliation.import_statement(account, upload, acting_user=staff.reception)
    assert statement.lines.get().status == LineStatus.UNMATCHED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_a_row_naming_two_payments_is_left_for_a_person(org, personas, account, staff):
    first, p1 = _vietqr(org, personas)
    second, p2 = _vietqr(org, personas)
    upload = _csv(f"05/01/2026,500000,HS {first.code} HS {second.code},FT2\n")
    statement = reconciliation.import_statement(account, upload, acting_user=staff.reception)
    line = statement.lines.get()
    assert line.status == LineStatus.AMBIGUOUS
    assert set(line.candidates) == {p1.reference, p2.reference}
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 0


@pytest.mark.django_db
def test_importing_the_same_rows_again_changes_nothing(org, personas, account, staff):
    dossier, payment = _vietqr(org, personas)
    body = f"05/01/2026,500000,HS {dossier.code},\n06/01/2026,120000,Chuyen tien hoc phi,\n"
    reconciliation.import_statement(account, _csv(body), acting_user=staff.reception)
    again = reconciliation.import_statement(account, _csv(body), acting_user=staff.reception)
    assert [line.status for line in again.lines.all()] == [LineStatus.REPEATED] * 2
    assert again.summary[LineStatus.REPEATED] == 2
    assert ProviderCallback.objects.filter(payment=payment).count() == 1
    assert StatementImport.objects.count() == 2


@pytest.mark.django_db
def test_a_transfer_for_a_charge_already_paid_is_flagged_for_refund(org, personas, account, staff):
    from motcua.payments import actions

    dossier, vietqr = _vietqr(org, personas)
    demo = make_payment(dossier.open_charge, provider="demo")
    actions.confirm_payment(demo, amount=demo.amount, provider_ref="D1", source="webhook")
    upload = _csv(f"05/01/2026,500000,HS {dossier.code},FT3\n")
    statement = reconciliation.import_statement(account, upload, acting_user=staff.reception)
    line = statement.lines.get()
    assert line.status == LineStatus.ALREADY_PAID
    vietqr.refresh_from_db()
    assert vietqr.status == PaymentStatus.DUPLICATE
    assert Refund.objects.filter(payment=vietqr, status=RefundStatus.REQUESTED).exists()


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_with_row_numbers(org, personas, account, staff):
    dossier, payment = _vietqr(org, personas)
    body = f"05/01/2026,500000,HS {dossier.code},\n06/01/2026,năm trăm,x,\n32/13/2026,1000,y,\n"
    with pytest.raises(ValidationError) as caught:
        reconciliation.import_statement(account, _csv(body), acting_user=staff.reception)
    text = " ".join(caught.value.messages)
    assert "3" in text and "4" in text  # rows 3 and 4 of the file
    assert "năm trăm" in text and "32/13/2026" in text
    assert StatementImport.objects.count() == 0
    assert StatementLine.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


@pytest.mark.django_db
def test_a_file_without_the_columns_or_not_a_table_is_refused(account, staff):
    bad = SimpleUploadedFile("sao-ke.csv", b"Ngay,Tien\n05/01/2026,1000\n")
    with pytest.raises(ValidationError) as caught:
        reconciliation.import_statement(account, bad, acting_user=staff.reception)
    assert "Nội dung" in " ".join(caught.value.messages)
    pdf = SimpleUploadedFile("sao-ke.pdf", b"%PDF-1.4 whatever")
    with pytest.raises(ValidationError):
        reconciliation.import_statement(account, pdf, acting_user=staff.reception)
    assert StatementImport.objects.count() == 0


@pytest.mark.django_db
def test_an_xlsx_statement_with_columns_chosen_on_the_form(org, personas, account, staff):
    from datetime import datetime

    from openpyxl import Workbook

    dossier, payment = _vietqr(org, personas, fee=700_000)
    book = Workbook()
    sheet = book.active
    sheet.append(["SAO KÊ TÀI KHOẢN"])
    sheet.append(["Ngày GD", "Ghi có", "Ghi nợ", "Diễn giải"])
    sheet.append([datetime(2026, 1, 5, 9, 30), 700000, None, f"IBFT HS {dossier.code}"])
    sheet.append([datetime(2026, 1, 5, 10, 0), None, 50000, "Phí dịch vụ"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("sao-ke.xlsx", out.getvalue())
    statement = reconciliation.import_statement(
        account,
        upload,
        acting_user=staff.reception,
        mapping={"date": "Ngày GD", "amount": "Ghi có", "note": "Diễn giải", "header_row": 2},
    )
    assert statement.lines.get().status == LineStatus.MATCHED
    assert statement.summary["debits"] == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


@pytest.mark.django_db
def test_an_officer_matches_an_unmatched_row_by_dossier_code(org, personas, account, staff):
    dossier = make_fee_dossier(org, personas)
    upload = _csv("05/01/2026,500000,chuyen tien le phi,FT9\n")
    statement = reconciliation.import_statement(account, upload, acting_user=staff.reception)
    line = statement.lines.get()
    assert line.status == LineStatus.UNMATCHED
    payment = reconciliation.resolve_payment_for_line(
        line, dossier.code.lower(), acting_user=staff.reception
    )
    line = reconciliation.match_line(line, payment, acting_user=staff.reception)
    assert line.status == LineStatus.MANUAL
    assert line.resolved_by == staff.reception
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    with pytest.raises(ValidationError):
        reconciliation.ignore_line(line, acting_user=staff.reception)


@pytest.mark.django_db
def test_manual_matching_refuses_a_different_amount(org, personas, account, staff):
    _dossier, payment = _vietqr(org, personas)
    upload = _csv("05/01/2026,400000,khong ro,FT10\n")
    line = reconciliation.import_statement(account, upload, acting_user=staff.reception).lines.get()
    with pytest.raises(ValidationError):
        reconciliation.match_line(line, payment, acting_user=staff.reception)
    line.refresh_from_db()
    assert line.status == LineStatus.UNMATCHED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("500.000", 500000),
        ("500,000.00", 500000),
        ("+1.500.000 VND", 1500000),
        (700000.0, 700000),
        ("-20,000", -20000),
    ],
)
def test_amount_cells_in_bank_formats(raw, amount):
    assert reconciliation.parse_amount(raw) == amount


@pytest.mark.parametrize("raw", ["1,5", "12.50", "abc", "500.000,50"])
def test_amount_cells_that_are_not_whole_dong(raw):
    with pytest.raises(ValueError):
        reconciliation.parse_amount(raw)


def test_notes_are_compared_folded():
    assert reconciliation.compact("HS SYT-NVD-260105-0001") in reconciliation.compact(
        "mbvcb.1.Hs syt nvd 260105.0001 .CT từ NGUYỄN"
    )
