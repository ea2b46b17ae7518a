"""Work queues at /can-bo/ho-so/: what each tab holds for whom, search and
filters, pagination without a COUNT over the table, and a bounded number
of queries for every tab."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.office_selectors import PAGE_SIZE, QueueFilters, queue_page
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy, name="Cấp chứng chỉ hành nghề dược")
    other_procedure = ProcedureFactory(unit=org.other)
    return staff, procedure, other_procedure


def _codes(page):
    return {d.code for d in page.rows}


def test_each_tab_holds_the_right_dossiers(world):
    staff, procedure, other_procedure = world
    submitted = take_to(procedure, staff.citizen, staff, "submitted")
    in_progress = take_to(procedure, staff.citizen, staff, "in_progress")
    forwarded = take_to(procedure, staff.citizen, staff, "forwarded")
    resolved = take_to(procedure, staff.citizen, staff, "resolved")
    overdue = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(hours=2))
    due_soon = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=due_soon.pk).update(due_at=timezone.now() + timedelta(minutes=30))
    elsewhere = make_dossier(procedure=other_procedure)
    f = QueueFilters()

    assert _codes(queue_page(staff.reception, "reception", f)) == {submitted.code}
    assert _codes(queue_page(staff.other_reception, "reception", f)) == {elsewhere.code}
    assert _codes(queue_page(staff.handler, "mine", f)) == {
        in_progress.code,
        forwarded.code,
        overdue.code,
        due_soon.code,
    }
    assert _codes(queue_page(staff.handler2, "mine", f)) == set()
    assert _codes(queue_page(staff.approver, "approval", f)) == {forwarded.code}
    assert _codes(queue_page(staff.approver, "overdue", f)) == {overdue.code}
    assert due_soon.code in _codes(queue_page(staff.approver, "due_soon", f))
    assert _codes(queue_page(staff.reception, "results", f)) == {resolved.code}
    everything = _codes(queue_page(staff.leader, "all", f))
    assert elsewhere.code not in everything and submitted.code in everything


def test_search_by_code_applicant_id_number_procedure_status_and_dates(world):
    staff, procedure, _other = world
    first = take_to(procedure, staff.citizen, staff, "received")
    second = make_dossier(
        procedure=ProcedureFactory(unit=procedure.unit, name="Cấp giấy phép hoạt động"),
        applicant_name="Trần Thị Bình",
        applicant_id_number="079203009999",
        search_text=" tran thi binh ",
    )
    user = staff.leader
    assert _codes(queue_page(user, "all", QueueFilters(q=first.code.lower()))) == {first.code}
    assert _codes(queue_page(user, "all", QueueFilters(q="tran thi"))) == {second.code}
    assert _codes(queue_page(user, "all", QueueFilters(q="079203009999"))) == {second.code}
    assert _codes(queue_page(user, "all", QueueFilters(procedure_id=procedure.pk))) == {first.code}
    assert _codes(queue_page(user, "all", QueueFilters(status=first.status))) == {first.code}
    today = timezone.localdate()
    assert first.code in _codes(queue_page(user, "all", QueueFilters(date_from=today)))
    assert second.code not in _codes(queue_page(user, "all", QueueFilters(date_from=today)))
    assert _codes(queue_page(user, "all", QueueFilters(date_to=today - timedelta(days=1)))) == {
        second.code
    }


def test_pages_without_counting_the_table(world):
    staff, procedure, _other = world
    for _ in range(PAGE_SIZE + 2):
        make_dossier(procedure=procedure)
    first = queue_page(staff.leader, "all", QueueFilters(), 1)
    second = queue_page(staff.leader, "all", QueueFilters(), 2)
    assert len(first.rows) == PAGE_SIZE and first.has_next
    assert len(second.rows) == 2 and not second.has_next and second.has_previous
    assert not {d.pk for d in first.rows} & {d.pk for d in second.rows}


@pytest.mark.parametrize(
    "tab", ["reception", "mine", "approval", "due_soon", "overdue", "results", "all"]
)
def test_every_tab_renders_in_a_fixed_number_of_queries(
    client, world, tab, django_assert_max_num_queries
):
    staff, procedure, _other = world
    for stage in ("submitted", "in_progress", "forwarded", "resolved"):
        take_to(procedure, staff.citizen, staff, stage)
    for _ in range(12):
        make_dossier(procedure=procedure, status=4, overdue=True, handler=staff.handler)
    client.force_login(staff.leader)
    client.get("/can-bo/ho-so/")  # warm the session
    users = [staff.reception, staff.handler, staff.approver, staff.leader]
    for user in users:
        client.force_login(user)
        with django_assert_max_num_queries(24):
            response = client.get(f"/can-bo/ho-so/?hang={tab}&q=&kenh=")
        assert response.status_code == 200


def test_the_queue_page_lists_links_and_keeps_filters(client, world):
    staff, procedure, _other = world
    submitted = take_to(procedure, staff.citizen, staff, "submitted")
    client.force_login(staff.reception)
    page = client.get("/can-bo/ho-so/").content.decode()
    assert f"/can-bo/ho-so/{submitted.pk}/" in page
    assert 'aria-current="page"' in page
    response = client.get(f"/can-bo/ho-so/?hang=all&q={submitted.code}&tu_ngay=31/02/2026")
    assert response.status_code == 400  # the bad date is shown; the rest still applies
    body = response.content.decode()
    assert submitted.code in body and "data-error-summary" in body


def test_a_citizen_or_anonymous_user_has_no_queue(client, world):
    staff, _procedure, _other = world
    assert client.get("/can-bo/ho-so/").status_code == 302
    client.force_login(staff.citizen)
    assert client.get("/can-bo/ho-so/").status_code == 403


def test_received_dossier_leaves_the_reception_queue(world):
    staff, procedure, _other = world
    submitted = take_to(procedure, staff.citizen, staff, "submitted")
    actions.do_receive_dossier(submitted, acting_user=staff.reception)
    assert _codes(queue_page(staff.reception, "reception", QueueFilters())) == set()
