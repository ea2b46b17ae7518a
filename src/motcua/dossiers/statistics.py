"""Staff statistics of dossiers: received, resolved, early / on time / late
(trước hạn / đúng hạn / trễ hạn) per unit, procedure and period, and the
average processing time, aggregated in SQL (one query per table).

The cohort of a period is the dossiers *received* from ``start`` to ``end``
(local dates, both included); each is classed once, as of ``as_of``
(``min(end of period, now)``):

- **trước hạn**: resolved on a day before the due date's day;
- **đúng hạn**: resolved on the due day (or with no published deadline);
- **trễ hạn**: resolved after the due day, *or still open and past its due
  instant* (a dossier waiting for a supplement is judged at the moment the
  clock stopped, as ``Dossier.is_overdue`` does);
- **đang giải quyết trong hạn**: open and not yet due;
- withdrawn and stopped dossiers count as received, not in the on-time rate.

The on-time rate (QĐ 766/QĐ-TTg nhóm 2, chỉ số 2.1) is (trước hạn + đúng hạn
+ đang giải quyết trong hạn) ÷ (those + trễ hạn). The average processing
time is the mean of ``resolved_at − received_at`` over the resolved
dossiers, in days of 24 hours (the clock's pauses included), computed by the
database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from motcua.core.indicators import Scope
from motcua.dossiers.constants import OPEN_STATES, Channel, DossierStatus
from motcua.dossiers.models import Dossier

GROUPS = ("unit", "procedure", "month")
ONLINE_CHANNELS = (Channel.ONLINE, Channel.DVCQG)
_TENTH = Decimal("0.1")


@dataclass
class Figures:
    """The counts of one row (a unit, a procedure, a month or the total)."""

    key: Any = None
    label: str = ""
    received: int = 0
    online: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    open_late: int = 0
    in_progress: int = 0  # open, not yet due
    closed: int = 0  # withdrawn or stopped
    average_days: Decimal | None = None

    @property
    def judged(self) -> int:
        return self.early + self.on_time + self.late + self.in_progress

    @property
    def on_time_rate(self) -> Decimal | None:
        """QĐ 766 2.1, in percent; ``None`` without a judged dossier."""
        if not self.judged:
            return None
        value = Decimal(self.early + self.on_time + self.in_progress) * 100 / self.judged
        return value.quantize(_TENTH, ROUND_HALF_UP)

    @property
    def online_share(self) -> Decimal | None:
        if not self.received:
            return None
        return (Decimal(self.online) * 100 / self.received).quantize(_TENTH, ROUND_HALF_UP)


@dataclass
class Statistics:
    start: date
    end: date
    scope: Scope
    total: Figures
    by_unit: list[Figures] = field(default_factory=list)
    by_procedure: list[Figures] = field(default_factory=list)
    by_month: list[Figures] = field(default_factory=list)


def _tz() -> Any:
    return timezone.get_default_timezone()


@lru_cache(maxsize=8)
def fixed_offset(zone: str) -> timedelta | None:
    """The UTC offset of ``zone`` if it has been the same since 1976 and
    stays so to 2100 (no daylight saving time: Asia/Ho_Chi_Minh is +07:00
    since 1975), else ``None``. Checked twice a month, on the 1st and 15th."""
    tz = ZoneInfo(zone)
    offsets = {
        datetime(year, month, day, 12, tzinfo=tz).utcoffset()
        for year in range(1976, 2101)
        for month in range(1, 13)
        for day in (1, 15)
    }
    return offsets.pop() if len(offsets) == 1 else None


class _LocalDate(Func):
    """The local date (``settings.TIME_ZONE``) of a timestamp stored in UTC,
    computed by the database: ``date(col, '+7 hours')`` on SQLite (no
    Python function per row, unlike ``TruncDate(tzinfo=…)`` there),
    ``(col AT TIME ZONE 'zone')::date`` on PostgreSQL. Without a fixed
    offset (a zone with DST), or on other databases, ``TruncDate``."""

    arity = 1
    output_field = DateField()
    sqlite_modifiers: tuple[str, ...] = ()
    postgresql_template = "(%(expressions)s AT TIME ZONE %%s)::date"

    def _fallback(self) -> Any:
        return TruncDate(self.source_expressions[0], tzinfo=_tz())

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return compiler.compile(self._fallback())

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        offset = fixed_offset(settings.TIME_ZONE) if settings.USE_TZ else timedelta(0)
        if offset is None:
            return self.as_sql(compiler, connection, **extra)
        seconds = int(offset.total_seconds())
        modifiers = [f"'{seconds:+d} seconds'", *(f"'{m}'" for m in self.sqlite_modifiers)]
        sql, params = compiler.compile(self.source_expressions[0])
        # The seconds' fraction dropped: SQLite rounds it to milliseconds,
        # which would make 23:59:59.9999 local the next day.
        return f"date(substr({sql}, 1, 19), {', '.join(modifiers)})", params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        if not settings.USE_TZ:
            return self.as_sql(compiler, connection, **extra)
        sql, params = compiler.compile(self.source_expressions[0])
        return self.postgresql_template % {"expressions": sql}, (*params, settings.TIME_ZONE)


class LocalDate(_LocalDate):
    pass


class LocalMonth(_LocalDate):
    """The first day of the local month of a UTC timestamp."""

    sqlite_modifiers = ("start of month",)
    postgresql_template = "date_trunc('month', %(expressions)s AT TIME ZONE %%s)::date"

    def _fallback(self) -> Any:
        return TruncMonth(self.source_expressions[0], tzinfo=_tz())


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = _tz()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def received_in(start: date, end: date, scope: Scope | None = None) -> QuerySet[Dossier]:
    """Dossiers received from ``start`` to ``end`` (local dates, included),
    in the scope's subtree."""
    low, high = _bounds(start, end)
    qs = Dossier.objects.filter(received_at__gte=low, received_at__lt=high)
    return (scope or Scope()).filter(qs, "unit")


