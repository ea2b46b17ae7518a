"""Demo data of payments (``python -m motcua demo``; idempotent).

- the Department's collecting account (Vietcombank, BIN 970436) with the
  column mapping of its statement exports, and a receipt series;
- two dossiers of the demo citizen (``congdan@motcua.test``) awaiting
  payment — one with the 500.000 đ appraisal fee (pharmacy in a
  disadvantaged area, NĐ 31/2021), one with the 700.000 đ food-safety
  fee — so both the demo gateway and VietQR can be tried from "Hồ sơ của
  tôi".

How the officer gets a statement that matches a VietQR payment: on
/can-bo/thanh-toan/sao-ke/, while ``PAYMENTS_DEMO_ENABLED`` is on, the
link "Tải tệp sao kê mẫu (DEMO)" downloads a CSV in this account's format
crediting every pending VietQR payment of the officer's units
(``sample_statement_csv``); importing it marks them paid.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.payments.models import BankAccount, Charge, Payment, ReceiptSeries

CITIZEN = "congdan@motcua.test"
RECEPTION = "motcua@motcua.test"
DEPARTMENT = "SYT"
ACCOUNT_NUMBER = "0071000123456"
ACCOUNT_NAME = "SỞ Y TẾ TỈNH KHÁNH HÒA"
STATEMENT_MAPPING = {
    "date": "Ngày giao dịch",
    "amount": "Số tiền ghi có",
    "note": "Nội dung",
    "reference": "Số tham chiếu",
    "header_row": 1,
    "date_format": "%d/%m/%Y",
}
# (procedure code, optional fee line chosen or "" for the procedure's own lines)
DEMO_FEES = [
    (
        "1.014076",
        "Phí thẩm định — cơ sở bán lẻ (GPP) tại địa bàn có điều kiện kinh tế - xã hội khó khăn",
    ),
    ("SYT-ATTP-01", ""),
]


def _account(stdout: Any) -> BankAccount | None:
    from motcua.org.models import Unit

    unit = Unit.objects.filter(code=DEPARTMENT).first()
    if unit is None:
        return None
    account = BankAccount.objects.filter(unit=unit, is_active=True).first()
    if account is None:
        account = BankAccount.objects.create(
            unit=unit,
            bank_bin="970436",
            bank_name="Vietcombank",
            account_number=ACCOUNT_NUMBER,
            account_name=ACCOUNT_NAME,
            statement_mapping=STATEMENT_MAPPING,
        )
        stdout.write("payments: tài khoản thu phí Vietcombank của Sở Y tế")
    if not ReceiptSeries.objects.filter(unit=unit, is_active=True).exists():
        form_code = getattr(settings, "PAYMENTS_RECEIPT_FORM_CODE", "") or "01BLP2-001"
        symbol = f"{DEPARTMENT}-{timezone.localdate():%y}P"
        if not ReceiptSeries.objects.filter(form_code=form_code, symbol=symbol).exists():
            ReceiptSeries.objects.create(unit=unit, form_code=form_code, symbol=symbol)
    return account


def _citizen_dossiers(stdout: Any) -> None:
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.demo import _complete  # the dossiers demo's way to fill a draft
    from motcua.payments import actions
    from motcua.procedures.models import Procedure

    User = get_user_model()
    citizen = User.objects.filter(email=CITIZEN).first()
    reception = User.objects.filter(email=RECEPTION).first()
    if citizen is None or reception is None:
        return
    if Charge.objects.filter(dossier__applicant_user=citizen).exists():
        return
    for code, optional in DEMO_FEES:
        procedure = Procedure.objects.published().filter(code=code).first()
        if procedure is None or not procedure.accepts_online:
            continue
        draft = dossier_actions.do_create_draft(procedure, acting_user=citizen)
        draft = _complete(draft, citizen, post=False)
        dossier = dossier_actions.do_submit_dossier(
            draft, acting_user=citizen, token=f"demo-fee-{draft.pk}"
        )
        extra: tuple[tuple[str, int], ...] = ()
        if optional:
            line = next(
                (f for f in dossier.procedure_version.fee_lines.all() if f.name == optional),
                None,
            )
            if line is None:
                continue
            extra = ((line.name, line.amount),)
        charge = actions.request_payment(dossier, acting_user=reception, extra_lines=extra)
        stdout.write(f"payments: hồ sơ {dossier.code} chờ thanh toán {charge.total} đ")


def load(stdout: Any) -> list[tuple[str, str, str]]:
    """The account, the series, the citizen's dossiers awaiting payment."""
    if _account(stdout) is not None:
        _citizen_dossiers(stdout)
    return []


def sample_statement_csv(payments: Iterable[Payment]) -> bytes:
    """A DEMO bank statement (CSV, UTF-8, the demo account's columns)
    crediting each of ``payments`` with its amount and its transfer note
    wrapped the way banks do. Row references are derived from the payment
    references, so importing the file twice repeats nothing."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            STATEMENT_MAPPING["date"],
            STATEMENT_MAPPING["amount"],
            STATEMENT_MAPPING["note"],
            STATEMENT_MAPPING["reference"],
        ]
    )
    today = timezone.localdate().strftime("%d/%m/%Y")
    for n, payment in enumerate(payments, start=1):
        amount = f"{payment.amount:,}".replace(",", ".")
        note = (
            f"MBVCB.{100000 + n}.{payment.transfer_note or payment.charge.dossier.code}"
            ".CT tu 0123456789 NGUYEN VAN AN"
        )
        writer.writerow([today, amount, note, f"DEMO-{payment.reference}"])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
