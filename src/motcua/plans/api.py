"""Plans and the Department's reports for signed-in staff (session cookie):
``GET /api/v1/plans``, ``GET /api/v1/plans/{id}`` (with the targets'
measured values) and ``GET /api/v1/reports`` (consolidated reports that
have left the draft stage, with their frozen totals). Scoped like the
screens: what a user may not see is not listed, or 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from motcua.plans import selectors
from motcua.plans.constants import ConsolidatedStatus
from motcua.plans.models import ConsolidatedReport, Plan

router = Router(tags=["plans"], auth=django_auth)


class Error(Schema):
    detail: str


class PlanOut(Schema):
    id: int
    year: int
    title: str
    number: str
    issued_on: date | None
    status: str
    department: str
    activities: int
    targets: int


class TargetOut(Schema):
    name: str
    indicator: str
    indicator_name: str
    target: str
    value: str | None
    display: str
    reached: bool | None


class PlanDetailOut(PlanOut):
    measured_until: date
    progress: list[TargetOut]


class ReportOut(Schema):
    id: int
    plan_id: int
    period: str
    version: int
    status: str
    subject: str
    number: str
    issued_on: date | None
    submitted: int
    expected: int
    articles: int
    spending_vnd: int


def _plan_out(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.pk,
        "year": plan.year,
        "title": plan.title,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "status": plan.status,
        "department": plan.department.name,
        "activities": getattr(plan, "activity_count", 0),
        "targets": getattr(plan, "target_count", 0),
    }


@router.get("/plans", response={200: list[PlanOut], 401: Error}, summary="Communication plans")
def list_plans(request: HttpRequest) -> list[dict[str, object]]:
    plans = selectors.plans_for(request.user).annotate(
        activity_count=Count("activities", distinct=True),
        target_count=Count("targets", distinct=True),
    )
    return [_plan_out(p) for p in plans]


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, 401: Error, 404: Error},
    summary="A plan with its targets measured now",
)
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, object]:
    plan = (
        selectors.plans_for(request.user)
        .annotate(
            activity_count=Count("activities", distinct=True),
            target_count=Count("targets", distinct=True),
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise HttpError(404, "Không tìm thấy kế hoạch.")
    progress = selectors.target_progress(plan)
    return {
        **_plan_out(plan),
        "measured_until": plan.measurement_end(),
        "progress": [
            {
                "name": p.target.name,
                "indicator": p.target.indicator_key,
                "indicator_name": p.measurement.name,
                "target": p.target_display,
                "value": None if p.measurement.value is None else str(p.measurement.value),
                "display": p.measurement.display,
                "reached": p.reached,
            }
            for p in progress
        ],
    }


@router.get(
    "/reports",
    response={200: list[ReportOut], 401: Error},
    summary="Consolidated reports submitted or approved",
)
def list_reports(request: HttpRequest) -> list[dict[str, object]]:
    reports = (
        ConsolidatedReport.objects.visible_to(request.user)
        .exclude(status=ConsolidatedStatus.DRAFT)
        .select_related("period__plan")
        .order_by("-period__ends_on", "-version")
    )
    out = []
    for r in reports:
        figures = r.figures or {}
        totals, completeness = figures.get("totals", {}), figures.get("completeness", {})
        out.append(
            {
                "id": r.pk,
                "plan_id": r.period.plan_id,
                "period": r.period.doc_name,
                "version": r.version,
                "status": r.status,
                "subject": r.subject,
                "number": r.number,
                "issued_on": r.issued_on,
                "submitted": completeness.get("submitted", 0),
                "expected": completeness.get("expected", 0),
                "articles": totals.get("articles", 0),
                "spending_vnd": totals.get("spending", 0),
            }
        )
    return out