def _aggregates(as_of: datetime) -> dict[str, Any]:
    resolved = Q(resolved_at__isnull=False)
    is_open = Q(status__in=OPEN_STATES)
    # Open and past due: a paused clock is judged where it stopped.
    open_late = is_open & (
        Q(paused_at__isnull=True, due_at__lt=as_of)
        | Q(paused_at__isnull=False, paused_at__gt=F("due_at"))
    )
    # ``_rd`` / ``_dd``: the local dates of resolution and due instant (``_annotated``).
    return {
        "received": Count("pk"),
        "online": Count("pk", filter=Q(channel__in=ONLINE_CHANNELS)),
        "resolved": Count("pk", filter=resolved),
        "early": Count("pk", filter=resolved & Q(_rd__lt=F("_dd"))),
        "on_time": Count("pk", filter=resolved & (Q(_rd=F("_dd")) | Q(due_at__isnull=True))),
        "late_resolved": Count("pk", filter=resolved & Q(_rd__gt=F("_dd"))),
        "open_late": Count("pk", filter=open_late),
        "open_all": Count("pk", filter=is_open),
        "closed": Count(
            "pk",
            filter=Q(status__in=[DossierStatus.WITHDRAWN, DossierStatus.STOPPED], resolved_at=None),
        ),
        "avg": Avg(_duration(), filter=resolved),
        # For the total's mean from grouped rows (``statistics``).
        "duration": Sum(_duration(), filter=resolved),
    }


class _Elapsed(Func):
    """``end - start`` as a duration. On SQLite in plain SQL, in whole
    microseconds like Django's ``django_timestamp_diff`` but without a
    Python call per row: Django stores a timestamp there as
    ``YYYY-MM-DD HH:MM:SS[.ffffff]`` (UTC); whole seconds and microseconds
    are read apart, as SQLite's own date functions round to milliseconds."""

    arity = 2
    output_field = DurationField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end, start = self.source_expressions
        return compiler.compile(ExpressionWrapper(end - start, output_field=DurationField()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        end_sql, end_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])

        def micro(sql: str) -> str:
            return (
                f"(CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({sql} || '.000000', 21, 6) AS INTEGER))"
            )

        sql = f"({micro(end_sql)} - {micro(start_sql)})"
        return sql, (*end_params, *end_params, *start_params, *start_params)


