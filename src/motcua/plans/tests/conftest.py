"""A plan of the test Department with three reporting units, and the people
who file, approve and coordinate its reports; a fake indicator that tests
can set."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from motcua.core import indicators
from motcua.org.constants import Role
from motcua.plans import actions
from motcua.plans.models import CommunicationForm, Topic
from motcua.testing.factories import make_member


class FakeIndicator:
    """A registered indicator whose value the test sets (``None``: no data)."""

    key = "test.fake_rate"

    def __init__(self) -> None:
        self.value: Decimal | int | None = None
        self.calls: list[tuple[date, date, object]] = []

    def __call__(self, start: date, end: date, scope: indicators.Scope):
        self.calls.append((start, end, scope.unit))
        return self.value


@pytest.fixture(autouse=True)
def _later_apps_not_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests show "chưa có số liệu" for the survey, feedback and
    dossier indicators: whatever those apps register later is left out."""
    registry = {
        key: value
        for key, value in indicators._REGISTRY.items()
        if not key.startswith(("surveys.", "feedback.", "dossiers."))
    }
    monkeypatch.setattr(indicators, "_REGISTRY", registry)


@pytest.fixture
def fake_indicator() -> Iterator[FakeIndicator]:
    fake = FakeIndicator()
    indicators.register_indicator(
        fake.key, fake, name="Tỷ lệ thử nghiệm", unit="percent", direction="higher", replace=True
    )
    yield fake
    indicators.unregister_indicator(fake.key)


@pytest.fixture
def people(personas, org) -> SimpleNamespace:
    """Besides the personas: the hospital's head, the pharmacy room's focal
    point and head (the office coordinator and the hospital's focal point
    are personas)."""
    return SimpleNamespace(
        **vars(personas),
        hospital_head=make_member(Role.LEADER, org.hospital, email="giamdoc.bv@motcua.test"),
        pharmacy_focal=make_member(Role.FOCAL_POINT, org.pharmacy, email="daumoi.duoc@motcua.test"),
        pharmacy_head=make_member(
            Role.APPROVER, org.pharmacy, email="truongphong.duoc@motcua.test"
        ),
    )


@pytest.fixture
def plan(org, people) -> SimpleNamespace:
    """A plan in force for 2026 of org.dept: the office, the pharmacy room and
    the hospital report; activities A1 (office leads, hospital
    coordinates), A2 (pharmacy only), A3 (every unit)."""
    website = CommunicationForm.objects.get(code="tin-bai-website")
    leaflet = CommunicationForm.objects.get(code="to-roi")
    procedures = Topic.objects.get(code="thu-tuc-hanh-chinh")
    sipas = Topic.objects.get(code="sipas")
    p = actions.do_create_plan(
        acting_user=people.coordinator,
        department=org.dept,
        year=2026,
        title="Tuyên truyền cải cách hành chính năm 2026 của Sở Y tế",
        number="15",
        issued_on=date(2026, 1, 20),
        place="Khánh Hòa",
    )
    a1 = actions.do_save_activity(
        p,
        actions.ActivityData(
            code="HĐ01",
            title="Đăng tin, bài về dịch vụ công trực tuyến",
            lead_unit=org.office,
            coordinating_units=[org.hospital],
            topics=[procedures],
            forms=[website],
            expected={"articles": 24},
        ),
        acting_user=people.coordinator,
    )
    a2 = actions.do_save_activity(
        p,
        actions.ActivityData(
            code="HĐ02",
            title="Phát tờ rơi về thủ tục cấp chứng chỉ hành nghề dược",
            lead_unit=org.pharmacy,
            topics=[procedures],
            forms=[leaflet],
            budget_vnd=5_000_000,
            schedule="range",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 6, 30),
        ),
        acting_user=people.coordinator,
    )
    a3 = actions.do_save_activity(
        p,
        actions.ActivityData(
            code="HĐ03",
            title="Phổ biến chỉ số hài lòng",
            lead_unit=org.office,
            all_units=True,
            topics=[sipas],
            forms=[website, leaflet],
        ),
        acting_user=people.coordinator,
    )
    p = actions.do_issue_plan(p, acting_user=people.coordinator)
    q1 = p.periods.get(kind="q1")
    return SimpleNamespace(plan=p, a1=a1, a2=a2, a3=a3, q1=q1, h1=p.periods.get(kind="h1"))


def file_report(
    period, unit, activity, *, focal, head, outputs=None, spending=0, narrative="Đã thực hiện."
):
    """Draft, approve and submit a report with one result (a helper, not a fixture)."""
    report = actions.do_start_report(period, unit, acting_user=focal)
    actions.do_save_result(
        report,
        activity,
        acting_user=focal,
        outputs=outputs or {"articles": 3},
        spending_vnd=spending,
        narrative=narrative,
    )
    actions.do_send_report_for_approval(report, acting_user=focal)
    actions.do_approve_report(report, acting_user=head)
    return actions.do_submit_report(report, acting_user=focal)
