"""The catalogue over the API (resources ``procedures`` and
``calendar/due-date``, DESIGN.md §4), public and read-only:

- ``GET /api/v1/procedures``: published procedures, filtered by ``q``
  (accents optional), ``field`` (field code), ``level`` (full, partial,
  offline or online) and ``unit`` (unit code), paged by ``offset``/``limit``;
- ``GET /api/v1/procedures/search?q=…``: the same search, short hits;
- ``GET /api/v1/procedures/{code}``: one procedure with the rules in force
  (deadline, fee lines, documents with their form templates, steps);
- ``GET /api/v1/calendar/due-date?start=…&procedure=…`` (or ``amount`` and
  ``unit``): when a period that starts at ``start`` ends, with the days off
  that were skipped.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from motcua.procedures import selectors
from motcua.procedures.constants import DeadlineUnit, OnlineLevel
from motcua.procedures.models import Procedure, ProcedureField, ProcedureVersion

router = Router(tags=["procedures"])

MAX_LIMIT = 100
LEVELS = {*OnlineLevel.values, "online"}


class Error(Schema):
    detail: str


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    field_code: str
    unit: str
    unit_code: str
    online_level: str
    accepts_online: bool
    deadline_amount: Decimal | None
    deadline_unit: str
    fee_status: str
    fee_total_vnd: int | None
    effective_from: date | None
    url: str


class ProcedurePage(Schema):
    count: int
    results: list[ProcedureOut]


class Hit(Schema):
    code: str
    name: str
    field: str
    url: str


class FeeLineOut(Schema):
    name: str
    amount_vnd: int
    depends_on_case: bool
    note: str


class DocumentOut(Schema):
    name: str
    copy_type: str
    quantity: int
    required: bool
    note: str
    template_url: str | None


class StepOut(Schema):
    name: str
    role: str
    share_percent: int


class ProcedureDetailOut(ProcedureOut):
    decision: str
    deadline_note: str
    fee_note: str
    fee_timing: str
    fee_lines: list[FeeLineOut]
    documents: list[DocumentOut]
    steps: list[StepOut]
    legal_basis: str
    result_type: str
    applicants: str
    conditions: str
    delivery: list[str]
    accepts_post_submission: bool
    in_person_note: str
    dossier_sets: int
    submit_url: str | None


class DayOffOut(Schema):
    date: date
    reason: str


class DueDateOut(Schema):
    start: datetime
    due_at: datetime | None
    amount: Decimal | None
    unit: str
    unit_label: str
    procedure: str | None
    days_off: list[DayOffOut]
    note: str


class ProcedureFilters(Schema):
    q: str = ""
    field: str = ""
    level: str = ""
    unit: str = ""
    offset: int = 0
    limit: int = 20


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _fee_total(v: ProcedureVersion | None) -> int | None:
    """The sum of the fixed fee lines; ``None`` when unpublished or when
    every line depends on the case (see ``fee_lines``)."""
    if v is None:
        return None
    lines = list(v.fee_lines.all())
    if v.fee_status == "charged" and not any(not line.is_optional for line in lines):
        return None
    return v.fee_total


def _out(p: Procedure, v: ProcedureVersion | None) -> dict[str, object]:
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field.name,
        "field_code": p.field.code,
        "unit": p.unit.name,
        "unit_code": p.unit.code,
        "online_level": p.online_level,
        "accepts_online": p.accepts_online,
        "deadline_amount": v.deadline_amount if v else None,
        "deadline_unit": v.deadline_unit if v else "",
        "fee_status": v.fee_status if v else "",
        "fee_total_vnd": _fee_total(v),
        "effective_from": v.effective_from if v else None,
        "url": _url(reverse("procedure_detail", args=[p.code])),
    }


def _filters(f: ProcedureFilters) -> selectors.CatalogueFilters:
    if f.offset < 0 or not 1 <= f.limit <= MAX_LIMIT:
        raise HttpError(400, f"offset ≥ 0 và 1 ≤ limit ≤ {MAX_LIMIT}")
    if f.level and f.level not in LEVELS:
        raise HttpError(400, "level phải là full, partial, offline hoặc online")
    field = None
    if f.field:
        field = ProcedureField.objects.filter(code=f.field).first()
        if field is None:
            raise HttpError(400, "Không có lĩnh vực với mã này.")
    unit = None
    if f.unit:
        from motcua.org.models import Unit

        unit = Unit.objects.filter(code=f.unit).first()
        if unit is None:
            raise HttpError(400, "Không có đơn vị với mã này.")
    return selectors.CatalogueFilters(q=f.q[:200], field=field, level=f.level, unit=unit)


@router.get(
    "/procedures",
    response={200: ProcedurePage, 400: Error, 422: Error},
    summary="Published procedures",
)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]) -> dict[str, object]:
    """Published procedures by field and name, with the deadline and fee
    total of the version in force."""
    qs = selectors.catalogue(_filters(filters))
    count = qs.count()
    page = selectors.attach_current_versions(qs[filters.offset : filters.offset + filters.limit])
    return {"count": count, "results": [_out(p, p.current) for p in page]}  # type: ignore[attr-defined]


@router.get(
    "/procedures/search",
    response={200: list[Hit], 400: Error, 422: Error},
    summary="Search procedures (accents optional)",
)
def search_procedures(request: HttpRequest, q: str, limit: int = 10) -> list[dict[str, object]]:
    """The first ``limit`` procedures matching ``q`` ("chung chi hanh nghe
    duoc" finds "Chứng chỉ hành nghề dược")."""
    if not q.strip():
        raise HttpError(400, "Nhập nội dung tìm kiếm (q).")
    if not 1 <= limit <= MAX_LIMIT:
        raise HttpError(400, f"1 ≤ limit ≤ {MAX_LIMIT}")
    qs = selectors.catalogue(selectors.CatalogueFilters(q=q[:200]))[:limit]
    return [
        {
            "code": p.code,
            "name": p.name,
            "field": p.field.name,
            "url": _url(reverse("procedure_detail", args=[p.code])),
        }
        for p in qs
    ]


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: Error, 422: Error},
    summary="One procedure with the rules in force",
)
def get_procedure(request: HttpRequest, code: str) -> dict[str, object]:
    found = selectors.public_procedure(code)
    if found is None:
        raise HttpError(404, "Không tìm thấy thủ tục.")
    p, v = found
    delivery = (["counter"] if v.delivers_at_counter else []) + (
        ["post"] if v.delivers_by_post else []
    )
    submit_url = None
    if p.accepts_online:
        try:
            submit_url = _url(reverse("dossier_submit", args=[p.code]))
        except Exception:
            submit_url = None
    return {
        **_out(p, v),
        "decision": v.decision,
        "deadline_note": v.deadline_note,
        "fee_note": v.fee_note,
        "fee_timing": v.fee_timing,
        "fee_lines": [
            {
                "name": f.name,
                "amount_vnd": f.amount,
                "depends_on_case": f.is_optional,
                "note": f.note,
            }
            for f in v.fee_lines.all()
        ],
        "documents": [
            {
                "name": d.name,
                "copy_type": d.copy_type,
                "quantity": d.quantity,
                "required": d.is_required,
                "note": d.note,
                "template_url": _url(reverse("procedure_document_template", args=[p.code, d.pk]))
                if d.template
                else None,
            }
            for d in v.documents.all()
        ],
        "steps": [
            {"name": s.name, "role": s.role, "share_percent": s.share_percent}
            for s in v.steps.all()
        ],
        "legal_basis": v.legal_basis,
        "result_type": v.result_type,
        "applicants": v.applicants,
        "conditions": v.conditions,
        "delivery": delivery,
        "accepts_post_submission": v.accepts_post_submission,
        "in_person_note": v.in_person_note,
        "dossier_sets": v.dossier_sets,
        "submit_url": submit_url,
    }


