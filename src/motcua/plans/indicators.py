"""Indicators the plans can measure from the units' reports (registered on
import; ``core`` imports this module for every app)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.core.indicators import Scope, ratio, register_indicator
from motcua.plans.constants import PlanStatus, ReportStatus
from motcua.plans.models import Activity, ActivityResult, Plan, ReportingPeriod, UnitReport

ACTIVE_PLANS = (PlanStatus.IN_FORCE, PlanStatus.FINISHED)


def _periods(start: date, end: date):
    """Periods of plans in force (or finished) that end within the window."""
    return ReportingPeriod.objects.filter(
        plan__status__in=ACTIVE_PLANS, ends_on__range=(start, end)
    )


def _submitted(start: date, end: date, scope: Scope):
    return scope.filter(
        UnitReport.objects.filter(
            period__in=_periods(start, end), status=ReportStatus.SUBMITTED, is_current=True
        ),
        "unit",
    )


@register_indicator("plans.activities_done")
def activities_done(start: date, end: date, scope: Scope) -> int:
    """Distinct activities with a result in a submitted report of a period
    ending in the window, by units in the scope."""
    results = ActivityResult.objects.filter(report__in=_submitted(start, end, scope))
    return results.values("activity").distinct().count()


@register_indicator("plans.activities_done_rate")
def activities_done_rate(start: date, end: date, scope: Scope) -> Any:
    """Activities done ÷ activities of the plans in force in the window
    (plans issued by a unit of the scope)."""
    plans = scope.filter(
        Plan.objects.filter(status__in=ACTIVE_PLANS, year__gte=start.year, year__lte=end.year),
        "department",
    )
    planned = Activity.objects.filter(plan__in=plans)
    done = (
        ActivityResult.objects.filter(
            report__in=_submitted(start, end, Scope()), activity__in=planned
        )
        .values("activity")
        .distinct()
        .count()
    )
    return ratio(done, planned.count())


@register_indicator("plans.unit_reports_on_time_rate")
def unit_reports_on_time_rate(start: date, end: date, scope: Scope) -> Any:
    """Of the reports due (period ending in the window, deadline passed) from
    the units of the scope, the share submitted on time."""
    today = timezone.localdate()
    periods = _periods(start, end).filter(unit_deadline__lt=today)
    expected = periods.annotate(
        n=Count(
            "plan__reporting_units",
            filter=Q(plan__reporting_units__path__startswith=scope.unit.path)
            if scope.unit is not None
            else Q(),
        )
    ).aggregate(total=Coalesce(Sum("n"), 0))["total"]
    on_time = (
        scope.filter(
            UnitReport.objects.filter(period__in=periods, submitted_at__isnull=False),
            "unit",
        )
        .filter(
            Q(submitted_at__date__lte=F("period__unit_deadline"))
            | Q(submitted_at__date__lte=F("deadline_when_submitted"))
        )
        .values("period", "unit")
        .distinct()
        .count()
    )
    return ratio(on_time, expected)


@register_indicator("plans.unit_reports_submitted")
def unit_reports_submitted(start: date, end: date, scope: Scope) -> int:
    return _submitted(start, end, scope).values("period", "unit").distinct().count()


def _best_reports(start: date, end: date, scope: Scope) -> list[int]:
    """Per plan and unit, the submitted report of the longest period in the
    window: the 6-month report already includes quarter I, so summing both
    would count quarter I twice."""
    rows = (
        _submitted(start, end, scope)
        .values("pk", "unit_id", "period__plan_id", "period__starts_on", "period__ends_on")
        .order_by()
    )
    best: dict[tuple[int, int], tuple[int, date, int]] = {}
    for row in rows:
        span = (row["period__ends_on"] - row["period__starts_on"]).days
        key = (row["period__plan_id"], row["unit_id"])
        candidate = (span, row["period__ends_on"], row["pk"])
        if key not in best or candidate[:2] > best[key][:2]:
            best[key] = candidate
    return [value[2] for value in best.values()]


def _output_sum(field: str):
    def compute(start: date, end: date, scope: Scope) -> int:
        reports = _best_reports(start, end, scope)
        return ActivityResult.objects.filter(report_id__in=reports).aggregate(
            total=Coalesce(Sum(field), 0)
        )["total"]

    compute.__qualname__ = f"output_sum_{field}"
    return compute


register_indicator("plans.articles_reported", _output_sum("articles"))
register_indicator("plans.sessions_reported", _output_sum("sessions"))
register_indicator("plans.participants_reported", _output_sum("participants"))
register_indicator("plans.spending", _output_sum("spending_vnd"))
