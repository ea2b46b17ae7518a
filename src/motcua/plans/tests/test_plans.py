"""Plans: creation with reporting periods on the working-day calendar,
measured targets read through the indicator registry, copy to next year,
who may see and change them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.core.calendar import add_working_days
from motcua.core.models import AuditEntry
from motcua.plans import actions, selectors
from motcua.plans.constants import PlanStatus
from motcua.plans.models import Plan
from motcua.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_new_plan_gets_periods_with_deadlines_in_working_days(plan):
    kinds = list(plan.plan.periods.values_list("kind", flat=True))
    assert kinds == ["q1", "h1", "m9", "year"]
    q1 = plan.q1
    assert (q1.starts_on, q1.ends_on) == (date(2026, 1, 1), date(2026, 3, 31))
    assert q1.unit_deadline == add_working_days(date(2026, 3, 31), 5)
    # 5 working days after Tuesday 31/03/2026: Thursday 02/04 is a working
    # day, but Giỗ Tổ Hùng Vương (Sunday 26/04) is not in the way yet.
    assert q1.unit_deadline == date(2026, 4, 7)
    year = plan.plan.periods.get(kind="year")
    assert year.ends_on == date(2026, 12, 31)
    assert year.unit_deadline > date(2027, 1, 1)  # the New Year holiday is skipped
    assert plan.plan.issuer_name == "Sở Y tế" and plan.plan.place == "Khánh Hòa"


def test_header_texts_come_from_the_unit_tree(people):
    province = UnitFactory(code="UB56", name="Ủy ban nhân dân tỉnh Khánh Hòa", kind="province")
    dept = UnitFactory(
        code="SYT56", name="Sở Y tế tỉnh Khánh Hòa", kind="department", parent=province
    )
    office = UnitFactory(code="SYT56-VP", name="Văn phòng Sở", parent=dept)
    from motcua.org.actions import do_grant_role

    do_grant_role(people.citizen, office, "coordinator", acting_user=None)
    p = actions.do_create_plan(
        acting_user=people.citizen, department=dept, year=2026, title="Kế hoạch thử"
    )
    assert (p.parent_body, p.issuer_name, p.place) == (
        "UBND tỉnh Khánh Hòa",
        "Sở Y tế",
        "Khánh Hòa",
    )
    assert p.report_to == "Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)"


def test_target_progress_is_read_through_the_registry(plan, people, fake_indicator):
    target = actions.do_save_target(
        plan.plan,
        acting_user=people.coordinator,
        name="Hồ sơ trực tuyến",
        indicator_key=fake_indicator.key,
        target_value=Decimal("80"),
        direction="higher",
    )
    missing = actions.do_save_target(
        plan.plan,
        acting_user=people.coordinator,
        name="Chưa có ứng dụng đo",
        indicator_key="surveys.awareness_reached_rate",
        target_value=Decimal("90"),
        direction="higher",
    )
    rows = {p.target.pk: p for p in selectors.target_progress(plan.plan, today=date(2026, 5, 10))}
    assert rows[target.pk].measurement.value is None and rows[target.pk].reached is None
    assert rows[missing.pk].measurement.display == "chưa có số liệu"
    assert not rows[missing.pk].measurement.registered
    # Measured from 1 January to today, for the plan's department.
    assert fake_indicator.calls[-1] == (date(2026, 1, 1), date(2026, 5, 10), plan.plan.department)
    fake_indicator.value = Decimal("85.5")
    row = {p.target.pk: p for p in selectors.target_progress(plan.plan)}[target.pk]
    assert (
        row.reached is True and row.measurement.display == "85,5%" and row.percent_of_target == 100
    )
    fake_indicator.value = 40
    row = {p.target.pk: p for p in selectors.target_progress(plan.plan)}[target.pk]
    assert row.reached is False and row.percent_of_target == 50 and row.status_doc == "Chưa đạt"


def test_plan_page_shows_targets_with_the_measured_value(plan, people, client, fake_indicator):
    actions.do_save_target(
        plan.plan,
        acting_user=people.coordinator,
        name="Tỷ lệ thử",
        indicator_key=fake_indicator.key,
        target_value=Decimal("90"),
        direction="higher",
    )
    fake_indicator.value = Decimal("72.25")
    client.force_login(people.coordinator)
    response = client.get(reverse("plans:plan_detail", args=[plan.plan.pk]))
    assert response.status_code == 200
    assert "72,3%" in response.text and "≥ 90%" in response.text


def test_copy_to_next_year(plan, people, client):
    client.force_login(people.coordinator)
    response = client.post(
        reverse("plans:plan_copy", args=[plan.plan.pk]), {"year": "2027", "title": ""}
    )
    assert response.status_code == 302
    copy = Plan.objects.get(year=2027)
    assert copy.title == "Tuyên truyền cải cách hành chính năm 2027 của Sở Y tế"
    assert copy.status == PlanStatus.DRAFT and copy.number == "" and copy.copied_from == plan.plan
    assert copy.activities.count() == 3
    a2 = copy.activities.get(code="HĐ02")
    assert (a2.starts_on, a2.ends_on) == (date(2027, 3, 1), date(2027, 6, 30))
    assert list(a2.forms.values_list("code", flat=True)) == ["to-roi"]
    assert set(copy.reporting_units.all()) == set(plan.plan.reporting_units.all())
    q1 = copy.periods.get(kind="q1")
    assert q1.ends_on == date(2027, 3, 31) and q1.unit_deadline == add_working_days(
        date(2027, 3, 31), 5
    )
    assert AuditEntry.objects.for_object(copy).filter(event="plans.plan_copied").exists()
    # A bad year is refused in Vietnamese (or English before translation), with a 400.
    response = client.post(reverse("plans:plan_copy", args=[plan.plan.pk]), {"year": "hai nghìn"})
    assert response.status_code == 400


def test_only_the_coordinator_changes_a_plan(plan, people, client):
    client.force_login(people.focal_point)
    assert client.get(reverse("plans:plan_detail", args=[plan.plan.pk])).status_code == 200
    assert client.get(reverse("plans:plan_edit", args=[plan.plan.pk])).status_code == 403
    assert client.get(reverse("plans:activity_add", args=[plan.plan.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.do_update_plan(plan.plan, acting_user=people.focal_point, title="Khác")
    client.force_login(people.coordinator)
    response = client.post(
        reverse("plans:activity_add", args=[plan.plan.pk]),
        {"code": "HĐ04", "title": "", "audience": "all", "lead_unit": "", "schedule": "range"},
    )
    assert response.status_code == 400
    assert plan.plan.activities.count() == 3


def test_activity_units_must_belong_to_the_department(plan, people, org):
    with pytest.raises(ValidationError):
        actions.do_save_activity(
            plan.plan,
            actions.ActivityData(code="HĐ09", title="Ngoài Sở", lead_unit=org.other),
            acting_user=people.coordinator,
        )


def test_plans_shared_as_models_are_read_only_for_other_departments(plan, people, org, client):
    from motcua.org.actions import do_grant_role
    from motcua.testing.factories import UserFactory

    other_office = UnitFactory(code="KHAC-VP", name="Văn phòng Sở khác", parent=org.other)
    coordinator = UserFactory(email="vanphong.khac@motcua.test")
    do_grant_role(coordinator, other_office, "coordinator", acting_user=None)
    client.force_login(coordinator)
    assert client.get(reverse("plans:plan_detail", args=[plan.plan.pk])).status_code == 404
    actions.do_update_plan(plan.plan, acting_user=people.coordinator, is_shared_model=True)
    response = client.get(reverse("plans:plan_detail", args=[plan.plan.pk]))
    assert response.status_code == 200
    assert client.get(reverse("plans:plan_edit", args=[plan.plan.pk])).status_code == 403
    assert (
        client.get(reverse("plans:period_detail", args=[plan.plan.pk, plan.q1.pk])).status_code
        == 404
    )
    # Copied into their own department, units matched by name.
    response = client.post(
        reverse("plans:plan_copy", args=[plan.plan.pk]),
        {"year": "2027", "title": "", "department": org.other.pk},
    )
    assert response.status_code == 302
    copy = Plan.objects.get(department=org.other)
    assert copy.activities.get(code="HĐ01").lead_unit == other_office
    assert copy.source_note.startswith("Sao chép từ")


def test_plan_list_and_detail_have_a_fixed_number_of_queries(
    plan, people, org, client, django_assert_max_num_queries
):
    client.force_login(people.coordinator)
    with django_assert_max_num_queries(30):
        client.get(reverse("plans:plan_detail", args=[plan.plan.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("plans:plan_list"))
    # More units and activities do not add queries.
    for i in range(10):
        unit = UnitFactory(code=f"TYT{i}", name=f"Trạm Y tế {i}", parent=org.dept)
        actions.do_save_activity(
            plan.plan,
            actions.ActivityData(code=f"X{i}", title=f"Hoạt động {i}", lead_unit=unit),
            acting_user=people.coordinator,
        )
    with django_assert_max_num_queries(30):
        response = client.get(reverse("plans:plan_detail", args=[plan.plan.pk]))
    assert response.text.count("Hoạt động ") >= 10


def test_plan_documents_download(plan, people, client):
    client.force_login(people.focal_point)
    response = client.get(reverse("plans:plan_document", args=[plan.plan.pk, "docx"]))
    assert response.status_code == 200
    from motcua.core.documents import docx_text

    text = docx_text(response.content)
    assert "KẾ HOẠCH" in text and "Số: 15/KH-SYT" in text and "HĐ02" not in text
    assert "Phát tờ rơi về thủ tục cấp chứng chỉ hành nghề dược" in text
    assert client.get(reverse("plans:plan_document", args=[plan.plan.pk, "odt"])).status_code == 404


def test_objectives_and_targets_are_edited_and_removed(plan, people, client):
    client.force_login(people.coordinator)
    response = client.post(
        reverse("plans:objective_add", args=[plan.plan.pk]),
        {"kind": "specific", "text": "  100% đơn vị   báo cáo đúng hạn ", "order": "1"},
    )
    assert response.status_code == 302
    objective = plan.plan.objectives.get()
    assert objective.text == "100% đơn vị báo cáo đúng hạn"
    page = client.get(reverse("plans:objective_edit", args=[plan.plan.pk, objective.pk]))
    assert reverse("plans:objective_delete", args=[plan.plan.pk, objective.pk]) in page.text
    response = client.post(
        reverse("plans:target_add", args=[plan.plan.pk]),
        {
            "name": "Báo cáo đúng hạn",
            "indicator_key": "plans.unit_reports_on_time_rate",
            "direction": "higher",
            "target_value": "-5",
            "order": "1",
        },
    )
    assert response.status_code == 400  # negative target
    response = client.post(
        reverse("plans:target_add", args=[plan.plan.pk]),
        {
            "name": "Báo cáo đúng hạn",
            "indicator_key": "plans.unit_reports_on_time_rate",
            "direction": "higher",
            "target_value": "95,5",
            "objective": objective.pk,
            "order": "1",
        },
    )
    assert response.status_code == 302
    target = plan.plan.targets.get()
    assert target.target_value == Decimal("95.5") and target.objective == objective
    client.post(reverse("plans:objective_delete", args=[plan.plan.pk, objective.pk]))
    client.post(reverse("plans:target_delete", args=[plan.plan.pk, target.pk]))
    assert not plan.plan.objectives.exists() and not plan.plan.targets.exists()


def test_emptied_header_texts_come_back_from_the_unit_tree(plan, people):
    updated = actions.do_update_plan(plan.plan, acting_user=people.coordinator, issuer_name="")
    assert updated.issuer_name == "Sở Y tế"
