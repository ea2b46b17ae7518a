"""Statistics of dossiers: a hand-computed cohort classed early / on time /
late (open and overdue counted late), averages computed by the database,
grouping per unit, procedure and month, the indicators, and the page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from motcua.core.indicators import Scope, measure
from motcua.dossiers import statistics
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
URLS = "motcua.dossiers.tests.forms_test_urls"
S = DossierStatus
START, END = date(2025, 10, 1), date(2025, 10, 31)
NOW = datetime(2025, 10, 20, 12, 0, tzinfo=VN)


def at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=VN)


def _make(procedure, status, received, due, resolved=None, **fields) -> Dossier:
    d = make_dossier(procedure=procedure, status=status)
    Dossier.objects.filter(pk=d.pk).update(
        received_at=received, due_at=due, resolved_at=resolved, **fields
    )
    return d


@pytest.fixture
def cohort(org):
    """Seven dossiers received in October in the pharmacy room, one in the
    hospital, one received in September (outside the period):

    =====  ========================  =================  ==========
    name   due                       resolved / state   class
    =====  ========================  =================  ==========
    A      10/10 17:00               09/10 10:00        early
    B1     10/10 17:00               10/10 09:00        on time
    B2     10/10 08:00 (morning)     10/10 16:00        on time (same day)
    C      10/10 17:00               11/10 09:00        late
    D      15/10 17:00 (past NOW)    in progress        late (open)
    E      30/10 17:00               in progress        within time
    P      12/10 17:00               paused on 11/10    within time (clock stopped before due)
    F      —                         withdrawn          not judged
    H      (hospital) 10/10          09/10              early
    =====  ========================  =================  ==========
    """
    pharmacy = ProcedureFactory(unit=org.pharmacy, code="1.001")
    hospital = ProcedureFactory(unit=org.hospital, code="1.002")
    _make(
        pharmacy, S.RESOLVED, at(7, 8), at(10, 17), at(9, 10), channel=Channel.COUNTER
    )  # A: 2d 2h
    _make(pharmacy, S.RETURNED, at(7, 8), at(10, 17), at(10, 9))  # B1: 3d 1h
    _make(pharmacy, S.RESOLVED, at(7, 8), at(10, 8), at(10, 16))  # B2: 3d 8h
    _make(pharmacy, S.RESOLVED, at(7, 8), at(10, 17), at(11, 9), channel=Channel.DVCQG)  # C: 4d 1h
    _make(pharmacy, S.IN_PROGRESS, at(8, 8), at(15, 17))  # D
    _make(pharmacy, S.IN_PROGRESS, at(8, 8), at(30, 17), channel=Channel.POST)  # E
    _make(pharmacy, S.SUPPLEMENT_REQUESTED, at(8, 8), at(12, 17), paused_at=at(11, 8))  # P
    _make(pharmacy, S.WITHDRAWN, at(8, 8), at(30, 17))  # F
    _make(hospital, S.RESOLVED, at(7, 8), at(10, 17), at(9, 8))  # H: 2d
    _make(pharmacy, S.RESOLVED, at(20, 8, month=9), at(25, 17, month=9), at(24, 8, month=9))
    return pharmacy, hospital


def test_hand_computed_classification(cohort, org):
    f = statistics.figures(START, END, Scope(org.pharmacy), now=NOW)
    assert (f.received, f.resolved) == (8, 4)
    assert (f.early, f.on_time, f.late, f.open_late) == (1, 2, 2, 1)
    assert (f.in_progress, f.closed) == (2, 1)  # E and P; F
    # (early + on time + within time) ÷ (those + late) = (1 + 2 + 2) ÷ 7
    assert f.on_time_rate == Decimal("71.4")
    # Online: all but A (counter) and E (post) — the portal counts as online.
    assert f.online_share == Decimal("75.0")
    # (2d2h + 3d1h + 3d8h + 4d1h) ÷ 4 = 12d12h ÷ 4 = 3.125 days
    assert f.average_days == Decimal("3.1")


def test_open_dossier_is_judged_at_the_end_of_a_past_period(cohort, org):
    # As of 14/10 (period ending then), D (due 15/10) is still within time.
    f = statistics.figures(START, date(2025, 10, 14), Scope(org.pharmacy), now=NOW)
    assert f.open_late == 0 and f.late == 1


def test_department_scope_and_groups(cohort, org):
    pharmacy, hospital = cohort
    total = statistics.figures(START, END, Scope(org.dept), now=NOW)
    assert total.received == 9 and total.early == 2
    by_unit = statistics.figures_by("unit", START, END, Scope(org.dept), now=NOW)
    assert [(f.label, f.received, f.late) for f in by_unit] == [
        (org.pharmacy.name, 8, 2),
        (org.hospital.name, 1, 0),
    ] or [(f.label, f.received, f.late) for f in by_unit] == [
        (org.hospital.name, 1, 0),
        (org.pharmacy.name, 8, 2),
    ]
    by_procedure = {f.key: f for f in statistics.figures_by("procedure", START, END, now=NOW)}
    assert by_procedure[pharmacy.pk].received == 8 and by_procedure[hospital.pk].received == 1
    months = statistics.figures_by("month", date(2025, 9, 1), END, Scope(org.dept), now=NOW)
    assert [(m.label, m.received) for m in months] == [("Tháng 09/2025", 1), ("Tháng 10/2025", 9)]


def test_each_table_is_one_query(cohort, org, django_assert_num_queries):
    with django_assert_num_queries(1):
        statistics.figures(START, END, Scope(org.dept), now=NOW)
    for group in statistics.GROUPS:
        with django_assert_num_queries(1):
            statistics.figures_by(group, START, END, Scope(org.dept), now=NOW)


def test_indicators_are_registered(cohort, org):
    assert measure("dossiers.received", START, END, org.pharmacy).value == 8
    for key in (
        "dossiers.on_time_rate",
        "dossiers.online_share",
        "dossiers.resolved",
        "dossiers.late",
        "dossiers.average_processing_days",
    ):
        assert measure(key, START, END, org.pharmacy).value is not None, key


def test_empty_period_has_no_rates(db):
    f = statistics.figures(START, END)
    assert f.received == 0 and f.on_time_rate is None and f.average_days is None


@pytest.mark.urls(URLS)
def test_stats_page_and_export(client, cohort, personas, org, django_assert_max_num_queries):
    client.force_login(personas.approver)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("dossier_stats"), {"tu": "2025-10-01", "den": "2025-10-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert org.pharmacy.name in page and org.hospital.name not in page  # the approver's subtree
    xlsx = client.get(
        reverse("dossier_stats"), {"tu": "2025-10-01", "den": "2025-10-31", "format": "xlsx"}
    )
    assert xlsx.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.content))["Theo đơn vị"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    # Judged at the end of October (the period is over): E, due 30/10, is late too.
    assert values[0][:7] == [org.pharmacy.name, 8, 6, 4, 1, 2, 3]


@pytest.mark.urls(URLS)
def test_stats_page_rejects_bad_dates_and_other_units(client, personas, org):
    client.force_login(personas.approver)
    bad = client.get(reverse("dossier_stats"), {"tu": "31/02/2025", "den": "2025-10-31"})
    assert bad.status_code == 400
    assert "error-summary" in bad.content.decode()
    other = client.get(reverse("dossier_stats"), {"don_vi": org.other.pk})
    assert other.status_code == 400
    reversed_period = client.get(
        reverse("dossier_stats"), {"tu": "2025-10-31", "den": "2025-10-01"}
    )
    assert reversed_period.status_code == 400


@pytest.mark.urls(URLS)
def test_stats_page_is_for_one_stop_roles(client, personas):
    client.force_login(personas.editor)
    assert client.get(reverse("dossier_stats")).status_code == 403
    client.force_login(personas.citizen)
    assert client.get(reverse("dossier_stats")).status_code == 403


def test_default_period_is_the_quarter_so_far():
    assert statistics.default_period(date(2025, 11, 20)) == (date(2025, 10, 1), date(2025, 11, 20))
