"""The staff page of a dossier, its action forms, file downloads and the
counter / postal intake page."""

from __future__ import annotations

import pytest

from motcua.core.models import AuditEntry
from motcua.dossiers.constants import AuditEvent, Channel, DossierStatus, FileKind
from motcua.dossiers.models import Dossier, DossierFile
from motcua.testing.dossier_factories import fake_pdf, pdf_file
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy, name="Cấp chứng chỉ hành nghề dược")
    return staff, procedure


def test_the_page_shows_the_dossier_and_logs_the_view(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "submitted")
    client.force_login(staff.reception)
    response = client.get(f"/can-bo/ho-so/{dossier.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in body and "Cấp chứng chỉ hành nghề dược" in body
    assert f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/" in body
    assert f"/can-bo/ho-so/{dossier.pk}/tu-choi/" in body
    # Not this officer's actions, nor this state's.
    assert f"/can-bo/ho-so/{dossier.pk}/phe-duyet/" not in body
    assert f"/can-bo/ho-so/{dossier.pk}/tra-ket-qua/" not in body
    assert AuditEntry.objects.filter(
        event=AuditEvent.VIEWED, target_id=str(dossier.pk), actor=staff.reception
    ).exists()


def test_the_page_offers_only_the_officers_actions(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "forwarded")
    client.force_login(staff.handler)
    body = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert f"/can-bo/ho-so/{dossier.pk}/phe-duyet/" not in body
    client.force_login(staff.approver)
    body = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert f"/can-bo/ho-so/{dossier.pk}/phe-duyet/" in body
    assert f"/can-bo/ho-so/{dossier.pk}/tra-lai-xu-ly/" in body
    assert "giay-phep.pdf" in body


def test_another_units_dossier_and_its_files_are_404(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "forwarded")
    result = DossierFile.objects.get(dossier=dossier, kind=FileKind.RESULT)
    client.force_login(staff.other_reception)
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/tep/{result.pk}/").status_code == 404
    client.force_login(staff.approver)
    response = client.get(f"/can-bo/ho-so/{dossier.pk}/tep/{result.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_detail_page_has_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "forwarded")
    client.force_login(staff.approver)
    with django_assert_max_num_queries(40):
        assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 200


def test_a_refusal_without_reason_shows_the_problem_and_changes_nothing(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "submitted")
    client.force_login(staff.reception)
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/tu-choi/",
        {"refuse-seen_status": str(DossierStatus.SUBMITTED), "refuse-reason": "   "},
    )
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SUBMITTED


def test_a_bad_amount_keeps_what_was_typed(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    client.force_login(staff.handler)
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/yeu-cau-thanh-toan/",
        {
            "payment-seen_status": str(DossierStatus.IN_PROGRESS),
            "payment-amount": "năm trăm",
            "payment-note": "Phí thẩm định cơ sở",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Phí thẩm định cơ sở" in body and "năm trăm" in body
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.IN_PROGRESS


def test_the_slower_of_two_officers_is_told_what_happened(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "submitted")
    client.force_login(staff.reception)
    seen = str(DossierStatus.SUBMITTED)
    first = client.post(f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/", {"receive-seen_status": seen})
    assert first.status_code == 302
    # The second officer's page still showed "submitted".
    second = client.post(
        f"/can-bo/ho-so/{dossier.pk}/tu-choi/",
        {"refuse-seen_status": seen, "refuse-reason": "Thiếu giấy tờ."},
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert staff.reception.full_name in body or staff.reception.email in body
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RECEIVED


def test_the_whole_way_through_the_pages(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "submitted")
    url = f"/can-bo/ho-so/{dossier.pk}/"

    def post(user, step, data):
        client.force_login(user)
        current = Dossier.objects.get(pk=dossier.pk).status
        prefix = data.pop("_prefix")
        payload = {f"{prefix}-{k}": v for k, v in data.items()}
        payload[f"{prefix}-seen_status"] = str(current)
        response = client.post(url + step + "/", payload)
        assert response.status_code == 302, response.content.decode()[:2000]

    post(staff.reception, "tiep-nhan", {"_prefix": "receive", "note": ""})
    post(staff.reception, "phan-cong", {"_prefix": "assign", "handler": str(staff.handler.pk)})
    client.force_login(staff.handler)
    response = client.post(
        url + "trinh-duyet/",
        {
            "forward-seen_status": str(DossierStatus.IN_PROGRESS),
            "forward-approver": str(staff.approver.pk),
            "forward-results": [pdf_file("chung-chi.pdf")],
        },
    )
    assert response.status_code == 302
    post(staff.approver, "phe-duyet", {"_prefix": "approve", "note": ""})
    post(
        staff.reception,
        "tra-ket-qua",
        {
            "_prefix": "return",
            "recipient_name": "Nguyễn Văn An",
            "recipient_id_number": "056090001234",
        },
    )
    done = Dossier.objects.get(pk=dossier.pk)
    assert done.status == DossierStatus.RETURNED
    # The citizen sees the result.
    client.force_login(staff.citizen)
    page = client.get(f"/tai-khoan/ho-so/{dossier.pk}/").content.decode()
    assert "chung-chi.pdf" in page


def test_a_bad_result_file_is_named_and_nothing_is_forwarded(client, world):
    staff, procedure = world
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    client.force_login(staff.handler)
    response = client.post(
        f"/can-bo/ho-so/{dossier.pk}/trinh-duyet/",
        {
            "forward-seen_status": str(DossierStatus.IN_PROGRESS),
            "forward-approver": str(staff.approver.pk),
            "forward-results": [fake_pdf("ket-qua.pdf")],
            "forward-note": "Trình ký",
        },
    )
    assert response.status_code == 400
    assert "ket-qua.pdf" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).approval_requested_at is None


# ------------------------------------------------------------------- intake
def _intake_data(procedure, **extra):
    data = {
        "intake-procedure": str(procedure.pk),
        "intake-channel": Channel.COUNTER,
        "intake-postal_tracking_in": "",
        "intake-delivery_method": "counter",
        "a-applicant_kind": "person",
        "a-applicant_name": "Lê Thị Cúc",
        "a-applicant_id_number": "056190001111",
        "a-applicant_phone": "0905 000 111",
        "a-applicant_email": "",
        "a-applicant_address": "5 Trần Phú",
    }
    data.update(extra)
    return data


def test_counter_intake_registers_receives_and_offers_the_receipt(client, world):
    staff, procedure = world
    client.force_login(staff.reception)
    assert client.get("/can-bo/ho-so/tiep-nhan/").status_code == 200
    response = client.post(
        "/can-bo/ho-so/tiep-nhan/",
        {**_intake_data(procedure), "intake-scans": [pdf_file("don.pdf")]},
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/can-bo/ho-so/{dossier.pk}/"
    assert dossier.status == DossierStatus.RECEIVED and dossier.channel == Channel.COUNTER
    assert dossier.applicant_phone == "+84905000111"
    assert DossierFile.objects.filter(dossier=dossier, kind=FileKind.SCAN).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page and dossier.lookup_key in page


def test_postal_intake_without_tracking_number_keeps_what_was_typed(client, world):
    staff, procedure = world
    client.force_login(staff.reception)
    response = client.post(
        "/can-bo/ho-so/tiep-nhan/", _intake_data(procedure, **{"intake-channel": Channel.POST})
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Lê Thị Cúc" in body and "data-error-summary" in body
    assert not Dossier.objects.exists()


def test_intake_is_for_reception_officers(client, world):
    staff, procedure = world
    client.force_login(staff.handler)
    assert client.get("/can-bo/ho-so/tiep-nhan/").status_code == 403
    client.force_login(staff.other_reception)
    response = client.post("/can-bo/ho-so/tiep-nhan/", _intake_data(procedure))
    assert response.status_code == 400  # not among the procedures offered
    assert not Dossier.objects.exists()
