"""Reads and aggregations of plans and reports. Aggregates are computed in
SQL; list pages cost a fixed number of queries whatever the number of
units and reports (tests count them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.core.indicators import (
    Measurement,
    format_value,
    indicator_info,
    measure,
    meets,
)
from motcua.org.models import Unit
from motcua.plans.constants import (
    AUTO_INDICATORS,
    OUTPUT_FIELDS,
    OUTPUTS,
    REPORT_INDICATOR_GROUPS,
    ReportStatus,
    Timeliness,
)
from motcua.plans.models import (
    Activity,
    ActivityResult,
    Plan,
    ReminderLog,
    ReportingPeriod,
    Target,
    UnitReport,
    access_for,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

# Document wording of a unit's standing (reports are Vietnamese documents).
TIMELINESS_DOC: dict[str, str] = {
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Muộn",
    Timeliness.IN_PROGRESS: "Chưa gửi",
    Timeliness.OVERDUE: "Chưa gửi (quá hạn)",
    Timeliness.NOT_STARTED: "Chưa gửi",
}


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _dmy(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


# ------------------------------------------------------------ completeness
@dataclass
class UnitStanding:
    """One expected unit in a period: its current report, when it first
    submitted, its reminders, and where it stands."""

    unit: Unit
    report_id: int | None
    report_status: str | None
    first_submitted_at: datetime | None
    reminders: int
    last_reminded_at: datetime | None
    timeliness: str

    @property
    def submitted(self) -> bool:
        return self.timeliness in (Timeliness.ON_TIME, Timeliness.LATE)

    @property
    def submitted_on(self) -> date | None:
        return _local_day(self.first_submitted_at)


def classify(
    period: ReportingPeriod,
    first_submitted_at: datetime | None,
    deadline_then: date | None,
    has_report: bool,
    today: date,
) -> str:
    """A unit's standing in ``period`` (Timeliness)."""
    if first_submitted_at is not None:
        day = timezone.localdate(first_submitted_at)
        in_time = day <= period.unit_deadline or (
            deadline_then is not None and day <= deadline_then
        )
        return Timeliness.ON_TIME if in_time else Timeliness.LATE
    if today > period.unit_deadline:
        return Timeliness.OVERDUE
    return Timeliness.IN_PROGRESS if has_report else Timeliness.NOT_STARTED