class DueDateQuery(Schema):
    start: str = ""
    procedure: str = ""
    amount: str = ""
    unit: str = ""


def _parse_start(raw: str) -> datetime:
    if not raw:
        return timezone.now()
    text = raw.strip()
    if "T" in text and " " in text:
        text = text.replace(" ", "+")  # an unencoded "+07:00" arrives as " 07:00"
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        raise HttpError(
            400, "start phải là thời điểm ISO 8601, ví dụ 2026-02-13T09:30:00+07:00."
        ) from None
    if timezone.is_naive(start):
        start = timezone.make_aware(start, timezone.get_default_timezone())
    return start


@router.get(
    "/calendar/due-date",
    response={200: DueDateOut, 400: Error, 404: Error, 422: Error},
    summary="Due instant of a deadline, with the days off skipped",
)
def due_date(request: HttpRequest, params: Query[DueDateQuery]) -> dict[str, object]:
    """``start`` (ISO 8601; Asia/Ho_Chi_Minh if no offset; now if omitted)
    and either ``procedure`` (its deadline in force on the start date) or
    ``amount`` and ``unit`` (days, working_days, working_hours)."""
    start = _parse_start(params.start)
    procedure_code = params.procedure.strip()
    if procedure_code and (params.amount or params.unit):
        raise HttpError(400, "Chỉ gửi procedure, hoặc amount và unit, không gửi cả hai.")
    if procedure_code:
        procedure = Procedure.objects.active().filter(code=procedure_code).first()
        version = procedure.version_at(timezone.localtime(start).date()) if procedure else None
        if version is None:
            raise HttpError(
                404,
                "Không tìm thấy thủ tục (hoặc thủ tục chưa có quy định có hiệu lực vào ngày này).",
            )
        amount, unit = version.deadline_amount, version.deadline_unit
    else:
        if not params.amount or not params.unit:
            raise HttpError(400, "Gửi procedure, hoặc amount và unit.")
        if params.unit not in DeadlineUnit.values:
            raise HttpError(400, "unit phải là days, working_days hoặc working_hours.")
        try:
            amount = Decimal(params.amount.replace(",", "."))
        except InvalidOperation:
            raise HttpError(400, "amount phải là một số không âm.") from None
        if not amount.is_finite() or amount < 0:
            raise HttpError(400, "amount phải là một số không âm.")
        unit = params.unit
    try:
        result = selectors.due_at(amount, unit, start)
    except ValueError:
        raise HttpError(400, "Thời hạn quá dài (quá ba năm) hoặc không hợp lệ.") from None
    return {
        "start": result.start,
        "due_at": result.due_at,
        "amount": result.amount,
        "unit": result.unit,
        "unit_label": str(DeadlineUnit(result.unit).label) if result.unit else "",
        "procedure": procedure_code or None,
        "days_off": [{"date": d.day, "reason": d.reason} for d in result.days_off],
        "note": "" if result.is_known else "Thời hạn giải quyết chưa công bố.",
    }
