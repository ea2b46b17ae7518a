"""Import from the National Public Service Portal: ``POST
/api/v1/imports/dvcqg`` (``dossiers.sync``)."""

from __future__ import annotations

import base64
import copy
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.dossiers import sync
from motcua.dossiers.constants import Channel, DeliveryMethod, DossierStatus, FileKind
from motcua.dossiers.models import Dossier, DossierFile, DossierStep
from motcua.notifications.models import Message
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db

TOKEN = "integration-token-0123456789abcdef"
URL = "/api/v1/imports/dvcqg"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.DVCQG_IMPORT_TOKEN = TOKEN


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, code="1.014076", name="Cấp chứng chỉ hành nghề dược")


def record(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "DVCQG-0001",
        "code": "G22.39-261120-0001",
        "procedure_code": "1.014076",
        "status": 1,
        "submitted_at": "2026-11-20T09:15:00+07:00",
        "applicant": {
            "kind": "person",
            "name": "Nguyễn Thị Hoa",
            "id_number": "056190001234",
            "phone": "+84905111222",
            "email": "hoa@motcua.test",
            "address": "5 Trần Phú, Nha Trang",
        },
        "documents": [
            {
                "name": "Đơn đề nghị.pdf",
                "content_type": "application/pdf",
                "content_base64": base64.b64encode(PDF).decode(),
            },
            {"name": "Văn bằng", "url": "https://dichvucong.gov.vn/files/abc.pdf"},
        ],
        "payment": {"amount": 500000, "paid": False},
        "postal": {
            "delivery_method": "post",
            "recipient_name": "Nguyễn Thị Hoa",
            "recipient_phone": "+84905111222",
            "address": "5 Trần Phú",
            "fee": 25000,
            "tracking_in": "",
        },
    }
    base.update(overrides)
    return base