def _duration() -> _Elapsed:
    return _Elapsed(F("resolved_at"), F("received_at"))


def _figures(row: dict[str, Any], key: Any = None, label: str = "") -> Figures:
    avg = row.get("avg")
    days = None
    if avg is not None:
        # A timedelta, or microseconds on some backends.
        seconds = avg.total_seconds() if isinstance(avg, timedelta) else float(avg) / 1_000_000
        days = (Decimal(str(seconds)) / Decimal(86400)).quantize(_TENTH, ROUND_HALF_UP)
    return Figures(
        key=key,
        label=label,
        received=row["received"],
        online=row["online"],
        resolved=row["resolved"],
        early=row["early"],
        on_time=row["on_time"],
        late=row["late_resolved"] + row["open_late"],
        open_late=row["open_late"],
        in_progress=row["open_all"] - row["open_late"],
        closed=row["closed"],
        average_days=days,
    )


# On SQLite, a period over at least this share of the dossiers' history is
# read by scanning the table rather than through the received_at index.
WIDE_PERIOD_SHARE = 0.2


def _wide(start: date, end: date) -> bool:
    """Whether, on SQLite, the period covers enough of the history that a
    table scan beats one index lookup per row (twice as fast for a year of a
    million dossiers); one indexed ``MIN(received_at)`` query decides."""
    if connection.vendor != "sqlite":
        return False
    first = Dossier.objects.aggregate(first=Min("received_at"))["first"]
    if first is None:
        return False
    low, high = _bounds(start, end)
    history = max(timezone.now(), high) - min(first, low)
    return (high - max(low, first)) >= WIDE_PERIOD_SHARE * history


class _Unindexed(Func):
    """``+col`` on SQLite: the same value, but no index answers the term
    (the column itself elsewhere)."""

    arity = 1

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(+{sql})", params


def _annotated(
    start: date, end: date, scope: Scope | None, *, wide: bool = False
) -> QuerySet[Dossier]:
    """The cohort with the local dates of resolution and due instant;
    ``wide`` (see ``_wide``): filtered on ``+received_at``, read by a scan."""
    if wide:
        low, high = _bounds(start, end)
        received = _Unindexed(F("received_at"), output_field=DateTimeField())
        qs = Dossier.objects.alias(_ra=received).filter(_ra__gte=low, _ra__lt=high)
        qs = (scope or Scope()).filter(qs, "unit")
    else:
        qs = received_in(start, end, scope)
    return qs.annotate(_rd=LocalDate("resolved_at"), _dd=LocalDate("due_at"))


def _as_of(end: date, now: datetime | None) -> datetime:
    now = now or timezone.now()
    return min(now, _bounds(end, end)[1])


def figures(
    start: date, end: date, scope: Scope | None = None, *, now: datetime | None = None
) -> Figures:
    """The totals for dossiers received in the period (one query)."""
    row = _annotated(start, end, scope).aggregate(**_aggregates(_as_of(end, now)))
    return _figures(row, label="Tổng cộng")


def figures_by(
    group: str,
    start: date,
    end: date,
    scope: Scope | None = None,
    *,
    now: datetime | None = None,
) -> list[Figures]:
    """The figures per ``group`` ("unit", "procedure" or "month"), one query."""
    return _figures_by(group, start, end, scope, now=now)[0]


_SUMMED = (
    "received",
    "online",
    "resolved",
    "early",
    "on_time",
    "late_resolved",
    "open_late",
    "open_all",
    "closed",
)


def _total_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The total row from rows grouping the whole cohort (each dossier in
    exactly one): the counts added, the mean time from the summed
    durations, as the database's ``AVG`` computes it."""
    total: dict[str, Any] = {name: sum(row[name] for row in rows) for name in _SUMMED}
    durations = [row["duration"] for row in rows if row["duration"] is not None]
    avg: Any = None
    if total["resolved"] and durations:
        if all(isinstance(d, timedelta) for d in durations):
            avg = sum(durations, timedelta()) / total["resolved"]
        else:  # microseconds
            avg = sum(float(d) for d in durations) / total["resolved"]
    total["avg"] = avg
    return total


