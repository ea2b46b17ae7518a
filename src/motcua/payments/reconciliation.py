"""Bank statement reconciliation for VietQR transfers.

An officer uploads the statement of the unit's collecting account (CSV or
XLSX, as the bank exports it). Columns are found by their header names:
``account.statement_mapping`` says which header holds the date, the
amount, the transfer note and the bank's reference (or the officer names
them on the form). The file is checked completely first; a file with a
bad column or one bad row is refused as a whole, with every problem and
its row number, and nothing is imported.

Each credit row is then matched:

- the row's note and the payment's transfer note are folded (accents, case,
  spaces and punctuation removed: "HS SYT-260101-0001" and
  "hs syt 2601010001 chuyen tien" agree), and a VietQR payment not received
  yet (pending, expired, or cancelled because the charge was paid another
  way) whose folded transfer note — or folded dossier code — lies inside
  the folded row note, with exactly the row's amount, is a candidate;
- one candidate (several payments of one charge count as one: the newest)
  → ``confirm_payment(source=STATEMENT)``: MATCHED, or ALREADY_PAID when the
  charge had been settled another way (the payment becomes a duplicate,
  flagged for refund, never credited twice);
- candidates of two charges → AMBIGUOUS: left for a person, candidates kept;
- none → UNMATCHED (a person may match it by hand or ignore it);
- a row imported before (same fingerprint on this account) → REPEATED,
  nothing changes.

Fingerprint: the bank's reference when the file has one; otherwise date,
amount, folded note and the row's occurrence among identical rows of the
file, so that importing the same file (or an overlapping period from the
same export) again repeats nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.money import parse_vnd
from motcua.core.text import clean_text, fold
from motcua.payments.constants import (
    AuditEvent,
    CallbackKind,
    CallbackOutcome,
    LineStatus,
    Method,
    PaymentStatus,
    Provider,
)
from motcua.payments.models import BankAccount, Payment, StatementImport, StatementLine

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
MAPPING_KEYS = ("date", "amount", "note", "reference")
REQUIRED_KEYS = ("date", "amount", "note")
# Header names tried when neither the account nor the form gives one
# (the usual Vietnamese bank exports).
DEFAULT_MAPPING: dict[str, Any] = {
    "date": "Ngày giao dịch",
    "amount": "Số tiền ghi có",
    "note": "Nội dung",
    "reference": "Số tham chiếu",
    "header_row": 1,
}
DATE_FORMATS = (
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%y",
)
MATCHABLE = (PaymentStatus.PENDING, PaymentStatus.EXPIRED)
# A VietQR payment is cancelled when the charge gets paid another way; the
# payer may have transferred all the same: that money must be found (and
# refunded), never left unmatched.
MATCHABLE_LATE = (*MATCHABLE, PaymentStatus.CANCELLED, PaymentStatus.FAILED)
OPEN_LINE_STATUSES = (LineStatus.UNMATCHED, LineStatus.AMBIGUOUS)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DECIMAL_ZEROS = re.compile(r"^(.*\d)[.,]0{1,2}$")


class StatementFileError(ValidationError):
    """The file cannot be imported; ``messages`` lists every problem."""


def compact(text: str) -> str:
    """Folded and stripped of everything but letters and digits: the form in
    which transfer notes are compared (banks add, drop or change spaces,
    dashes, dots and case)."""
    return _NON_ALNUM.sub("", fold(text or ""))


@dataclass
class StatementRow:
    row_number: int
    booked_on: date
    amount: int
    note: str
    bank_ref: str
    fingerprint: str = ""


@dataclass
class ParsedStatement:
    rows: list[StatementRow] = field(default_factory=list)
    debits: int = 0
    mapping: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------ reading
def effective_mapping(account: BankAccount, mapping: dict[str, Any] | None) -> dict[str, Any]:
    """The form's choice over the account's mapping over the defaults."""
    merged: dict[str, Any] = dict(DEFAULT_MAPPING)
    for source in (account.statement_mapping or {}, mapping or {}):
        for key, value in source.items():
            if value not in (None, ""):
                merged[key] = value
    return merged


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def parse_amount(value: Any) -> int:
    """An amount cell as whole đồng: 500000, "500.000", "500,000.00",
    "+500.000 VND". Raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if value != int(value):
            raise ValueError(value)
        return int(value)
    text = str(value or "").strip().replace("\u00a0", " ")
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("+-() ")
    match = _DECIMAL_ZEROS.match(text.lower().removesuffix("vnd").removesuffix("vnđ").strip())
    if match:
        text = match.group(1)
    amount = parse_vnd(text)
    return -amount if negative else amount


