"""The plans API: staff only, scoped, a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.plans import actions
from motcua.plans.tests.conftest import file_report

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(client):
    assert client.get("/api/v1/plans").status_code == 401
    assert client.get("/api/v1/reports").status_code == 401
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/reports"} <= set(paths)


def test_plans_and_reports_are_scoped(
    plan, org, people, client, fake_indicator, django_assert_max_num_queries
):
    actions.do_save_target(
        plan.plan,
        acting_user=people.coordinator,
        name="Thử",
        indicator_key=fake_indicator.key,
        target_value=Decimal("50"),
        direction="higher",
    )
    fake_indicator.value = 75
    file_report(plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head)
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    client.force_login(people.focal_point)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/plans").json()
    assert [p["id"] for p in body] == [plan.plan.pk] and body[0]["activities"] == 3
    detail = client.get(f"/api/v1/plans/{plan.plan.pk}").json()
    assert detail["progress"][0] == {
        "name": "Thử",
        "indicator": "test.fake_rate",
        "indicator_name": "Tỷ lệ thử nghiệm",
        "target": "≥ 50%",
        "value": "75",
        "display": "75%",
        "reached": True,
    }
    assert client.get("/api/v1/reports").json() == []  # a draft is not listed
    actions.do_submit_consolidated(report, acting_user=people.coordinator)
    with django_assert_max_num_queries(8):
        reports = client.get("/api/v1/reports").json()
    assert reports[0]["articles"] == 3 and reports[0]["submitted"] == 1
    client.force_login(people.outsider)
    assert client.get("/api/v1/plans").json() == []
    assert client.get(f"/api/v1/plans/{plan.plan.pk}").status_code == 404
    assert client.get("/api/v1/reports").json() == []
