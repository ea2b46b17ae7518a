"""The dossiers API: ``lookup`` and the citizen's ``dossiers`` with session
or personal-token authentication."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.models import AdministrativeUnit
from motcua.dossiers import tokens
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import ApiToken, Dossier
from motcua.notifications.models import Message
from motcua.testing.factories import UserFactory
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, code="1.014076", name="Cấp chứng chỉ hành nghề dược")


@pytest.fixture
def token(personas):
    _row, raw = tokens.do_create_api_token(
        personas.citizen, acting_user=personas.citizen, name="thử"
    )
    return raw


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _places() -> tuple[str, str]:
    ward = (
        AdministrativeUnit.objects.current().wards().select_related("parent").order_by("pk").first()
    )
    return ward.parent.code, ward.code


# ----------------------------------------------------------------- lookup
def test_lookup_gives_the_public_summary(client, procedure):
    d = make_dossier(
        procedure=procedure, status=DossierStatus.RECEIVED, applicant_name="Nguyễn Văn An"
    )
    response = client.get("/api/v1/lookup", {"code": d.code, "key": d.lookup_key.lower()})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == d.code
    assert body["status"] == 2
    assert body["applicant"] == "N***** V** A*"
    assert body["on_time"] is True
    assert body["next_step"]
    assert [h["status"] for h in body["history"]] == [1, 2]
    assert "Nguyễn Văn An" not in response.content.decode()


def test_lookup_wrong_key_and_unknown_code_are_the_same_404(client, procedure):
    d = make_dossier(procedure=procedure, code="SYT-1", lookup_key="AB23CD")
    wrong = client.get("/api/v1/lookup", {"code": "SYT-1", "key": "AB23CE"})
    unknown = client.get("/api/v1/lookup", {"code": "SYT-2", "key": "AB23CD"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert d.unit.name not in wrong.content.decode()


def test_lookup_needs_a_key_or_an_id_number(client):
    assert client.get("/api/v1/lookup", {"code": "SYT-1"}).status_code == 400
    assert client.get("/api/v1/lookup").status_code == 422


def test_lookup_is_rate_limited(client, procedure, settings):
    settings.DOSSIER_LOOKUP_LIMIT = 2
    d = make_dossier(procedure=procedure)
    client.get("/api/v1/lookup", {"code": d.code, "key": "X"})
    client.get("/api/v1/lookup", {"code": d.code, "key": "X"})
    response = client.get("/api/v1/lookup", {"code": d.code, "key": d.lookup_key})
    assert response.status_code == 429
    assert "thử lại" in response.json()["detail"]


# ----------------------------------------------------------- auth and list
def test_my_dossiers_need_authentication(client):
    assert client.get("/api/v1/dossiers").status_code == 401
    assert client.get("/api/v1/dossiers", **_bearer("mc_not-a-token")).status_code == 401


def test_a_revoked_or_expired_token_is_refused(client, personas, token):
    assert client.get("/api/v1/dossiers", **_bearer(token)).status_code == 200
    row = ApiToken.objects.get(user=personas.citizen)
    assert row.last_used_at is not None
    tokens.do_revoke_api_token(row, acting_user=personas.citizen)
    assert client.get("/api/v1/dossiers", **_bearer(token)).status_code == 401


def test_a_token_of_an_inactive_account_is_refused(client, personas, token):
    personas.citizen.is_active = False
    personas.citizen.save(update_fields=["is_active"])
    assert client.get("/api/v1/dossiers", **_bearer(token)).status_code == 401


def test_only_a_hash_of_the_token_is_stored(personas, token):
    row = ApiToken.objects.get(user=personas.citizen)
    assert token not in (row.token_hash, row.prefix)
    assert row.token_hash == tokens.hash_token(token)


def test_the_list_shows_only_my_dossiers_in_a_fixed_number_of_queries(
    client, personas, procedure, token, django_assert_max_num_queries
):
    mine = [make_dossier(procedure=procedure, user=personas.citizen) for _ in range(3)]
    make_dossier(procedure=procedure, user=UserFactory())
    client.get("/api/v1/dossiers", **_bearer(token))
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/dossiers", **_bearer(token))
    assert response.status_code == 200
    assert {d["id"] for d in response.json()} == {d.pk for d in mine}
    for _ in range(5):
        make_dossier(procedure=procedure, user=personas.citizen)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/dossiers", {"limit": 100}, **_bearer(token))
    assert len(response.json()) == 8


def test_another_persons_dossier_is_404(client, procedure, token):
    other = make_dossier(procedure=procedure, user=UserFactory())
    assert client.get(f"/api/v1/dossiers/{other.pk}", **_bearer(token)).status_code == 404
    response = client.post(
        f"/api/v1/dossiers/{other.pk}/submit", content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 404


def test_session_writes_need_the_csrf_token(personas, procedure):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas.citizen)
    response = browser.post(
        "/api/v1/dossiers",
        json.dumps({"procedure_code": procedure.code}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert browser.get("/api/v1/dossiers").status_code == 200


# ------------------------------------------------------------ the journey
def test_create_fill_upload_and_submit_with_a_token(client, personas, procedure, token):
    auth = _bearer(token)
    created = client.post(
        "/api/v1/dossiers",
        json.dumps({"procedure_code": procedure.code}),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["status"] == DossierStatus.DRAFT and body["code"] is None
    slots = body["documents"]
    assert len(slots) == 2 and body["missing_documents"] == [s["requirement_id"] for s in slots]

    # Submitting now is refused, listing what is missing.
    early = client.post(f"/api/v1/dossiers/{pk}/submit", content_type="application/json", **auth)
    assert early.status_code == 422
    assert len(early.json()["errors"]) == 2

    province, ward = _places()
    applicant = client.put(
        f"/api/v1/dossiers/{pk}/applicant",
        json.dumps(
            {
                "applicant_kind": "person",
                "applicant_name": unicodedata.normalize("NFD", "Nguyễn Văn An"),
                "applicant_id_number": "079203001234",
                "applicant_phone": "0905 123 456",
                "applicant_address": "<b>12</b> Trần Phú",
                "province_code": province,
                "ward_code": ward,
            }
        ),
        content_type="application/json",
        **auth,
    )
    assert applicant.status_code == 200, applicant.content
    # Decomposed input is stored NFC.
    assert applicant.json()["applicant_name"] == unicodedata.normalize("NFC", "Nguyễn Văn An")

    for slot in slots:
        upload = client.post(
            f"/api/v1/dossiers/{pk}/files",
            {
                "file": SimpleUploadedFile("don.pdf", PDF, "application/pdf"),
                "requirement_id": slot["requirement_id"],
            },
            **auth,
        )
        assert upload.status_code == 201, upload.content
        assert upload.json()["content_type"] == "application/pdf"

    submitted = client.post(
        f"/api/v1/dossiers/{pk}/submit", content_type="application/json", **auth
    )
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == DossierStatus.SUBMITTED
    assert body["code"] and body["lookup_key"]
    assert body["lookup_url"].endswith(f"/tra-cuu/{body['code']}/?k={body['lookup_key']}")
    assert body["acknowledgement_url"] == f"/tai-khoan/ho-so/{pk}/giay-xac-nhan.pdf"
    # A retried request changes nothing.
    again = client.post(f"/api/v1/dossiers/{pk}/submit", content_type="application/json", **auth)
    assert again.status_code == 200 and again.json()["code"] == body["code"]
    assert Dossier.objects.filter(applicant_user=personas.citizen).count() == 1
    assert Message.objects.filter(related_id=str(pk)).exists()
    # And anyone with the code and key can follow it.
    lookup = client.get("/api/v1/lookup", {"code": body["code"], "key": body["lookup_key"]})
    assert lookup.status_code == 200 and lookup.json()["status"] == DossierStatus.SUBMITTED


def test_bad_input_is_refused_with_vietnamese_messages(client, personas, procedure, token):
    auth = _bearer(token)
    assert (
        client.post(
            "/api/v1/dossiers",
            json.dumps({"procedure_code": "0.000000"}),
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )
    offline = ProcedureFactory(online=False)
    refused = client.post(
        "/api/v1/dossiers",
        json.dumps({"procedure_code": offline.code}),
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 422
    pk = client.post(
        "/api/v1/dossiers",
        json.dumps({"procedure_code": procedure.code}),
        content_type="application/json",
        **auth,
    ).json()["id"]
    fake = client.post(
        f"/api/v1/dossiers/{pk}/files",
        {"file": SimpleUploadedFile("anh.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        **auth,
    )
    assert fake.status_code == 422
    assert fake.json()["errors"]
    missing_fields = client.put(
        f"/api/v1/dossiers/{pk}/applicant",
        json.dumps(
            {
                "applicant_name": "",
                "applicant_phone": "",
                "applicant_address": "",
                "province_code": "99x",
            }
        ),
        content_type="application/json",
        **auth,
    )
    assert missing_fields.status_code == 422
    assert "applicant_name" in missing_fields.json()["fields"]
    assert "applicant_province" in missing_fields.json()["fields"]
    wrong_slot = client.post(
        f"/api/v1/dossiers/{pk}/files",
        {"file": SimpleUploadedFile("don.pdf", PDF, "application/pdf"), "requirement_id": 999999},
        **auth,
    )
    assert wrong_slot.status_code == 422


def test_the_openapi_schema_lists_the_dossier_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/lookup",
        "/api/v1/dossiers",
        "/api/v1/dossiers/{dossier_id}",
        "/api/v1/dossiers/{dossier_id}/files",
        "/api/v1/dossiers/{dossier_id}/submit",
    ):
        assert path in schema["paths"], path
    post = schema["paths"]["/api/v1/dossiers/{dossier_id}/submit"]["post"]
    assert {"200", "401", "404", "422"} <= set(post["responses"])


# ------------------------------------------------------------ tokens page
def test_the_tokens_page_shows_a_new_token_once_and_revokes(client, personas):
    client.force_login(personas.citizen)
    assert client.get("/tai-khoan/ma-api/").status_code == 200
    response = client.post("/tai-khoan/ma-api/", {"action": "create", "name": "Phần mềm kế toán"})
    assert response.status_code == 200
    row = ApiToken.objects.get(user=personas.citizen)
    html = response.content.decode()
    raw = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert tokens.user_for_token(raw) == personas.citizen
    assert raw not in client.get("/tai-khoan/ma-api/").content.decode()
    other = UserFactory()
    client.force_login(other)
    assert (
        client.post("/tai-khoan/ma-api/", {"action": "revoke", "token": row.pk}).status_code == 404
    )
    client.force_login(personas.citizen)
    assert (
        client.post("/tai-khoan/ma-api/", {"action": "revoke", "token": row.pk}).status_code == 302
    )
    assert tokens.user_for_token(raw) is None


def test_an_empty_token_name_is_an_error(client, personas):
    client.force_login(personas.citizen)
    response = client.post("/tai-khoan/ma-api/", {"action": "create", "name": ""})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