def completeness(period: ReportingPeriod, *, today: date | None = None) -> list[UnitStanding]:
    """Every unit expected to report on the period's plan, with its standing
    (one query, like DHIS2's reporting-rate summary)."""
    today = today or timezone.localdate()
    current = UnitReport.objects.filter(period=period, unit=OuterRef("pk"), is_current=True)
    first = UnitReport.objects.filter(
        period=period, unit=OuterRef("pk"), submitted_at__isnull=False
    ).order_by("submitted_at")
    reminders = (
        ReminderLog.objects.filter(period=period, unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last_reminder = ReminderLog.objects.filter(period=period, unit=OuterRef("pk")).order_by(
        "-created_at"
    )
    units = (
        Unit.objects.filter(pk__in=period.plan.reporting_units.values("pk"))
        .annotate(
            report_id=Subquery(current.values("pk")[:1]),
            report_status=Subquery(current.values("status")[:1]),
            first_submitted_at=Subquery(first.values("submitted_at")[:1]),
            deadline_then=Subquery(first.values("deadline_when_submitted")[:1]),
            reminder_count=Coalesce(Subquery(reminders, output_field=IntegerField()), Value(0)),
            last_reminded_at=Subquery(last_reminder.values("created_at")[:1]),
        )
        .order_by("path")
    )
    rows = []
    for unit in units:
        rows.append(
            UnitStanding(
                unit=unit,
                report_id=unit.report_id,
                report_status=unit.report_status,
                first_submitted_at=unit.first_submitted_at,
                reminders=unit.reminder_count,
                last_reminded_at=unit.last_reminded_at,
                timeliness=classify(
                    period,
                    unit.first_submitted_at,
                    unit.deadline_then,
                    unit.report_id is not None,
                    today,
                ),
            )
        )
    return rows


@dataclass
class CompletenessSummary:
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> Decimal | None:
        """Reporting rate: submitted ÷ expected × 100."""
        return (Decimal(self.submitted) * 100 / self.expected) if self.expected else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return (Decimal(self.on_time) * 100 / self.expected) if self.expected else None

    @property
    def rate_display(self) -> str:
        return format_value(self.rate, "percent")

    @property
    def on_time_rate_display(self) -> str:
        return format_value(self.on_time_rate, "percent")


def summarise(rows: list[UnitStanding]) -> CompletenessSummary:
    return CompletenessSummary(
        expected=len(rows),
        on_time=sum(1 for r in rows if r.timeliness == Timeliness.ON_TIME),
        late=sum(1 for r in rows if r.timeliness == Timeliness.LATE),
        missing=sum(1 for r in rows if not r.submitted),
    )


def _on_time_q(prefix: str = "") -> Q:
    """A submission on or before its period's deadline, or the deadline in
    force when it was submitted."""
    return Q(**{f"{prefix}submitted_at__date__lte": F(f"{prefix}period__unit_deadline")}) | Q(
        **{f"{prefix}submitted_at__date__lte": F(f"{prefix}deadline_when_submitted")}
    )


def period_rates(plan: Plan) -> dict[int, CompletenessSummary]:
    """Per period of ``plan``: expected, on time, late, missing (two queries)."""
    expected_ids = list(plan.reporting_units.values_list("pk", flat=True))
    stats = (
        UnitReport.objects.filter(
            period__plan=plan, unit_id__in=expected_ids, submitted_at__isnull=False
        )
        .order_by()
        .values("period_id")
        .annotate(
            submitted=Count("unit", distinct=True),
            punctual=Count("unit", distinct=True, filter=_on_time_q()),
        )
    )
    by_period: dict[int, dict[str, int]] = {
        row["period_id"]: {"submitted": row["submitted"], "punctual": row["punctual"]}
        for row in stats
    }
    out = {}
    for period_id in plan.periods.values_list("pk", flat=True):
        row = by_period.get(period_id, {"submitted": 0, "punctual": 0})
        out[period_id] = CompletenessSummary(
            expected=len(expected_ids),
            on_time=row["punctual"],
            late=row["submitted"] - row["punctual"],
            missing=len(expected_ids) - row["submitted"],
        )
    return out


# -------------------------------------------------------------- targets
@dataclass
class TargetProgress:
    """A target with the value measured now (or frozen) beside it."""

    target: Target
    measurement: Measurement

    @property
    def reached(self) -> bool | None:
        return meets(self.measurement.value, self.target.target_value, self.target.direction)

    @property
    def target_display(self) -> str:
        sign = "≤" if self.target.direction == "lower" else "≥"
        return f"{sign} {format_value(self.target.target_value, self.measurement.unit)}"

    @property
    def percent_of_target(self) -> int | None:
        """How far along, 0-100, for a progress bar."""
        value, goal = self.measurement.value, self.target.target_value
        if value is None:
            return None
        if self.target.direction == "lower":
            if value <= goal:
                return 100
            return max(0, min(100, int(goal * 100 / value))) if value else 100
        if not goal:
            return 100
        return max(0, min(100, int(value * 100 / goal)))

    @property
    def status_doc(self) -> str:
        return {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}[self.reached]


def target_progress(
    plan: Plan, *, end: date | None = None, today: date | None = None
) -> list[TargetProgress]:
    """Each target measured from 1 January of the plan's year to ``end``
    (default: today, or 31 December for a past year), for the plan's
    department."""
    end = end or plan.measurement_end(today)
    targets = list(plan.targets.all())
    cache: dict[str, Measurement] = {}
    out = []
    for target in targets:
        if target.indicator_key not in cache:
            cache[target.indicator_key] = measure(
                target.indicator_key, plan.starts_on, end, plan.department
            )
        out.append(TargetProgress(target=target, measurement=cache[target.indicator_key]))
    return out


# -------------------------------------------------------------- outputs
def submitted_results(period: ReportingPeriod):
    """Activity results of the period's submitted (current) unit reports."""
    return ActivityResult.objects.filter(
        report__period=period, report__is_current=True, report__status=ReportStatus.SUBMITTED
    )


def _sums() -> dict[str, Any]:
    sums: dict[str, Any] = {name: Coalesce(Sum(name), 0) for name in OUTPUT_FIELDS}
    sums["spending"] = Coalesce(Sum("spending_vnd"), 0)
    sums["activities"] = Count("activity", distinct=True)
    return sums


def totals(period: ReportingPeriod) -> dict[str, int]:
    """Outputs, spending and activities of the period in all (one query)."""
    return dict(submitted_results(period).aggregate(**_sums()))


def totals_by(period: ReportingPeriod, dimension: str) -> list[dict[str, Any]]:
    """Outputs grouped by ``"form"``, ``"topic"`` or ``"unit"`` (one query).
    An activity in two forms counts under both, so groups may add up to
    more than the totals."""
    group = {
        "form": ("activity__forms__name", "activity__forms__order"),
        "topic": ("activity__topics__name", "activity__topics__order"),
        "unit": ("report__unit__name", "report__unit__path"),
    }[dimension]
    rows = (
        submitted_results(period)
        .order_by()
        .values(name=F(group[0]), sort=F(group[1]))
        .annotate(**_sums())
        .order_by(F("sort").asc(nulls_last=True), "name")
    )
    return [dict(row) for row in rows]


# ------------------------------------------------------- a unit's report
@dataclass
class ActivityLine:
    activity: Activity
    result: ActivityResult | None
    evidence_count: int


def report_lines(report: UnitReport) -> list[ActivityLine]:
    """The activities ``report``'s unit carries out, each with its result
    line in this report if any (three queries)."""
    activities = list(
        Activity.objects.filter(plan_id=report.period.plan_id)
        .for_unit(report.unit)
        .select_related("lead_unit")
        .prefetch_related("forms")
        .order_by("order", "code")
    )
    results = {
        r.activity_id: r
        for r in report.results.annotate(evidence_count=Count("evidence")).order_by()
    }
    # Lines for activities no longer assigned to the unit stay visible.
    missing = [
        r.activity_id for r in results.values() if r.activity_id not in {a.pk for a in activities}
    ]
    if missing:
        activities += list(Activity.objects.filter(pk__in=missing).select_related("lead_unit"))
    return [
        ActivityLine(
            activity=a,
            result=results.get(a.pk),
            evidence_count=getattr(results.get(a.pk), "evidence_count", 0),
        )
        for a in activities
    ]


def auto_figures(report: UnitReport) -> list[dict[str, Any]]:
    """The figures counted automatically for the unit and the period:
    frozen ones once submitted, measured now otherwise."""
    if report.auto_figures:
        return list(report.auto_figures.get("items", []))
    period = report.period
    return [
        measure(key, period.starts_on, period.ends_on, report.unit).as_dict()
        for key in AUTO_INDICATORS
    ]


# --------------------------------------------------------- lists for users
def plans_for(user: AnyUser):
    """Plans the user may see, newest first, with their department."""
    return Plan.objects.visible_to(user).select_related("department").order_by("-year", "title")


def open_periods_for_reporting(user: AnyUser) -> list[dict[str, Any]]:
    """For a focal point or head: each open period of a plan in force that
    one of their units reports on, with that unit's current report (a few
    queries, not one per unit)."""
    access = access_for(user)
    units = list(
        Unit.objects.active()
        .filter(access.path_q("path", access.focal_paths + access.head_paths))
        .order_by("path")
    )
    if not units and not access.superuser:
        return []
    periods = list(
        ReportingPeriod.objects.filter(
            plan__status="in_force", closed_at__isnull=True, plan__reporting_units__in=units
        )
        .select_related("plan")
        .distinct()
        .order_by("plan__year", "ends_on")
    )
    reporting = {
        (row["pk"], row["reporting_units"])
        for row in Plan.objects.filter(pk__in={p.plan_id for p in periods}).values(
            "pk", "reporting_units"
        )
    }
    reports = {
        (r.period_id, r.unit_id): r
        for r in UnitReport.objects.current().filter(period__in=periods, unit__in=units)
    }
    out = []
    for period in periods:
        for unit in units:
            if (period.plan_id, unit.pk) in reporting:
                out.append(
                    {"period": period, "unit": unit, "report": reports.get((period.pk, unit.pk))}
                )
    return out


def recent_reports_for(user: AnyUser, limit: int = 20) -> list[UnitReport]:
    """The latest reports of the units the user files or approves for (one query)."""
    access = access_for(user)
    paths = access.focal_paths + access.head_paths
    if not paths:
        return []
    return list(
        UnitReport.objects.current()
        .filter(access.path_q("unit__path", paths))
        .select_related("period__plan", "unit")
        .order_by("-period__ends_on", "unit__path")[:limit]
    )


def indicator_groups(period: ReportingPeriod) -> list[dict[str, Any]]:
    """The statistics section of the consolidated report: each group's
    indicators measured for the period and the department."""
    plan = period.plan
    groups = []
    for title, keys in REPORT_INDICATOR_GROUPS:
        items = [measure(key, period.starts_on, period.ends_on, plan.department) for key in keys]
        groups.append({"title": title, "items": items})
    return groups


def output_labels() -> list[dict[str, str]]:
    return [{"field": name, "label": str(label), "doc": doc} for name, label, doc in OUTPUTS]


def consolidated_figures(period: ReportingPeriod, *, today: date | None = None) -> dict[str, Any]:
    """Every figure of the consolidated report for ``period``, as JSON-ready
    data: what is frozen when the report is submitted."""
    today = today or timezone.localdate()
    plan = period.plan
    rows = completeness(period, today=today)
    summary = summarise(rows)
    progress = target_progress(plan, end=min(period.ends_on, plan.ends_on))
    groups = indicator_groups(period)
    measurements = [p.measurement for p in progress] + [m for g in groups for m in g["items"]]
    return {
        "computed_at": timezone.now().isoformat(),
        "period": {
            "name": period.doc_name,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "unit_deadline": period.unit_deadline.isoformat(),
        },
        "completeness": {
            "expected": summary.expected,
            "submitted": summary.submitted,
            "on_time": summary.on_time,
            "late": summary.late,
            "missing": summary.missing,
            "rate": summary.rate_display,
            "on_time_rate": summary.on_time_rate_display,
            "rows": [
                {
                    "unit": r.unit.name,
                    "status": TIMELINESS_DOC[r.timeliness],
                    "timeliness": r.timeliness,
                    "submitted_on": _dmy(r.submitted_on),
                }
                for r in rows
            ],
        },
        "totals": totals(period),
        "by_form": totals_by(period, "form"),
        "by_topic": totals_by(period, "topic"),
        "by_unit": totals_by(period, "unit"),
        "targets": [
            {
                "name": p.target.name,
                "indicator": p.measurement.name,
                "key": p.target.indicator_key,
                "target": p.target_display,
                "value": p.measurement.display,
                "status": p.status_doc,
            }
            for p in progress
        ],
        "indicator_groups": [
            {"title": g["title"], "items": [m.as_dict() for m in g["items"]]} for g in groups
        ],
        "narratives": unit_highlights(period),
        "_measurements": [m.as_dict() for m in measurements],
    }


def unit_highlights(period: ReportingPeriod) -> list[dict[str, str]]:
    """Per submitted unit report, its summary, or else what its activity
    results say (two queries)."""
    texts: dict[int, list[str]] = {}
    for report_id, text in (
        submitted_results(period)
        .exclude(narrative="")
        .order_by("activity__order", "activity__code")
        .values_list("report_id", "narrative")
    ):
        texts.setdefault(report_id, []).append(text.strip().rstrip("."))
    out = []
    for report in submitted_reports(period):
        text = report.narrative.strip() or "; ".join(texts.get(report.pk, []))
        if text:
            out.append({"unit": report.unit.name, "text": text})
    return out


def submitted_reports(period: ReportingPeriod) -> list[UnitReport]:
    """The period's submitted (current) unit reports, in tree order."""
    return list(
        UnitReport.objects.current()
        .filter(period=period, status=ReportStatus.SUBMITTED)
        .select_related("unit")
        .order_by("unit__path")
    )


def indicator_name(key: str) -> str:
    return indicator_info(key).name


def indicator_unit(key: str) -> str:
    return indicator_info(key).unit


def frozen_or_live_figures(report: Any) -> dict[str, Any]:
    """The figures a consolidated report prints: frozen once submitted,
    measured now in a draft."""
    if report.is_frozen and report.figures:
        return report.figures
    figures = consolidated_figures(report.period)
    figures.pop("_measurements", None)
    return figures
