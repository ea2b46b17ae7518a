"""The catalogue to and from XLSX (openpyxl).

Provinces publish their procedure lists as spreadsheets. Export writes four
sheets — "Thủ tục" (one row per procedure with the rules of one version),
"Phí, lệ phí", "Thành phần hồ sơ" and "Các bước" (rows keyed by the
procedure code) — plus "Danh mục" with the accepted values. Import reads the
same layout: every row is checked first and a file with any bad row is
refused whole, with row numbers, in Vietnamese; nothing is half-imported.

A row creates the procedure if its code is new (or updates its name, field,
unit and level) and creates or replaces the *draft* version with the row's
"Ngày hiệu lực". A published version is never overwritten: a row for a date
that is already published is an error (use a new date).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.core.money import parse_vnd
from motcua.core.text import clean_text, fold, nfc
from motcua.org.constants import Role
from motcua.org.models import Unit
from motcua.procedures import actions
from motcua.procedures.constants import (
    CopyType,
    DeadlineUnit,
    FeeStatus,
    FeeTiming,
    OnlineLevel,
)
from motcua.procedures.models import Procedure, ProcedureField, ProcedureVersion

MAX_ROWS = 2000

SHEET_PROCEDURES = "Thủ tục"
SHEET_FEES = "Phí, lệ phí"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_STEPS = "Các bước"
SHEET_REFERENCE = "Danh mục"

# (key, header): the headers are the spreadsheet's content, in Vietnamese.
PROCEDURE_COLUMNS: list[tuple[str, str]] = [
    ("code", "Mã TTHC"),
    ("name", "Tên thủ tục"),
    ("field", "Lĩnh vực"),
    ("unit", "Đơn vị thực hiện (mã)"),
    ("online_level", "Mức độ DVC trực tuyến"),
    ("is_active", "Đang áp dụng"),
    ("effective_from", "Ngày hiệu lực"),
    ("decision", "Quyết định công bố"),
    ("deadline_amount", "Thời hạn giải quyết"),
    ("deadline_unit", "Đơn vị tính thời hạn"),
    ("deadline_note", "Ghi chú thời hạn"),
    ("fee_status", "Phí, lệ phí"),
    ("fee_note", "Ghi chú phí"),
    ("fee_timing", "Thời điểm nộp phí"),
    ("result_type", "Kết quả"),
    ("applicants", "Đối tượng thực hiện"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("conditions", "Điều kiện"),
    ("delivers_at_counter", "Trả kết quả tại Bộ phận Một cửa"),
    ("delivers_by_post", "Trả kết quả qua bưu chính"),
    ("accepts_post_submission", "Nhận hồ sơ qua bưu chính"),
    ("in_person_note", "Cách nộp trực tiếp, qua bưu chính"),
    ("dossier_sets", "Số bộ hồ sơ"),
]
FEE_COLUMNS = [
    ("code", "Mã TTHC"),
    ("name", "Tên khoản phí, lệ phí"),
    ("amount", "Số tiền (đồng)"),
    ("is_optional", "Tùy trường hợp"),
    ("note", "Ghi chú"),
]
DOCUMENT_COLUMNS = [
    ("code", "Mã TTHC"),
    ("name", "Tên giấy tờ"),
    ("copy_type", "Bản chính/bản sao"),
    ("quantity", "Số lượng"),
    ("is_required", "Bắt buộc"),
    ("note", "Ghi chú"),
]
STEP_COLUMNS = [
    ("code", "Mã TTHC"),
    ("name", "Bước thực hiện"),
    ("role", "Người thực hiện"),
    ("share_percent", "Tỷ lệ thời hạn (%)"),
]

LEVEL_TEXT = {
    OnlineLevel.FULL: "Toàn trình",
    OnlineLevel.PARTIAL: "Một phần",
    OnlineLevel.OFFLINE: "Trực tiếp",
}
LEVEL_READ = {
    "toan trinh": OnlineLevel.FULL,
    "dvc truc tuyen toan trinh": OnlineLevel.FULL,
    "mot phan": OnlineLevel.PARTIAL,
    "dvc truc tuyen mot phan": OnlineLevel.PARTIAL,
    "truc tiep": OnlineLevel.OFFLINE,
    "": OnlineLevel.OFFLINE,
}
UNIT_TEXT = {
    DeadlineUnit.DAYS: "ngày",
    DeadlineUnit.WORKING_DAYS: "ngày làm việc",
    DeadlineUnit.WORKING_HOURS: "giờ làm việc",
}
UNIT_READ = {
    "ngay": DeadlineUnit.DAYS,
    "ngay lam viec": DeadlineUnit.WORKING_DAYS,
    "gio lam viec": DeadlineUnit.WORKING_HOURS,
    "gio": DeadlineUnit.WORKING_HOURS,
}
FEE_TEXT = {
    FeeStatus.CHARGED: "Theo các khoản",
    FeeStatus.FREE: "Không thu phí",
    FeeStatus.UNPUBLISHED: "Chưa công bố",
}
FEE_READ = {
    "theo cac khoan": FeeStatus.CHARGED,
    "co": FeeStatus.CHARGED,
    "khong thu phi": FeeStatus.FREE,
    "mien phi": FeeStatus.FREE,
    "chua cong bo": FeeStatus.UNPUBLISHED,
    "": FeeStatus.UNPUBLISHED,
}
TIMING_TEXT = {
    FeeTiming.BEFORE_RECEPTION: "Khi nộp hồ sơ",
    FeeTiming.BEFORE_RESULT: "Khi nhận kết quả",
}
TIMING_READ = {
    "khi nop ho so": FeeTiming.BEFORE_RECEPTION,
    "khi nhan ket qua": FeeTiming.BEFORE_RESULT,
    "": FeeTiming.BEFORE_RESULT,
}
COPY_TEXT = {
    CopyType.ORIGINAL: "Bản chính",
    CopyType.COPY: "Bản sao",
    CopyType.CERTIFIED_COPY: "Bản sao có chứng thực",
    CopyType.ORIGINAL_OR_CERTIFIED: "Bản chính hoặc bản sao có chứng thực",
}
COPY_READ = {fold(v): k for k, v in COPY_TEXT.items()} | {"": CopyType.ORIGINAL}
ROLE_TEXT = {
    Role.RECEPTION: "Bộ phận Một cửa",
    Role.HANDLER: "Chuyên viên thụ lý",
    Role.APPROVER: "Lãnh đạo phòng",
    Role.LEADER: "Lãnh đạo Sở",
}
ROLE_READ = (
    {fold(v): k for k, v in ROLE_TEXT.items()} | {fold(str(k)): k for k in Role.values} | {"": ""}
)
YES = {"co", "x", "1", "yes", "true", "dung"}
NO = {"khong", "0", "no", "false", "sai", ""}


# ------------------------------------------------------------------ export
def _bool(value: bool) -> str:
    return "Có" if value else "Không"


def _newest(procedure: Procedure) -> ProcedureVersion | None:
    """The version to export: the one in force, else the newest."""
    versions = list(procedure.versions.all())  # prefetched, newest first
    today = timezone.localdate()
    for v in versions:
        if v.is_published and v.effective_from <= today:
            return v
    return versions[0] if versions else None


def export_catalogue(procedures: Any) -> bytes:
    """The procedures (each with its version in force, else its newest) as .xlsx."""
    from django.db.models import Prefetch
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    procedures = (
        procedures.select_related("field", "unit")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ProcedureVersion.objects.order_by(
                    "-effective_from", "-pk"
                ).prefetch_related("fee_lines", "documents", "steps"),
            )
        )
        .order_by("field__position", "name", "pk")
    )
    book = Workbook()
    main = book.active
    main.title = SHEET_PROCEDURES
    fees = book.create_sheet(SHEET_FEES)
    docs = book.create_sheet(SHEET_DOCUMENTS)
    steps = book.create_sheet(SHEET_STEPS)
    for sheet, columns in (
        (main, PROCEDURE_COLUMNS),
        (fees, FEE_COLUMNS),
        (docs, DOCUMENT_COLUMNS),
        (steps, STEP_COLUMNS),
    ):
        sheet.append([h for _k, h in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B2"
    for p in procedures:
        v = _newest(p)
        if v is None:
            main.append(
                [
                    p.code,
                    p.name,
                    p.field.name,
                    p.unit.code,
                    LEVEL_TEXT.get(p.online_level, ""),
                    _bool(p.is_active),
                ]
            )
            continue
        main.append(
            [
                p.code,
                p.name,
                p.field.name,
                p.unit.code,
                LEVEL_TEXT.get(p.online_level, ""),
                _bool(p.is_active),
                v.effective_from.strftime("%d/%m/%Y"),
                v.decision,
                None
                if v.deadline_amount is None
                else (
                    int(v.deadline_amount)
                    if v.deadline_amount == int(v.deadline_amount)
                    else float(v.deadline_amount)
                ),
                UNIT_TEXT.get(v.deadline_unit, ""),
                v.deadline_note,
                FEE_TEXT[v.fee_status],
                v.fee_note,
                TIMING_TEXT.get(v.fee_timing, ""),
                v.result_type,
                v.applicants,
                v.legal_basis,
                v.conditions,
                _bool(v.delivers_at_counter),
                _bool(v.delivers_by_post),
                _bool(v.accepts_post_submission),
                v.in_person_note,
                v.dossier_sets,
            ]
        )
        for f in v.fee_lines.all():
            fees.append([p.code, f.name, f.amount, _bool(f.is_optional), f.note])
        for d in v.documents.all():
            docs.append(
                [
                    p.code,
                    d.name,
                    COPY_TEXT.get(d.copy_type, ""),
                    d.quantity,
                    _bool(d.is_required),
                    d.note,
                ]
            )
        for s in v.steps.all():
            steps.append([p.code, s.name, ROLE_TEXT.get(s.role, s.role), s.share_percent])
    for sheet, widths in (
        (
            main,
            [
                12,
                60,
                22,
                16,
                16,
                10,
                12,
                28,
                10,
                14,
                30,
                16,
                30,
                16,
                30,
                30,
                50,
                40,
                12,
                12,
                12,
                50,
                8,
            ],
        ),
        (fees, [12, 50, 16, 12, 40]),
        (docs, [12, 70, 28, 10, 10, 40]),
        (steps, [12, 50, 22, 14]),
    ):
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    ref = book.create_sheet(SHEET_REFERENCE)
    ref.append(["Cột", "Giá trị chấp nhận"])
    ref["A1"].font = ref["B1"].font = Font(bold=True)
    ref.append(
        [
            "Lĩnh vực",
            " | ".join(f.name for f in ProcedureField.objects.all()) + " (hoặc tên lĩnh vực mới)",
        ]
    )
    ref.append(["Mức độ DVC trực tuyến", " | ".join(LEVEL_TEXT.values())])
    ref.append(
        [
            "Đơn vị tính thời hạn",
            " | ".join(UNIT_TEXT.values()) + " (để trống thời hạn nếu chưa công bố)",
        ]
    )
    ref.append(["Phí, lệ phí", " | ".join(FEE_TEXT.values())])
    ref.append(["Thời điểm nộp phí", " | ".join(TIMING_TEXT.values())])
    ref.append(["Bản chính/bản sao", " | ".join(COPY_TEXT.values())])
    ref.append(["Người thực hiện", " | ".join(ROLE_TEXT.values())])
    ref.append(["Có/Không", "Có | Không"])
    ref.append(["Ngày", "dd/mm/yyyy"])
    for u in Unit.objects.active().order_by("path"):
        ref.append(["Đơn vị (mã)", f"{u.code} — {u.name}"])
    ref.column_dimensions["A"].width = 24
    ref.column_dimensions["B"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ import
@dataclass
class ParsedProcedure:
    row: int
    code: str
    identity: dict[str, Any]
    field_name: str
    facts: dict[str, Any]
    fee_lines: list[actions.FeeLineData] = field(default_factory=list)
    documents: list[actions.DocumentData] = field(default_factory=list)
    steps: list[actions.StepData] = field(default_factory=list)


@dataclass
class ParsedCatalogue:
    procedures: list[ParsedProcedure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    versions: int = 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def _long_text(value: Any) -> str:
    return nfc("" if value is None else str(value)).strip()


def _yes_no(value: Any, default: bool) -> bool | None:
    key = fold(_text(value))
    if key == "":
        return default
    if key in YES:
        return True
    if key in NO:
        return False
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _rows(
    sheet: Any, columns: list[tuple[str, str]], errors: list[str]
) -> list[tuple[int, dict[str, Any]]]:
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return []
    header = [fold(_text(h)) for h in rows[0]]
    index: dict[str, int] = {}
    for key, title in columns:
        try:
            index[key] = header.index(fold(title))
        except ValueError:
            if key in ("code", "name"):
                errors.append(
                    _("Sheet “%(sheet)s”: the column “%(column)s” is missing.")
                    % {"sheet": sheet.title, "column": title}
                )
                return []
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        out.append(
            (number, {k: (values[i] if i < len(values) else None) for k, i in index.items()})
        )
    return out


def parse_catalogue(upload: Any, *, user: Any) -> ParsedCatalogue:
    """Read and check a workbook; nothing is written."""
    from openpyxl import load_workbook

    result = ParsedCatalogue()
    errors = result.errors
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        errors.append(_("The file could not be read as an Excel workbook."))
        return result
    if SHEET_PROCEDURES not in book.sheetnames:
        errors.append(
            _("The workbook has no sheet named “%(sheet)s”.") % {"sheet": SHEET_PROCEDURES}
        )
        return result
    main_rows = _rows(book[SHEET_PROCEDURES], PROCEDURE_COLUMNS, errors)
    if len(main_rows) > MAX_ROWS:
        errors.append(_("The file has more than %(max)s procedures.") % {"max": MAX_ROWS})
        return result
    allowed_units = {
        u.code: u
        for u in Unit.objects.visible_to(
            user, roles=[Role.SYSADMIN, Role.COORDINATOR, Role.APPROVER]
        ).filter(is_active=True)
    }
    editable = (
        set(Procedure.objects.visible_to(user).values_list("code", flat=True))
        if user is not None
        else None
    )
    existing = set(Procedure.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    by_code: dict[str, ParsedProcedure] = {}
    for number, row in main_rows:
        problems: list[str] = []
        code = _text(row.get("code")).replace(" ", "")
        name = _text(row.get("name"))
        if not code:
            problems.append(_("the procedure code is empty"))
        if not name:
            problems.append(_("the name is empty"))
        if code in seen:
            problems.append(
                _("code %(code)s is already on row %(row)s") % {"code": code, "row": seen[code]}
            )
        if code in existing and editable is not None and code not in editable:
            problems.append(
                _("procedure %(code)s belongs to a unit you do not manage") % {"code": code}
            )
        unit = allowed_units.get(_text(row.get("unit")))
        if unit is None:
            problems.append(
                _("unknown unit code “%(unit)s” (or not one of your units)")
                % {"unit": _text(row.get("unit"))}
            )
        level = LEVEL_READ.get(fold(_text(row.get("online_level"))))
        if level is None:
            problems.append(
                _("unknown online level “%(value)s”") % {"value": _text(row.get("online_level"))}
            )
        is_active = _yes_no(row.get("is_active"), True)
        field_name = _text(row.get("field"))
        if not field_name:
            problems.append(_("the field (lĩnh vực) is empty"))
        effective = row.get("effective_from")
        effective_from = _date(effective) if effective not in (None, "") else timezone.localdate()
        if effective_from is None:
            problems.append(
                _("the date “%(value)s” is not dd/mm/yyyy") % {"value": _text(effective)}
            )
        amount_raw = _text(row.get("deadline_amount")).replace(",", ".")
        amount: Decimal | None = None
        unit_key = ""
        if amount_raw:
            try:
                amount = Decimal(amount_raw)
                if not amount.is_finite() or amount < 0 or amount >= 10000:
                    raise InvalidOperation
                amount = amount.quantize(Decimal("0.1"))
            except InvalidOperation:
                problems.append(
                    _("the deadline “%(value)s” is not a number") % {"value": amount_raw}
                )
            unit_key = UNIT_READ.get(fold(_text(row.get("deadline_unit"))), "")
            if not unit_key:
                problems.append(
                    _("unknown deadline unit “%(value)s”")
                    % {"value": _text(row.get("deadline_unit"))}
                )
        fee_status = FEE_READ.get(fold(_text(row.get("fee_status"))))
        if fee_status is None:
            problems.append(
                _("unknown fee status “%(value)s”") % {"value": _text(row.get("fee_status"))}
            )
        timing = TIMING_READ.get(fold(_text(row.get("fee_timing"))))
        if timing is None:
            problems.append(
                _("unknown fee timing “%(value)s”") % {"value": _text(row.get("fee_timing"))}
            )
        flags = {}
        for key, default in (
            ("delivers_at_counter", True),
            ("delivers_by_post", False),
            ("accepts_post_submission", False),
        ):
            flags[key] = _yes_no(row.get(key), default)
            if flags[key] is None:
                problems.append(
                    _("“%(value)s” is not Có or Không") % {"value": _text(row.get(key))}
                )
        sets_raw = _text(row.get("dossier_sets")) or "1"
        sets = int(sets_raw) if sets_raw.isdigit() and 1 <= int(sets_raw) <= 20 else None
        if sets is None:
            problems.append(_("the number of sets must be between 1 and 20"))
        if is_active is None:
            problems.append(
                _("“%(value)s” is not Có or Không") % {"value": _text(row.get("is_active"))}
            )
        if len(name) > 500 or len(code) > 32:
            problems.append(_("the code or the name is too long"))
        if problems:
            errors.append(
                _("Sheet “%(sheet)s”, row %(row)s: %(problems)s.")
                % {"sheet": SHEET_PROCEDURES, "row": number, "problems": "; ".join(problems)}
            )
            seen.setdefault(code, number)
            continue
        seen[code] = number
        parsed = ParsedProcedure(
            row=number,
            code=code,
            identity={"name": name, "unit": unit, "online_level": level, "is_active": is_active},
            field_name=field_name,
            facts={
                "effective_from": effective_from,
                "decision": _text(row.get("decision"))[:255],
                "deadline_amount": amount,
                "deadline_unit": unit_key,
                "deadline_note": _text(row.get("deadline_note"))[:500],
                "fee_status": fee_status,
                "fee_note": _text(row.get("fee_note"))[:500],
                "fee_timing": timing,
                "result_type": _text(row.get("result_type"))[:500],
                "applicants": _text(row.get("applicants"))[:500],
                "legal_basis": _long_text(row.get("legal_basis")),
                "conditions": _long_text(row.get("conditions")),
                "in_person_note": _long_text(row.get("in_person_note")),
                "dossier_sets": sets,
                **flags,
            },
        )
        result.procedures.append(parsed)
        by_code[code] = parsed

    def child_sheet(title: str, columns: list[tuple[str, str]]) -> list[tuple[int, dict[str, Any]]]:
        if title not in book.sheetnames:
            return []
        return _rows(book[title], columns, errors)

    def owner(number: int, row: dict[str, Any], title: str) -> ParsedProcedure | None:
        code = _text(row.get("code")).replace(" ", "")
        if code not in seen:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, row %(row)s: procedure %(code)s is not on the sheet “%(main)s”."
                )
                % {"sheet": title, "row": number, "code": code, "main": SHEET_PROCEDURES}
            )
        return by_code.get(code)

    for number, row in child_sheet(SHEET_FEES, FEE_COLUMNS):
        target = owner(number, row, SHEET_FEES)
        name = _text(row.get("name"))
        try:
            amount = parse_vnd(_text(row.get("amount")))
        except ValueError:
            amount = -1
        optional = _yes_no(row.get("is_optional"), False)
        if not name or amount < 0 or optional is None:
            errors.append(
                _("Sheet “%(sheet)s”, row %(row)s: a fee needs a name and a whole amount in đồng.")
                % {"sheet": SHEET_FEES, "row": number}
            )
            continue
        if target:
            target.fee_lines.append(
                actions.FeeLineData(
                    name=name[:255],
                    amount=amount,
                    is_optional=optional,
                    note=_text(row.get("note"))[:500],
                )
            )
    for number, row in child_sheet(SHEET_DOCUMENTS, DOCUMENT_COLUMNS):
        target = owner(number, row, SHEET_DOCUMENTS)
        name = _text(row.get("name"))
        copy_type = COPY_READ.get(fold(_text(row.get("copy_type"))))
        quantity_raw = _text(row.get("quantity")) or "1"
        required = _yes_no(row.get("is_required"), True)
        if (
            not name
            or copy_type is None
            or not quantity_raw.isdigit()
            or not 1 <= int(quantity_raw) <= 99
            or required is None
        ):
            errors.append(
                _(
                    "Sheet “%(sheet)s”, row %(row)s: check the name, original/copy, quantity (1–99) and Có/Không."
                )
                % {"sheet": SHEET_DOCUMENTS, "row": number}
            )
            continue
        if target:
            target.documents.append(
                actions.DocumentData(
                    name=name[:500],
                    copy_type=copy_type,
                    quantity=int(quantity_raw),
                    is_required=required,
                    note=_text(row.get("note"))[:500],
                )
            )
    for number, row in child_sheet(SHEET_STEPS, STEP_COLUMNS):
        target = owner(number, row, SHEET_STEPS)
        name = _text(row.get("name"))
        role = ROLE_READ.get(fold(_text(row.get("role"))))
        share_raw = _text(row.get("share_percent")) or "0"
        if not name or role is None or not share_raw.isdigit() or int(share_raw) > 100:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, row %(row)s: check the step name, who does it and its share (0–100)."
                )
                % {"sheet": SHEET_STEPS, "row": number}
            )
            continue
        if target:
            target.steps.append(
                actions.StepData(name=name[:255], role=role, share_percent=int(share_raw))
            )
    for p in result.procedures:
        if p.facts["fee_status"] == FeeStatus.CHARGED and not p.fee_lines:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, row %(row)s: fees are “Theo các khoản” but the sheet “%(fees)s” has no line for %(code)s."
                )
                % {"sheet": SHEET_PROCEDURES, "row": p.row, "fees": SHEET_FEES, "code": p.code}
            )
        if p.facts["fee_status"] != FeeStatus.CHARGED and p.fee_lines:
            errors.append(
                _(
                    "Sheet “%(sheet)s”, row %(row)s: %(code)s has fee lines but its fees are not “Theo các khoản”."
                )
                % {"sheet": SHEET_PROCEDURES, "row": p.row, "code": p.code}
            )
        if sum(s.share_percent for s in p.steps) > 100:
            errors.append(
                _("Sheet “%(sheet)s”: the steps of %(code)s add up to more than 100%%.")
                % {"sheet": SHEET_STEPS, "code": p.code}
            )
    if not result.procedures and not errors:
        errors.append(_("The sheet “%(sheet)s” has no procedure.") % {"sheet": SHEET_PROCEDURES})
    return result


def _field_for(name: str, cache: dict[str, ProcedureField]) -> ProcedureField:
    key = fold(name)
    if key in cache:
        return cache[key]
    slug = slugify(key)[:64] or "linh-vuc"
    field_obj, _created = ProcedureField.objects.get_or_create(
        code=slug, defaults={"name": name, "position": 100}
    )
    cache[key] = field_obj
    return field_obj


def _same_content(version: ProcedureVersion, item: ParsedProcedure) -> bool:
    """Whether a published version already says what the row says."""
    for name, value in item.facts.items():
        if getattr(version, name) != value:
            return False
    fees = [(f.name, f.amount, f.is_optional, f.note) for f in version.fee_lines.all()]
    docs = [
        (d.name, d.copy_type, d.quantity, d.is_required, d.note) for d in version.documents.all()
    ]
    steps = [(s.name, s.role, s.share_percent) for s in version.steps.all()]
    return (
        fees == [(f.name, f.amount, f.is_optional, f.note) for f in item.fee_lines]
        and docs
        == [(d.name, d.copy_type, d.quantity, d.is_required, d.note) for d in item.documents]
        and steps == [(s.name, s.role, s.share_percent) for s in item.steps]
    )


@transaction.atomic
def import_catalogue(
    parsed: ParsedCatalogue, *, acting_user: Any, publish: bool = False
) -> ImportSummary:
    """Write a checked workbook in one transaction (all rows or none)."""
    if parsed.errors:
        raise ValidationError(parsed.errors)
    summary = ImportSummary()
    fields_cache: dict[str, ProcedureField] = {}
    for f in ProcedureField.objects.all():
        fields_cache[fold(f.name)] = f
        fields_cache[fold(f.code)] = f
    for item in parsed.procedures:
        field_obj = _field_for(item.field_name, fields_cache)
        procedure = Procedure.objects.filter(code=item.code).first()
        try:
            if procedure is None:
                procedure = actions.do_create_procedure(
                    acting_user=acting_user, code=item.code, field=field_obj, **item.identity
                )
                summary.created += 1
            else:
                procedure = actions.do_update_procedure(
                    procedure, acting_user=acting_user, field=field_obj, **item.identity
                )
                summary.updated += 1
            effective_from = item.facts["effective_from"]
            version = procedure.versions.filter(effective_from=effective_from).first()
            if version is not None and version.is_published:
                if _same_content(version, item):
                    continue  # an exported row read back unchanged
                raise ValidationError(
                    _("%(code)s already has a published version from %(date)s; use a new date.")
                    % {"code": item.code, "date": effective_from.strftime("%d/%m/%Y")}
                )
            if version is None:
                version = ProcedureVersion.objects.create(
                    procedure=procedure,
                    effective_from=effective_from,
                    created_by=acting_user
                    if getattr(acting_user, "is_authenticated", False)
                    else None,
                )
            content = actions.VersionContent(
                facts=item.facts,
                fee_lines=item.fee_lines,
                documents=item.documents,
                steps=item.steps,
            )
            actions.do_update_version(version, acting_user=acting_user, content=content)
            if publish:
                actions.do_publish_version(version, acting_user=acting_user)
            summary.versions += 1
        except PermissionDenied as exc:
            raise ValidationError(
                _("Row %(row)s: you may not change procedure %(code)s.")
                % {"row": item.row, "code": item.code}
            ) from exc
        except ValidationError as exc:
            raise ValidationError(
                [_("Row %(row)s: %(error)s") % {"row": item.row, "error": m} for m in exc.messages]
            ) from exc
    from motcua.core.audit import record_audit
    from motcua.procedures.constants import AuditEvent

    record_audit(
        None,
        acting_user,
        AuditEvent.CATALOGUE_IMPORTED,
        new={
            "created": summary.created,
            "updated": summary.updated,
            "versions": summary.versions,
            "published": publish,
        },
    )
    return summary
