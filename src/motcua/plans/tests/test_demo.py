"""The demo data: both seed plans as structured plans with unit reports,
loaded idempotently by ``python -m motcua demo`` (here: the organisation's
and the plans' parts only, so other apps' demo data do not slow it down)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from motcua.plans import selectors
from motcua.plans.models import ConsolidatedReport, Plan, UnitReport

pytestmark = pytest.mark.django_db


def _load() -> None:
    from django.db import transaction

    from motcua.org import demo as org_demo
    from motcua.plans import demo as plans_demo

    for module in (org_demo, plans_demo):
        with transaction.atomic():
            module.load(io.StringIO())


@pytest.fixture
def demo():
    _load()


def test_both_seed_plans_are_structured_plans(demo):
    kh = Plan.objects.get(year=2020, department__code="SYT")
    assert kh.title == "Tuyên truyền cải cách hành chính năm 2020 của Sở Y tế"
    assert kh.objectives.count() == 4 and kh.activities.count() == 12
    assert {t.indicator_key for t in kh.targets.all()} >= {
        "surveys.awareness_reached_rate",
        "surveys.online_services_use_rate",
        "surveys.staff_reform_knowledge_rate",
    }
    assert kh.targets.get(indicator_key="surveys.awareness_reached_rate").target_value == 90
    assert kh.activities.get(code="HĐ10").lead_unit.code == "CDC-KH"
    assert "3994/QĐ-UBND" in kh.legal_basis
    bp = Plan.objects.get(year=2024)
    assert bp.department.name == "Sở Y tế tỉnh Bình Phước" and bp.is_shared_model
    assert bp.parent_body == "UBND tỉnh Bình Phước" and "96/KH-UBND" in bp.legal_basis
    assert bp.activities.count() == 4 and bp.objectives.count() == 5
    # Reports for some quarters, some on time, some late, some missing.
    rates = selectors.period_rates(kh)
    q1 = rates[kh.periods.get(kind="q1").pk]
    assert (q1.expected, q1.on_time, q1.late, q1.missing) == (8, 5, 1, 2)
    assert UnitReport.objects.filter(period__plan=bp).count() == 7
    assert ConsolidatedReport.objects.get(period__plan=bp).status == "approved"
    # Live progress: the targets measured from the reports have values.
    progress = {p.target.indicator_key: p for p in selectors.target_progress(kh)}
    assert progress["plans.unit_reports_on_time_rate"].measurement.value == 25
    assert progress["surveys.awareness_reached_rate"].measurement.value is None


def test_demo_is_idempotent(demo):
    counts = (Plan.objects.count(), UnitReport.objects.count(), ConsolidatedReport.objects.count())
    _load()
    assert (
        Plan.objects.count(),
        UnitReport.objects.count(),
        ConsolidatedReport.objects.count(),
    ) == counts


def test_demo_coordinator_sees_both_plans(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="vanphong@motcua.test"))
    page = client.get(reverse("plans:plan_list"))
    assert "năm 2020 của Sở Y tế" in page.text and "nhà nước năm 2024" in page.text
    bp = Plan.objects.get(year=2024)
    assert client.get(reverse("plans:plan_detail", args=[bp.pk])).status_code == 200
    report = UnitReport.objects.filter(period__plan=bp).first()
    assert client.get(reverse("plans:report_detail", args=[report.pk])).status_code == 404
