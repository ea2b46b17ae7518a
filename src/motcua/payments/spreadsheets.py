"""Payments to XLSX (openpyxl) for the staff list's export."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from motcua.payments.models import Payment

COLUMNS = [
    ("Mã giao dịch", 22),
    ("Mã hồ sơ", 22),
    ("Đơn vị thu", 32),
    ("Người nộp", 28),
    ("Hình thức", 26),
    ("Số tiền (đồng)", 16),
    ("Trạng thái", 22),
    ("Bắt đầu lúc", 18),
    ("Thanh toán lúc", 18),
    ("Số biên lai", 18),
    ("Mã giao dịch nhà cung cấp", 26),
    ("Nội dung chuyển khoản", 26),
]


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _receipt_no(payment: Payment) -> str:
    receipt = getattr(payment, "receipt", None) if payment.status == "paid" else None
    if receipt is None:
        return ""
    return f"{receipt.series.symbol} {receipt.number:0{receipt.series.number_width}d}"


def payments_xlsx(payments: Iterable[Payment]) -> bytes:
    """One row per payment (the list's filters applied by the caller; the
    QuerySet should join ``charge__dossier``, ``charge__unit`` and
    ``receipt__series``: one query for the whole sheet). Amounts are
    numbers, so the sheet can sum them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Thanh toán"
    sheet.append([title for title, _w in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    total = 0
    for p in payments:
        sheet.append(
            [
                p.reference,
                p.charge.dossier.code or "",
                p.charge.unit.name,
                p.payer_name,
                str(p.get_provider_display()),
                p.amount,
                str(p.get_status_display()),
                _local(p.created_at),
                _local(p.paid_at),
                _receipt_no(p),
                p.provider_ref,
                p.transfer_note,
            ]
        )
        if p.status == "paid":
            total += p.amount
    sheet.append([])
    sheet.append(["Tổng số tiền đã thu", "", "", "", "", total])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for index, (_t, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        if index == 6:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