def parse_date(value: Any, date_format: str = "") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    formats = (date_format, *DATE_FORMATS) if date_format else DATE_FORMATS
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _table(content: bytes, name: str, mapping: dict[str, Any]) -> list[list[Any]]:
    """The file's rows as lists of cells; refuses what is not CSV or XLSX."""
    lower = name.lower()
    if content[:4] == b"PK\x03\x04":
        if not lower.endswith((".xlsx", ".xlsm")):
            raise StatementFileError(_("The file is not a CSV or XLSX statement."))
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            return [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception as exc:
            raise StatementFileError(
                _("The file cannot be read as an Excel workbook (.xlsx).")
            ) from exc
    if not lower.endswith((".csv", ".txt")) or b"\x00" in content[:4096]:
        raise StatementFileError(_("The file is not a CSV or XLSX statement."))
    encoding = str(mapping.get("encoding") or "utf-8-sig")
    try:
        text = content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            text = content.decode("cp1258")
        except UnicodeDecodeError as exc:
            raise StatementFileError(
                _("The CSV file is not in UTF-8: save it again as “CSV UTF-8”.")
            ) from exc
    delimiter = str(mapping.get("delimiter") or "")
    if not delimiter:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def parse_statement(content: bytes, name: str, mapping: dict[str, Any]) -> ParsedStatement:
    """Every row of the file checked; raises ``StatementFileError`` with all
    problems (row numbers as in the file) when anything is wrong."""
    if len(content) > MAX_FILE_BYTES:
        raise StatementFileError(_("The file is larger than 5 MB."))
    table = _table(content, name, mapping)
    try:
        header_row = int(mapping.get("header_row") or 1)
    except (TypeError, ValueError):
        header_row = 1
    if header_row < 1 or len(table) < header_row:
        raise StatementFileError(_("The file has no header row."))
    header = [compact(_cell_text(h)) for h in table[header_row - 1]]
    index: dict[str, int] = {}
    missing = []
    for key in MAPPING_KEYS:
        wanted = compact(str(mapping.get(key) or ""))
        if wanted and wanted in header:
            index[key] = header.index(wanted)
        elif key in REQUIRED_KEYS:
            missing.append(str(mapping.get(key) or key))
    if missing:
        found = ", ".join(_cell_text(h) for h in table[header_row - 1] if _cell_text(h))
        raise StatementFileError(
            [_("The file has no column “%(column)s”.") % {"column": column} for column in missing]
            + [
                _("Columns found on row %(row)d: %(columns)s.")
                % {"row": header_row, "columns": found}
            ]
        )
    parsed = ParsedStatement(mapping={**mapping})
    errors: list[str] = []
    date_format = str(mapping.get("date_format") or "")
    for offset, cells in enumerate(table[header_row:], start=header_row + 1):
        if not any(_cell_text(c) for c in cells):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            errors.append(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
            break

        def cell(key: str, cells: list[Any] = cells) -> Any:
            i = index.get(key)
            return cells[i] if i is not None and i < len(cells) else None

        raw_amount = cell("amount")
        if _cell_text(raw_amount) == "":
            parsed.debits += 1  # a debit row in a split debit/credit export
            continue
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            errors.append(
                _("Row %(row)d: “%(value)s” is not an amount in đồng.")
                % {"row": offset, "value": _cell_text(raw_amount)}
            )
            continue
        try:
            booked_on = parse_date(cell("date"), date_format)
        except ValueError:
            errors.append(
                _("Row %(row)d: “%(value)s” is not a date (dd/mm/yyyy).")
                % {"row": offset, "value": _cell_text(cell("date"))}
            )
            continue
        if amount <= 0:
            parsed.debits += 1
            continue
        parsed.rows.append(
            StatementRow(
                row_number=offset,
                booked_on=booked_on,
                amount=amount,
                note=_cell_text(cell("note"))[:500],
                bank_ref=_cell_text(cell("reference"))[:100],
            )
        )
    if errors:
        raise StatementFileError(errors)
    if not parsed.rows and not parsed.debits:
        raise StatementFileError(_("The file has no statement rows."))
    seen: dict[str, int] = defaultdict(int)
    for row in parsed.rows:
        if row.bank_ref:
            basis = f"ref|{compact(row.bank_ref)}"
        else:
            basis = f"{row.booked_on.isoformat()}|{row.amount}|{compact(row.note)}"
            seen[basis] += 1
            basis = f"{basis}|{seen[basis]}"
        row.fingerprint = hashlib.sha256(basis.encode()).hexdigest()
    return parsed


# ------------------------------------------------------------------ matching
def _candidates_by_amount(account: BankAccount, amounts: set[int]) -> dict[int, list[Payment]]:
    """VietQR payments not received yet (pending, expired, or cancelled
    because the charge was settled another way) of the account's unit and
    the units below it, with one of ``amounts``: one query."""
    payments = (
        Payment.objects.filter(
            provider=Provider.VIETQR,
            status__in=MATCHABLE_LATE,
            amount__in=amounts,
            charge__unit__path__startswith=account.unit.path,
        )
        .select_related("charge__dossier")
        .order_by("-created_at", "-pk")
    )
    grouped: dict[int, list[Payment]] = defaultdict(list)
    # Still payable first, then the newest: the one a row is matched to
    # when several payments of one charge carry the note.
    for payment in sorted(payments, key=lambda p: p.status not in MATCHABLE):
        grouped[payment.amount].append(payment)
    return grouped


def candidates_for(note: str, payments: list[Payment]) -> list[Payment]:
    """Payments whose transfer note or dossier code is inside ``note``
    (compared folded); several payments of one charge count once (the
    newest: the payer may have started twice)."""
    folded = compact(note)
    found: dict[int, Payment] = {}
    for payment in payments:
        keys = [compact(payment.transfer_note), compact(payment.charge.dossier.code or "")]
        if any(k and len(k) >= 6 and k in folded for k in keys):
            found.setdefault(payment.charge_id, payment)
    return list(found.values())


def _confirm(line: StatementLine, payment: Payment, acting_user: Any) -> CallbackOutcome:
    from motcua.payments.actions import confirm_payment

    _payment, outcome = confirm_payment(
        payment,
        amount=line.amount,
        provider_ref=line.bank_ref or f"SK{line.statement_id}-{line.row_number}",
        method=Method.TRANSFER,
        source=CallbackKind.STATEMENT,
        payload={
            "statement": line.statement_id,
            "row": line.row_number,
            "date": line.booked_on.isoformat(),
            "amount": line.amount,
            "note": line.note,
            "bank_ref": line.bank_ref,
        },
        acting_user=acting_user,
    )
    return CallbackOutcome(outcome)


def import_statement(
    account: BankAccount,
    uploaded_file: Any,
    *,
    acting_user: Any,
    mapping: dict[str, Any] | None = None,
) -> StatementImport:
    """Check, keep and match a bank statement file of ``account`` (see the
    module docstring). Raises ``StatementFileError`` (nothing imported)
    for a bad file."""
    content = uploaded_file.read()
    name = str(getattr(uploaded_file, "name", "") or "sao-ke.csv").rsplit("/", 1)[-1][:200]
    used = effective_mapping(account, mapping)
    parsed = parse_statement(content, name, used)
    summary: dict[str, int] = {status.value: 0 for status in LineStatus}
    summary["debits"] = parsed.debits
    with transaction.atomic():
        # One import of one account at a time: two officers importing the
        # same file together would otherwise both see its rows as new.
        BankAccount.objects.select_for_update().get(pk=account.pk)
        statement = StatementImport(
            account=account,
            original_name=name,
            mapping={
                k: v
                for k, v in used.items()
                if k in (*MAPPING_KEYS, "header_row", "date_format", "delimiter", "encoding")
            },
            uploaded_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
            rows=len(parsed.rows),
        )
        statement.file.save(name, ContentFile(content), save=False)
        statement.save()
        known = set(
            StatementLine.objects.filter(
                account=account, fingerprint__in=[r.fingerprint for r in parsed.rows]
            )
            .exclude(status=LineStatus.REPEATED)
            .values_list("fingerprint", flat=True)
        )
        by_amount = _candidates_by_amount(
            account, {r.amount for r in parsed.rows if r.fingerprint not in known}
        )
        for row in parsed.rows:
            line = StatementLine(
                statement=statement,
                account=account,
                row_number=row.row_number,
                booked_on=row.booked_on,
                amount=row.amount,
                note=row.note,
                bank_ref=row.bank_ref,
                fingerprint=row.fingerprint,
            )
            if row.fingerprint in known:
                line.status = LineStatus.REPEATED
                line.save()
                summary[LineStatus.REPEATED] += 1
                continue
            known.add(row.fingerprint)
            found = candidates_for(row.note, by_amount.get(row.amount, []))
            if not found:
                line.status = LineStatus.UNMATCHED
                line.save()
            elif len(found) > 1:
                line.status = LineStatus.AMBIGUOUS
                line.candidates = [p.reference for p in found]
                line.save()
            else:
                payment = found[0]
                line.status = LineStatus.UNMATCHED
                line.save()
                outcome = _confirm(line, payment, acting_user)
                if outcome in (CallbackOutcome.APPLIED, CallbackOutcome.ALREADY_APPLIED):
                    line.status = LineStatus.MATCHED
                elif outcome == CallbackOutcome.DUPLICATE:
                    line.status = LineStatus.ALREADY_PAID
                line.payment = payment if line.status != LineStatus.UNMATCHED else None
                line.resolved_at = timezone.now() if line.payment else None
                line.save(update_fields=["status", "payment", "resolved_at"])
                # Not a candidate for a later row of the same file (a second
                # transfer of the same fee is left for a person).
                by_amount[row.amount] = [
                    p for p in by_amount.get(row.amount, []) if p.charge_id != payment.charge_id
                ]
            summary[line.status] += 1
        statement.summary = summary
        statement.save(update_fields=["summary"])
        record_audit(
            statement,
            acting_user,
            AuditEvent.STATEMENT_IMPORTED,
            new={"account": account.pk, "file": name, **summary},
        )
    return statement


def _check_open(line: StatementLine) -> None:
    if line.status not in OPEN_LINE_STATUSES:
        raise ValidationError(_("This statement row has already been dealt with."))


def match_line(line: StatementLine, payment: Payment, *, acting_user: Any) -> StatementLine:
    """An officer's decision: ``line`` paid ``payment``. The amounts must be
    equal; the payment must belong to the account's unit. Credited through
    ``confirm_payment`` like any other source (a charge already paid gives a
    duplicate flagged for refund)."""
    with transaction.atomic():
        line = (
            StatementLine.objects.select_for_update()
            .select_related("account__unit")
            .get(pk=line.pk)
        )
        _check_open(line)
        payment = Payment.objects.select_related("charge__unit").get(pk=payment.pk)
        if not payment.charge.unit.path.startswith(line.account.unit.path):
            raise ValidationError(_("This payment is not collected on this account."))
        if payment.amount != line.amount:
            raise ValidationError(
                _("The amounts differ: the row is %(row)s, the payment %(payment)s.")
                % {
                    "row": f"{line.amount:,}".replace(",", "."),
                    "payment": f"{payment.amount:,}".replace(",", "."),
                }
            )
        if payment.status in (PaymentStatus.PAID, PaymentStatus.DUPLICATE, PaymentStatus.REFUNDED):
            raise ValidationError(_("This payment has already been received."))
        outcome = _confirm(line, payment, acting_user)
        if outcome == CallbackOutcome.APPLIED:
            line.status = LineStatus.MANUAL
        elif outcome == CallbackOutcome.DUPLICATE:
            line.status = LineStatus.ALREADY_PAID
        else:
            raise ValidationError(
                _("The payment could not be recorded (%(outcome)s).") % {"outcome": outcome.label}
            )
        line.payment = payment
        line.resolved_by = acting_user
        line.resolved_at = timezone.now()
        line.save(update_fields=["status", "payment", "resolved_by", "resolved_at"])
        record_audit(
            line,
            acting_user,
            AuditEvent.STATEMENT_LINE_MATCHED,
            new={"payment": payment.reference, "status": line.status},
        )
    return line


def ignore_line(line: StatementLine, *, acting_user: Any) -> StatementLine:
    """An officer's decision: the row is not a fee payment (kept, marked)."""
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        _check_open(line)
        line.status = LineStatus.IGNORED
        line.resolved_by = acting_user
        line.resolved_at = timezone.now()
        line.save(update_fields=["status", "resolved_by", "resolved_at"])
        record_audit(
            line, acting_user, AuditEvent.STATEMENT_LINE_MATCHED, new={"status": line.status}
        )
    return line


def open_lines(user: Any) -> Any:
    """Rows awaiting a person (unmatched, ambiguous), of the accounts of the
    units ``user`` sees, oldest first."""
    from motcua.org.models import Unit
    from motcua.payments.constants import STAFF_ROLES

    return (
        StatementLine.objects.filter(
            status__in=OPEN_LINE_STATUSES,
            account__unit__in=Unit.objects.visible_to(user, roles=STAFF_ROLES),
        )
        .select_related("account__unit", "statement")
        .order_by("booked_on", "pk")
    )


def resolve_payment_for_line(line: StatementLine, text: str, *, acting_user: Any) -> Payment:
    """The payment an officer means by ``text`` (a payment reference or a
    dossier code) for ``line``: the reference's payment, or the newest
    pending VietQR payment of the dossier's open charge, started now when
    the payer transferred without starting one (copied the account from the
    notice)."""
    text = clean_text(text)
    unit_q = Q(charge__unit__path__startswith=line.account.unit.path)
    payment = Payment.objects.filter(unit_q, reference__iexact=text).first()
    if payment is not None:
        return payment
    from motcua.payments.constants import ChargeStatus
    from motcua.payments.models import Charge

    charge = (
        Charge.objects.filter(
            dossier__code__iexact=text,
            status=ChargeStatus.OPEN,
            unit__path__startswith=line.account.unit.path,
        )
        .select_related("dossier")
        .first()
    )
    if charge is None:
        raise ValidationError(
            _("No payment or dossier awaiting payment with this reference or code.")
        )
    pending = (
        charge.payments.filter(provider=Provider.VIETQR, status__in=MATCHABLE)
        .order_by("-created_at")
        .first()
    )
    if pending is not None:
        return pending
    from motcua.payments.actions import start_payment

    return start_payment(
        charge, provider=Provider.VIETQR, payer_name=charge.dossier.applicant_display
    )