def post(client, records, token: str = TOKEN):
    return client.post(
        URL,
        {"format": "1", "records": records},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_it_creates_a_portal_dossier_keeping_the_portal_code(client, procedure):
    response = post(client, [record()])
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["created"] == 1 and body["rejected"] == 0
    assert body["results"][0]["outcome"] == "created"
    d = Dossier.objects.get(external_id="DVCQG-0001")
    assert d.code == "G22.39-261120-0001"
    assert d.channel == Channel.DVCQG
    assert d.status == DossierStatus.SUBMITTED
    assert d.unit_id == procedure.unit_id
    assert d.applicant_name == "Nguyễn Thị Hoa"
    assert d.delivery_method == DeliveryMethod.POST
    assert d.postal_fee == 25000
    assert d.lookup_key
    assert d.external_data["payment"]["amount"] == 500000
    assert d.external_data["documents"] == [
        {"name": "Văn bằng", "url": "https://dichvucong.gov.vn/files/abc.pdf"}
    ]
    files = list(d.files.all())
    assert [(f.kind, f.original_name, f.content_type) for f in files] == [
        (FileKind.SUBMITTED, "Đơn đề nghị.pdf", "application/pdf")
    ]
    assert files[0].file.read() == PDF
    assert files[0].file.name.endswith(".pdf")
    assert d.submitted_at == timezone.datetime.fromisoformat("2026-11-20T09:15:00+07:00")
    step = d.steps.get()
    assert step.action == sync.IMPORT_ACTION and step.to_status == DossierStatus.SUBMITTED
    assert AuditEntry.objects.filter(event=sync.AUDIT_IMPORTED, target_id=str(d.pk)).exists()
    # The portal told the citizen already.
    assert not Message.objects.exists()


def test_it_generates_a_code_when_the_portal_sends_none(client, procedure):
    response = post(client, [record(code=None)])
    assert response.status_code == 200
    d = Dossier.objects.get(external_id="DVCQG-0001")
    assert d.code == "SYT-NVD-261120-0001"
    assert response.json()["results"][0]["code"] == d.code


def test_resending_the_same_record_does_not_duplicate(client, procedure):
    post(client, [record()])
    response = post(client, [record()])
    body = response.json()
    assert body["results"][0]["outcome"] == "unchanged"
    assert Dossier.objects.filter(external_id="DVCQG-0001").count() == 1
    assert DossierFile.objects.count() == 1
    assert DossierStep.objects.count() == 1


def test_a_resent_record_updates_fields(client, procedure):
    post(client, [record()])
    changed = record()
    changed["applicant"]["phone"] = "+84905999888"
    changed["postal"]["tracking_in"] = "EB123456789VN"
    body = post(client, [changed]).json()
    assert body["results"][0]["outcome"] == "updated"
    d = Dossier.objects.get(external_id="DVCQG-0001")
    assert d.applicant_phone == "+84905999888"
    assert d.postal_tracking_in == "EB123456789VN"
    assert AuditEntry.objects.filter(event=sync.AUDIT_SYNCED, target_id=str(d.pk)).exists()


def test_invalid_records_are_rejected_and_valid_ones_kept(client, procedure):
    unknown = record(id="DVCQG-0002", code=None, procedure_code="9.999999")
    malformed = {"id": "DVCQG-0003", "status": "mới", "applicant": "x"}
    not_an_object = "hello"
    bad_status = record(id="DVCQG-0004", code=None, status=11)
    bad_doc = record(id="DVCQG-0005", code=None)
    bad_doc["documents"] = [{"name": "a.pdf", "content_base64": "!!!not base64!!!"}]
    fake_pdf = record(id="DVCQG-0006", code=None)
    fake_pdf["documents"] = [
        {
            "name": "virus.pdf",
            "content_base64": base64.b64encode(b"MZ\x90\x00" + b"\0" * 60).decode(),
        }
    ]
    no_source = record(id="DVCQG-0007", code=None)
    no_source["documents"] = [{"name": "a.pdf"}]
    response = post(
        client,
        [record(), unknown, malformed, not_an_object, bad_status, bad_doc, fake_pdf, no_source],
    )
    assert response.status_code == 200
    body = response.json()
    outcomes = [r["outcome"] for r in body["results"]]
    assert outcomes == ["created"] + ["rejected"] * 7
    assert body["created"] == 1 and body["rejected"] == 7
    results = body["results"]
    assert "9.999999" in results[1]["errors"][0]
    assert results[2]["id"] == "DVCQG-0003"
    assert any("status" in e for e in results[2]["errors"])
    assert any("applicant" in e for e in results[2]["errors"])
    assert results[3]["errors"]
    assert any("status" in e for e in results[4]["errors"])
    assert "base64" in results[5]["errors"][0]
    assert "virus.pdf" in results[6]["errors"][0]
    assert results[7]["errors"]
    assert list(Dossier.objects.values_list("external_id", flat=True)) == ["DVCQG-0001"]
    # Nothing of the rejected ones was written, files included.
    assert DossierFile.objects.count() == 1


def test_a_new_dossier_must_come_as_submitted(client, procedure):
    body = post(client, [record(status=2)]).json()
    assert body["results"][0]["outcome"] == "rejected"
    message = body["results"][0]["errors"][0]
    assert " 1 " in message and message.rstrip(".").endswith("2")
    assert not Dossier.objects.exists()


def test_a_code_used_by_another_dossier_is_rejected(client, procedure):
    post(client, [record()])
    body = post(client, [record(id="DVCQG-0009")]).json()
    assert body["results"][0]["outcome"] == "rejected"
    assert "G22.39-261120-0001" in body["results"][0]["errors"][0]
    assert Dossier.objects.count() == 1


def test_a_dossier_keeps_one_code(client, procedure):
    post(client, [record()])
    body = post(client, [record(code="OTHER-1")]).json()
    assert body["results"][0]["outcome"] == "rejected"
    assert Dossier.objects.get().code == "G22.39-261120-0001"


def _receive(d: Dossier) -> None:
    """What the back office does (written directly: its actions are tested
    with the back office)."""
    d.status = DossierStatus.RECEIVED
    d.received_at = timezone.now()
    d.due_at = timezone.now() + timedelta(days=20)
    d.save()


def test_a_resent_record_does_not_undo_the_back_office(client, procedure):
    post(client, [record()])
    d = Dossier.objects.get()
    _receive(d)
    body = post(client, [record()]).json()
    assert body["results"][0]["outcome"] == "unchanged"
    d.refresh_from_db()
    assert d.status == DossierStatus.RECEIVED


def test_the_portal_cannot_receive_or_resolve(client, procedure):
    post(client, [record()])
    body = post(client, [record(status=9)]).json()
    result = body["results"][0]
    assert result["outcome"] == "rejected"
    # Names both states by their national codes (the wording is translated).
    assert "(1)" in result["errors"][0] and "(9)" in result["errors"][0]
    d = Dossier.objects.get()
    assert d.status == DossierStatus.SUBMITTED
    # The rejection changed nothing, not even the fields sent with it.
    assert d.external_data["portal_status"] == 1


def test_a_payment_request_and_its_settlement_go_through_change_status(client, procedure):
    post(client, [record()])
    d = Dossier.objects.get()
    _receive(d)
    body = post(client, [record(status=6, payment={"amount": 500000, "paid": False})]).json()
    assert body["results"][0]["outcome"] == "updated", body
    d.refresh_from_db()
    assert d.status == DossierStatus.PAYMENT_REQUESTED
    assert d.resume_status == DossierStatus.RECEIVED
    # Settled, but the portal names the wrong state to go back to.
    body = post(client, [record(status=4, payment={"amount": 500000, "paid": True})]).json()
    assert body["results"][0]["outcome"] == "rejected"
    body = post(client, [record(status=2, payment={"amount": 500000, "paid": True})]).json()
    assert body["results"][0]["outcome"] == "updated", body
    d.refresh_from_db()
    assert d.status == DossierStatus.RECEIVED
    assert d.resume_status is None
    assert d.external_data["payment"]["paid"] is True
    actions = list(d.steps.order_by("pk").values_list("action", "from_status", "to_status"))
    assert actions[1:] == [("request_payment", 2, 6), ("payment_settled", 6, 2)]


def test_a_withdrawal_before_reception_withdraws(client, procedure):
    post(client, [record()])
    body = post(client, [record(status=7, note="Nộp nhầm thủ tục")]).json()
    assert body["results"][0]["outcome"] == "updated"
    d = Dossier.objects.get()
    assert d.status == DossierStatus.WITHDRAWN
    assert d.withdrawal_reason == "Nộp nhầm thủ tục"
    assert d.closed_at is not None


def test_a_withdrawal_after_reception_is_a_request(client, procedure):
    post(client, [record()])
    d = Dossier.objects.get()
    _receive(d)
    body = post(client, [record(status=7, note="Không cần nữa")]).json()
    result = body["results"][0]
    assert result["outcome"] == "updated"
    assert result["warnings"]
    d.refresh_from_db()
    assert d.status == DossierStatus.RECEIVED
    assert d.withdrawal_requested_at is not None
    assert d.steps.filter(action="request_withdrawal").count() == 1
    # Re-sent: recorded once.
    body = post(client, [record(status=7, note="Không cần nữa")]).json()
    assert body["results"][0]["outcome"] == "unchanged"
    assert d.steps.filter(action="request_withdrawal").count() == 1


@pytest.mark.parametrize("token", ["", "wrong", TOKEN + "x"])
def test_it_needs_the_integration_token(client, procedure, token):
    response = post(client, [record()], token=token)
    assert response.status_code == 401
    assert not Dossier.objects.exists()


def test_it_is_off_without_a_token_setting(client, procedure, settings):
    settings.DVCQG_IMPORT_TOKEN = ""
    assert post(client, [record()], token="").status_code == 401


def test_a_body_that_is_not_a_batch_is_400_not_500(client, procedure):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for body in ('{"records": "x"}', "[1, 2]", "not json", '{"format": "2", "records": []}'):
        response = client.post(URL, body, content_type="application/json", headers=headers)
        assert 400 <= response.status_code < 500, (body, response.status_code)


def test_too_many_records_is_413(client, procedure, settings):
    settings.DVCQG_IMPORT_MAX_RECORDS = 2
    response = post(client, [record(id=f"X{i}") for i in range(3)])
    assert response.status_code == 413
    assert not Dossier.objects.exists()


def test_naive_times_are_vietnam_time(procedure):
    report = sync.import_records([record(submitted_at="2026-11-20T09:15:00")])
    assert report.results[0].outcome == "created"
    d = Dossier.objects.get()
    assert timezone.localtime(d.submitted_at).hour == 9


def test_an_organisation_needs_its_tax_code(procedure):
    rec = copy.deepcopy(record())
    rec["applicant"]["kind"] = "organisation"
    report = sync.import_records([rec])
    assert report.results[0].outcome == "rejected"
    assert "tax_code" in report.results[0].errors[0]


def test_import_queries_do_not_grow_with_documents(procedure, django_assert_max_num_queries):
    rec = record(code=None)
    rec["documents"] = [
        {"name": f"Văn bản {i}", "url": f"https://dichvucong.gov.vn/f/{i}.pdf"} for i in range(30)
    ]
    with django_assert_max_num_queries(20):
        report = sync.import_records([rec])
    assert report.results[0].outcome == "created"


def test_the_endpoints_are_documented_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/imports/dvcqg"]
    assert "get" in schema["paths"]["/api/v1/imports/dvcqg/changes"]


def test_a_body_over_the_upload_limit_is_400_not_500(client, procedure, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = post(client, [record()])
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_the_portal_due_date_is_kept_but_the_clock_starts_at_reception(procedure):
    sync.import_records([record(due_at="2026-12-20T17:00:00+07:00")])
    d = Dossier.objects.get()
    assert d.due_at is None
    assert d.external_data["portal_due_at"].startswith("2026-12-20T17:00:00")