def _figures_by(
    group: str,
    start: date,
    end: date,
    scope: Scope | None = None,
    *,
    now: datetime | None = None,
    wide: bool = False,
) -> tuple[list[Figures], dict[str, Any]]:
    """The figures per ``group`` and the total row of the cohort."""
    if group not in GROUPS:
        raise ValueError(f"unknown group: {group!r}")
    qs = _annotated(start, end, scope, wide=wide)
    if group == "unit":
        keys: tuple[str, ...] = ("unit_id", "unit__name", "unit__path")
        order: tuple[str, ...] = ("unit__path",)
    elif group == "procedure":
        keys = ("procedure_id", "procedure__code", "procedure__name")
        order = ("procedure__code",)
    else:
        qs = qs.annotate(_month=LocalMonth("received_at"))
        keys = ("_month",)
        order = ("_month",)
    rows = list(
        qs.order_by().values(*keys).annotate(**_aggregates(_as_of(end, now))).order_by(*order)
    )
    out = []
    for row in rows:
        if group == "unit":
            out.append(_figures(row, row["unit_id"], row["unit__name"]))
        elif group == "procedure":
            label = f"{row['procedure__code']} · {row['procedure__name']}"
            out.append(_figures(row, row["procedure_id"], label))
        else:
            month = row["_month"]
            if isinstance(month, datetime):
                month = (
                    timezone.localtime(month, _tz()).date()
                    if timezone.is_aware(month)
                    else month.date()
                )
            out.append(_figures(row, month, f"Tháng {month:%m/%Y}"))
    return out, _total_of(rows)


def statistics(
    start: date, end: date, scope: Scope | None = None, *, now: datetime | None = None
) -> Statistics:
    """Totals, per unit, per procedure and per month (three queries: the
    totals are added up from the rows per unit; on SQLite, a fourth, tiny
    one first, see ``_wide``)."""
    scope = scope or Scope()
    wide = _wide(start, end)
    by_unit, total = _figures_by("unit", start, end, scope, now=now, wide=wide)
    return Statistics(
        start=start,
        end=end,
        scope=scope,
        total=_figures(total, label="Tổng cộng"),
        by_unit=by_unit,
        by_procedure=_figures_by("procedure", start, end, scope, now=now, wide=wide)[0],
        by_month=_figures_by("month", start, end, scope, now=now, wide=wide)[0],
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    """From the first day of the current quarter to today."""
    today = today or timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    return date(today.year, first_month, 1), today


# ================================================================ XLSX
STAT_HEADERS = [
    "Nội dung",
    "Tiếp nhận",
    "Trực tuyến",
    "Đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Trễ hạn",
    "trong đó: đang giải quyết, quá hạn",
    "Đang giải quyết, trong hạn",
    "Rút, dừng giải quyết",
    "Tỷ lệ trước hạn, đúng hạn (%)",
    "Thời gian giải quyết trung bình (ngày)",
]


def _stat_row(f: Figures) -> list[Any]:
    return [
        _safe(f.label),
        f.received,
        f.online,
        f.resolved,
        f.early,
        f.on_time,
        f.late,
        f.open_late,
        f.in_progress,
        f.closed,
        float(f.on_time_rate) if f.on_time_rate is not None else None,
        float(f.average_days) if f.average_days is not None else None,
    ]


def _safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def export_statistics(stats: Statistics) -> bytes:
    """The statistics as XLSX: one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    first = True
    scope_label = stats.scope.label or settings.MOTCUA_SITE.get("department", "")
    for title, rows in (
        ("Theo đơn vị", stats.by_unit),
        ("Theo thủ tục", stats.by_procedure),
        ("Theo tháng", stats.by_month),
    ):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        sheet.append(
            [
                f"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH — {scope_label}, "
                f"từ ngày {stats.start:%d/%m/%Y} đến ngày {stats.end:%d/%m/%Y}"
            ]
        )
        sheet["A1"].font = Font(bold=True)
        sheet.append(STAT_HEADERS)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for figures_row in rows:
            sheet.append(_stat_row(figures_row))
        sheet.append(_stat_row(stats.total))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 60
        for letter in "BCDEFGHIJKL":
            sheet.column_dimensions[letter].width = 14
        sheet.freeze_panes = "B3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
