"""Activities to and from XLSX (openpyxl). Export writes the columns import
reads, so a plan's activities can be edited in Excel and read back. Import
checks every row first: a file with any bad row is refused whole, with the
row numbers and what is wrong, in Vietnamese; nothing is half-imported."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.money import parse_vnd
from motcua.core.text import clean_text, fold
from motcua.org.models import Unit
from motcua.plans.actions import ActivityData
from motcua.plans.constants import IMPORT_MAX_ROWS, OUTPUTS, Audience, Schedule
from motcua.plans.models import CommunicationForm, Plan, Topic

SHEET = "Hoạt động"
# (key, header) — headers are the spreadsheet's content, in Vietnamese.
COLUMNS: list[tuple[str, str]] = [
    ("code", "Mã"),
    ("title", "Tên hoạt động"),
    ("description", "Mô tả"),
    ("topics", "Nội dung tuyên truyền"),
    ("forms", "Hình thức"),
    ("audience", "Đối tượng"),
    ("lead_unit", "Đơn vị chủ trì (mã)"),
    ("coordinating_units", "Đơn vị phối hợp (mã)"),
    ("all_units", "Tất cả đơn vị thực hiện"),
    ("schedule", "Thời gian"),
    ("budget_vnd", "Kinh phí (đồng)"),
    *[(f"expected_{name}", f"Dự kiến: {doc}") for name, _label, doc in OUTPUTS],
]
AUDIENCE_TEXT = {
    Audience.STAFF: "Cán bộ, công chức, viên chức",
    Audience.PUBLIC: "Người dân, tổ chức, doanh nghiệp",
    Audience.ALL: "Tất cả",
}
SCHEDULE_TEXT = {Schedule.CONTINUOUS: "Thường xuyên", Schedule.QUARTERLY: "Hằng quý"}
YES = {"co", "x", "1", "yes", "true", "dung"}
NO = {"", "khong", "0", "no", "false", "sai"}
_RANGE = re.compile(
    r"^\s*(\d{1,2}/\d{1,2}/\d{4})\s*(?:-|–|đến|den)\s*(\d{1,2}/\d{1,2}/\d{4})\s*$", re.I
)


# ------------------------------------------------------------------ export
def _schedule_cell(activity: Any) -> str:
    if activity.schedule == Schedule.RANGE and activity.starts_on and activity.ends_on:
        return f"{activity.starts_on:%d/%m/%Y} - {activity.ends_on:%d/%m/%Y}"
    return SCHEDULE_TEXT.get(activity.schedule, "Thường xuyên")


def export_activities(plan: Plan) -> bytes:
    """The plan's activities as an .xlsx workbook, with a second sheet
    listing the codes and names import accepts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([header for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    activities = plan.activities.select_related("lead_unit").prefetch_related(
        "topics", "forms", "coordinating_units"
    )
    for a in activities:
        sheet.append(
            [
                a.code,
                a.title,
                a.description,
                "; ".join(t.name for t in a.topics.all()),
                "; ".join(f.name for f in a.forms.all()),
                AUDIENCE_TEXT.get(a.audience, "Tất cả"),
                a.lead_unit.code,
                "; ".join(u.code for u in a.coordinating_units.all()),
                "Có" if a.all_units else "Không",
                _schedule_cell(a),
                a.budget_vnd,
                *[getattr(a, f"expected_{name}") for name, _l, _d in OUTPUTS],
            ]
        )
    widths = [8, 48, 40, 36, 36, 22, 18, 22, 12, 22, 16] + [14] * len(OUTPUTS)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"

    ref = book.create_sheet("Danh mục")
    ref.append(["Loại", "Mã", "Tên"])
    for cell in ref[1]:
        cell.font = Font(bold=True)
    for t in Topic.objects.filter(is_active=True):
        ref.append(["Nội dung tuyên truyền", t.code, t.name])
    for f in CommunicationForm.objects.filter(is_active=True):
        ref.append(["Hình thức", f.code, f.name])
    for u in Unit.objects.active().subtree_of(plan.department):
        ref.append(["Đơn vị", u.code, u.name])
    for text in AUDIENCE_TEXT.values():
        ref.append(["Đối tượng", "", text])
    ref.append(["Thời gian", "", "Thường xuyên | Hằng quý | dd/mm/yyyy - dd/mm/yyyy"])
    ref.column_dimensions["A"].width = 24
    ref.column_dimensions["B"].width = 22
    ref.column_dimensions["C"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ------------------------------------------------------------------ import
@dataclass
class ImportResult:
    rows: list[ActivityData] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value))


def _lookup(items: list[Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for item in items:
        table[fold(item.code)] = item
        table[fold(item.name)] = item
    return table


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


def _whole_number(value: Any) -> int:
    """A non-negative whole number from a cell ("1.500.000", 1500000)."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        number = parse_vnd(str(value))
    if number < 0:
        raise ValueError
    return number


def _date(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def parse_activities(content: bytes, plan: Plan) -> ImportResult:
    """Read and check every row; ``errors`` says what is wrong where
    ("Dòng 5, cột “Đơn vị chủ trì (mã)”: …")."""
    from openpyxl import load_workbook

    result = ImportResult()
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        result.errors.append(_("The file cannot be read as an Excel workbook (.xlsx)."))
        return result
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        result.errors.append(_("The workbook is empty."))
        return result
    names = {fold(_cell_text(h)): i for i, h in enumerate(header) if h is not None}
    index: dict[str, int] = {}
    for key, title in COLUMNS:
        if fold(title) in names:
            index[key] = names[fold(title)]
    for required in ("title", "lead_unit"):
        if required not in index:
            title = dict(COLUMNS)[required]
            result.errors.append(
                _("Column “%(column)s” is missing from the first row.") % {"column": title}
            )
    if result.errors:
        return result

    topics = _lookup(list(Topic.objects.all()))
    forms = _lookup(list(CommunicationForm.objects.all()))
    units = _lookup(list(Unit.objects.active().subtree_of(plan.department)))
    audiences = {fold(text): key for key, text in AUDIENCE_TEXT.items()}
    audiences.update({fold(str(label)): key for key, label in Audience.choices})
    seen_codes: dict[str, int] = {}
    taken = set(plan.activities.values_list("code", flat=True))
    auto = 0
    count = 0
    for number, values in enumerate(rows, start=2):
        cells = {key: values[i] if i < len(values) else None for key, i in index.items()}
        if all(_cell_text(v) == "" for v in cells.values()):
            continue
        count += 1
        if count > IMPORT_MAX_ROWS:
            result.errors.append(
                _("The file has more than %(max)s activities; split it.") % {"max": IMPORT_MAX_ROWS}
            )
            break
        problems: list[str] = []

        def bad(
            key: str, message: str, number: int = number, problems: list[str] = problems
        ) -> None:
            problems.append(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": number, "column": dict(COLUMNS)[key], "message": message}
            )

        title = _cell_text(cells.get("title"))
        if not title:
            bad("title", _("enter the name of the activity."))
        elif len(title) > 300:
            bad("title", _("at most 300 characters."))
        code = _cell_text(cells.get("code"))
        if not code:
            auto += 1
            while f"HĐ{auto:02d}" in taken or f"HĐ{auto:02d}" in seen_codes:
                auto += 1
            code = f"HĐ{auto:02d}"
        if len(code) > 20:
            bad("code", _("at most 20 characters."))
        if code in seen_codes:
            bad(
                "code",
                _("the code %(code)s is already used on row %(other)s.")
                % {"code": code, "other": seen_codes[code]},
            )
        seen_codes[code] = number
        lead = units.get(fold(_cell_text(cells.get("lead_unit"))))
        if lead is None:
            bad(
                "lead_unit",
                _("no unit of %(department)s has the code “%(code)s”.")
                % {"department": plan.department.name, "code": _cell_text(cells.get("lead_unit"))},
            )
        coordinating = []
        for part in _split(_cell_text(cells.get("coordinating_units"))):
            unit = units.get(fold(part))
            if unit is None:
                bad(
                    "coordinating_units",
                    _("no unit of %(department)s has the code “%(code)s”.")
                    % {"department": plan.department.name, "code": part},
                )
            else:
                coordinating.append(unit)
        chosen_topics = []
        for part in _split(_cell_text(cells.get("topics"))):
            topic = topics.get(fold(part))
            if topic is None:
                bad("topics", _("“%(value)s” is not in the list of topics.") % {"value": part})
            else:
                chosen_topics.append(topic)
        chosen_forms = []
        for part in _split(_cell_text(cells.get("forms"))):
            form = forms.get(fold(part))
            if form is None:
                bad("forms", _("“%(value)s” is not in the list of forms.") % {"value": part})
            else:
                chosen_forms.append(form)
        audience_text = _cell_text(cells.get("audience"))
        audience = audiences.get(fold(audience_text), Audience.ALL if not audience_text else None)
        if audience is None:
            bad("audience", _("“%(value)s” is not an audience.") % {"value": audience_text})
        all_units_text = fold(_cell_text(cells.get("all_units")))
        if all_units_text not in YES | NO:
            bad("all_units", _("write “Có” or “Không”."))
        schedule_text = _cell_text(cells.get("schedule"))
        schedule, starts_on, ends_on = Schedule.CONTINUOUS, None, None
        if fold(schedule_text) in ("", "thuong xuyen"):
            schedule = Schedule.CONTINUOUS
        elif fold(schedule_text) in ("hang quy", "quy"):
            schedule = Schedule.QUARTERLY
        elif match := _RANGE.match(schedule_text):
            try:
                starts_on, ends_on = _date(match.group(1)), _date(match.group(2))
                schedule = Schedule.RANGE
                if starts_on > ends_on:
                    bad("schedule", _("the end date is before the start date."))
            except ValueError:
                bad("schedule", _("the dates must be real dates written dd/mm/yyyy."))
        else:
            bad(
                "schedule",
                _("write “Thường xuyên”, “Hằng quý” or “dd/mm/yyyy - dd/mm/yyyy”."),
            )
        numbers: dict[str, int] = {}
        for key in ["budget_vnd", *[f"expected_{n}" for n, _l, _d in OUTPUTS]]:
            if key not in index:
                continue
            try:
                numbers[key] = _whole_number(cells.get(key))
            except ValueError:
                bad(key, _("must be a whole number, zero or more."))
        if problems:
            result.errors.extend(problems)
            continue
        result.rows.append(
            ActivityData(
                code=code,
                title=title,
                description=_cell_text(cells.get("description")),
                lead_unit=lead,
                coordinating_units=coordinating,
                topics=chosen_topics,
                forms=chosen_forms,
                audience=audience or Audience.ALL,
                all_units=all_units_text in YES,
                schedule=schedule,
                starts_on=starts_on,
                ends_on=ends_on,
                budget_vnd=numbers.get("budget_vnd", 0),
                expected={
                    k.removeprefix("expected_"): v for k, v in numbers.items() if k != "budget_vnd"
                },
                order=count,
            )
        )
    if count == 0 and not result.errors:
        result.errors.append(_("The workbook has no activities under its header row."))
    return result
