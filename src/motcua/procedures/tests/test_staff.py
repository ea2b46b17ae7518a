"""Staff screens: scoping by unit, procedures, versions with fee lines,
documents (form templates) and steps, publishing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.procedures import actions
from motcua.procedures.constants import AuditEvent, DeadlineUnit, FeeStatus, OnlineLevel
from motcua.procedures.models import Procedure, ProcedureVersion
from motcua.testing.procedure_factories import ProcedureFactory, make_field

pytestmark = pytest.mark.django_db


def _version_post(**overrides):
    data = {
        "effective_from": (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y"),
        "decision": "Quyết định số 12/QĐ-UBND",
        "deadline_amount": "15",
        "deadline_unit": DeadlineUnit.WORKING_DAYS,
        "deadline_note": "",
        "fee_status": FeeStatus.CHARGED,
        "fee_note": "",
        "fee_timing": "before_result",
        "result_type": "Giấy chứng nhận",
        "applicants": "",
        "legal_basis": "Luật Dược",
        "conditions": "",
        "delivers_at_counter": "on",
        "in_person_note": "",
        "dossier_sets": "1",
        "phi-TOTAL_FORMS": "2",
        "phi-INITIAL_FORMS": "0",
        "phi-0-name": "Phí thẩm định",
        "phi-0-amount": "1.200.000",
        "phi-1-name": "",
        "phi-1-amount": "",
        "giayto-TOTAL_FORMS": "3",
        "giayto-INITIAL_FORMS": "0",
        "giayto-0-name": "Đơn đề nghị",
        "giayto-0-copy_type": "original",
        "giayto-0-quantity": "1",
        "giayto-0-is_required": "on",
        "giayto-1-name": "Bản sao văn bằng",
        "giayto-1-copy_type": "certified_copy",
        "giayto-1-quantity": "2",
        "giayto-2-name": "",
        "giayto-2-copy_type": "original",
        "giayto-2-quantity": "1",
        "buoc-TOTAL_FORMS": "2",
        "buoc-INITIAL_FORMS": "0",
        "buoc-0-name": "Tiếp nhận",
        "buoc-0-role": "reception",
        "buoc-0-share_percent": "10",
        "buoc-1-name": "Thẩm định",
        "buoc-1-role": "handler",
        "buoc-1-share_percent": "90",
    }
    data.update(overrides)
    return data


def test_staff_see_only_procedures_of_their_units(client, personas, org):
    own = ProcedureFactory(unit=org.pharmacy, name="Thủ tục phòng dược")
    other = ProcedureFactory(unit=org.other, name="Thủ tục tỉnh khác")
    client.force_login(personas.approver)
    html = client.get("/can-bo/thu-tuc/").content.decode()
    assert "Thủ tục phòng dược" in html and "Thủ tục tỉnh khác" not in html
    assert client.get(f"/can-bo/thu-tuc/{other.pk}/").status_code == 404
    assert client.get(f"/can-bo/thu-tuc/phien-ban/{other.current_version.pk}/").status_code == 404
    assert client.get(f"/can-bo/thu-tuc/{own.pk}/").status_code == 200


def test_citizens_and_anonymous_users_are_kept_out(client, personas):
    assert client.get("/can-bo/thu-tuc/").status_code == 302
    client.force_login(personas.citizen)
    assert client.get("/can-bo/thu-tuc/").status_code == 403


def test_a_handler_without_a_catalogue_role_cannot_create(client, personas):
    client.force_login(personas.handler)
    assert client.get("/can-bo/thu-tuc/them/").status_code == 403


def test_the_staff_list_makes_a_fixed_number_of_queries(
    client, personas, org, django_assert_max_num_queries
):
    for _i in range(15):
        ProcedureFactory(unit=org.pharmacy)
    client.force_login(personas.sysadmin)
    with django_assert_max_num_queries(14):
        assert client.get("/can-bo/thu-tuc/").status_code == 200


def test_create_a_procedure_then_a_version_then_publish_it(client, personas, org):
    make_field("duoc", "Dược")
    client.force_login(personas.approver)
    response = client.post(
        "/can-bo/thu-tuc/them/",
        {
            "code": " 1.234 567 ",
            "name": "Cấp  giấy phép   thử",
            "field": make_field().pk,
            "unit": org.pharmacy.pk,
            "online_level": OnlineLevel.FULL,
            "is_active": "on",
        },
    )
    procedure = Procedure.objects.get(code="1.234567")
    assert response.status_code == 302 and procedure.name == "Cấp giấy phép thử"
    assert " cap giay phep thu " in procedure.search_text

    effective = timezone.localdate() + timedelta(days=5)
    response = client.post(
        f"/can-bo/thu-tuc/{procedure.pk}/phien-ban/them/",
        {"effective_from": effective.strftime("%d/%m/%Y")},
    )
    version = ProcedureVersion.objects.get(procedure=procedure)
    assert response.status_code == 302 and not version.is_published

    template = SimpleUploadedFile(
        "mau-don.pdf", b"%PDF-1.4 mau don", content_type="application/pdf"
    )
    response = client.post(
        f"/can-bo/thu-tuc/phien-ban/{version.pk}/",
        {
            **_version_post(effective_from=effective.strftime("%d/%m/%Y")),
            "giayto-0-template": template,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.deadline_amount == 15 and version.deadline_unit == DeadlineUnit.WORKING_DAYS
    assert [(f.name, f.amount) for f in version.fee_lines.all()] == [("Phí thẩm định", 1_200_000)]
    docs = list(version.documents.all())
    assert [d.name for d in docs] == ["Đơn đề nghị", "Bản sao văn bằng"]
    assert (
        docs[0].template
        and not docs[1].template
        and docs[1].quantity == 2
        and not docs[1].is_required
    )
    assert [s.share_percent for s in version.steps.all()] == [10, 90]

    # Saving again keeps the uploaded template of the document that stays.
    response = client.post(
        f"/can-bo/thu-tuc/phien-ban/{version.pk}/",
        _version_post(
            effective_from=effective.strftime("%d/%m/%Y"),
            **{
                "giayto-INITIAL_FORMS": "2",
                "giayto-0-id": str(docs[0].pk),
                "giayto-1-id": str(docs[1].pk),
                "giayto-1-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    remaining = list(version.documents.all())
    assert [d.pk for d in remaining] == [docs[0].pk] and remaining[0].template

    assert client.get(f"/can-bo/thu-tuc/phien-ban/{version.pk}/cong-bo/").status_code == 200
    response = client.post(f"/can-bo/thu-tuc/phien-ban/{version.pk}/cong-bo/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.is_published
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {
        AuditEvent.PROCEDURE_CREATED,
        AuditEvent.VERSION_CREATED,
        AuditEvent.VERSION_CHANGED,
        AuditEvent.VERSION_PUBLISHED,
    } <= events


def test_bad_rows_come_back_with_an_error_summary_and_nothing_lost(client, personas, org):
    proc = ProcedureFactory(unit=org.pharmacy, published=False)
    version = proc.current_version
    client.force_login(personas.approver)
    response = client.post(
        f"/can-bo/thu-tuc/phien-ban/{version.pk}/",
        _version_post(**{"phi-0-amount": "1,5", "buoc-1-share_percent": "95", "deadline_unit": ""}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_phi-0-amount"' in html and 'href="#id_deadline_unit"' in html
    assert 'value="Bản sao văn bằng"' in html or "Bản sao văn bằng</textarea>" in html
    version.refresh_from_db()
    assert version.fee_lines.count() == 1  # unchanged (the factory's line)


def test_steps_over_100_percent_and_charged_without_lines_are_refused(personas, org):
    proc = ProcedureFactory(unit=org.pharmacy, published=False)
    content = actions.VersionContent(
        facts={"fee_status": FeeStatus.CHARGED},
        fee_lines=[],
    )
    with pytest.raises(actions.ValidationError):
        actions.do_update_version(
            proc.current_version, acting_user=personas.approver, content=content
        )
    content = actions.VersionContent(
        facts={"fee_status": FeeStatus.FREE},
        steps=[actions.StepData("A", share_percent=60), actions.StepData("B", share_percent=50)],
    )
    with pytest.raises(actions.ValidationError):
        actions.do_update_version(
            proc.current_version, acting_user=personas.approver, content=content
        )


def test_a_published_version_cannot_be_changed(client, personas, org):
    proc = ProcedureFactory(unit=org.pharmacy)
    version = proc.current_version
    client.force_login(personas.approver)
    response = client.get(f"/can-bo/thu-tuc/phien-ban/{version.pk}/")
    assert response.status_code == 200 and 'name="phi-TOTAL_FORMS"' not in response.content.decode()
    response = client.post(f"/can-bo/thu-tuc/phien-ban/{version.pk}/", _version_post())
    version.refresh_from_db()
    assert version.deadline_amount == 20
    with pytest.raises(actions.ValidationError):
        actions.do_update_version(
            version, acting_user=personas.approver, content=actions.VersionContent(facts={})
        )


def test_a_new_version_copies_the_newest_rules_and_dossiers_keep_theirs(personas, org):
    proc = ProcedureFactory(
        unit=org.pharmacy, effective_from=timezone.localdate() - timedelta(days=30)
    )
    old = proc.current_version
    new = actions.do_create_version(
        proc, acting_user=personas.approver, effective_from=timezone.localdate() + timedelta(days=1)
    )
    assert [d.name for d in new.documents.all()] == [d.name for d in old.documents.all()]
    assert new.fee_total == old.fee_total and not new.is_published
    actions.do_publish_version(new, acting_user=personas.approver)
    assert proc.version_at() == old  # today: the old rules
    assert proc.version_at(timezone.localdate() + timedelta(days=1)) == new
    with pytest.raises(actions.ValidationError):
        actions.do_create_version(
            proc, acting_user=personas.approver, effective_from=new.effective_from
        )


def test_someone_from_another_unit_cannot_change_a_procedure(personas, org):
    proc = ProcedureFactory(unit=org.pharmacy)
    with pytest.raises(actions.PermissionDenied):
        actions.do_update_procedure(proc, acting_user=personas.outsider, name="Đổi tên")
    with pytest.raises(actions.PermissionDenied):
        actions.do_create_version(
            proc, acting_user=personas.outsider, effective_from=timezone.localdate()
        )


def test_duplicate_codes_are_refused_with_a_message(client, personas, org):
    ProcedureFactory(code="1.000111", unit=org.pharmacy)
    client.force_login(personas.approver)
    response = client.post(
        "/can-bo/thu-tuc/them/",
        {
            "code": "1.000111",
            "name": "Trùng mã",
            "field": make_field().pk,
            "unit": org.pharmacy.pk,
            "online_level": OnlineLevel.OFFLINE,
        },
    )
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    assert (
        'value="Trùng mã"' in response.content.decode()
        or "Trùng mã</textarea>" in response.content.decode()
    )


def test_a_template_that_is_not_what_it_claims_is_refused(client, personas, org):
    proc = ProcedureFactory(unit=org.pharmacy, published=False)
    client.force_login(personas.approver)
    fake = SimpleUploadedFile("mau.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        f"/can-bo/thu-tuc/phien-ban/{proc.current_version.pk}/",
        {**_version_post(), "giayto-0-template": fake},
    )
    assert response.status_code == 400
    assert 'href="#id_giayto-0-template"' in response.content.decode()
