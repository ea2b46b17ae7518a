"""The online form at /nop-ho-so/<code>/: steps, drafts, bad input."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.urls import reverse

from motcua.core.models import AdministrativeUnit
from motcua.dossiers.constants import DossierStatus, FileKind
from motcua.dossiers.models import Dossier, DossierFile
from motcua.notifications.models import Message
from motcua.testing.dossier_factories import (
    docx_file,
    fake_pdf,
    make_draft,
    pdf_file,
    png_file,
)
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(org):
    return ProcedureFactory(
        unit=org.pharmacy, code="1.014076", name="Cấp giấy chứng nhận đủ điều kiện kinh doanh dược"
    )


@pytest.fixture
def citizen(personas):
    user = personas.citizen
    user.id_number = "056090001234"
    user.phone = "+84905123456"
    user.address_line = "12 Lê Thánh Tôn"
    user.save()
    return user


@pytest.fixture
def client_in(client, citizen):
    client.force_login(citizen)
    return client


def _places():
    province = AdministrativeUnit.objects.current().provinces().get(code="56")
    ward = (
        AdministrativeUnit.objects.current()
        .wards()
        .filter(parent=province)
        .order_by("name")
        .first()
    )
    return province, ward


def _applicant_post(**over):
    province, ward = _places()
    data = {
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "056 090 001 234",
        "organisation_name": "",
        "tax_code": "",
        "applicant_phone": "0905 123 456",
        "applicant_email": "congdan@motcua.test",
        "applicant_address": "12 Lê Thánh Tôn",
        "applicant_province": str(province.pk),
        "applicant_ward": str(ward.pk),
    }
    data.update(over)
    return data


def _url(name, dossier):
    return reverse(name, args=[dossier.procedure.code, dossier.pk])


def test_it_sends_anonymous_people_to_sign_in(client, procedure):
    response = client.get(reverse("dossier_submit", args=[procedure.code]))
    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]


def test_start_creates_one_draft_even_on_a_double_click(client_in, procedure, citizen):
    url = reverse("dossier_submit", args=[procedure.code])
    assert client_in.get(url).status_code == 200
    first = client_in.post(url)
    second = client_in.post(url)
    assert first.status_code == second.status_code == 302
    assert Dossier.objects.filter(applicant_user=citizen).count() == 1
    dossier = Dossier.objects.get()
    assert first["Location"] == _url("dossier_step_applicant", dossier)
    assert dossier.status == DossierStatus.DRAFT
    assert dossier.procedure_version == procedure.current_version
    # Prefilled from the profile.
    assert dossier.applicant_name == citizen.full_name
    assert dossier.applicant_id_number == "056090001234"
    assert dossier.applicant_email == citizen.email


def test_an_offline_procedure_explains_how_to_submit(client_in, org):
    offline = ProcedureFactory(unit=org.pharmacy, online=False)
    response = client_in.get(reverse("dossier_submit", args=[offline.code]))
    assert response.status_code == 200
    assert "Nộp tại Bộ phận Một cửa" in response.content.decode()
    assert client_in.post(reverse("dossier_submit", args=[offline.code])).status_code == 200
    assert not Dossier.objects.exists()


def test_the_whole_form_submits_once_with_code_and_key(client_in, procedure, citizen):
    client_in.post(reverse("dossier_submit", args=[procedure.code]))
    dossier = Dossier.objects.get()
    response = client_in.post(_url("dossier_step_applicant", dossier), _applicant_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == _url("dossier_step_documents", dossier)
    docs = list(procedure.current_version.documents.order_by("position"))
    response = client_in.post(
        _url("dossier_step_documents", dossier),
        {f"doc_{docs[0].pk}": pdf_file(), f"doc_{docs[1].pk}": png_file(), "continue": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    province, ward = _places()
    response = client_in.post(
        _url("dossier_step_delivery", dossier),
        {
            "delivery_method": "post",
            "delivery_name": "Nguyễn Văn An",
            "delivery_phone": "0905123456",
            "delivery_address": "12 Lê Thánh Tôn",
            "delivery_province": str(province.pk),
            "delivery_ward": str(ward.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review = client_in.get(_url("dossier_step_review", dossier))
    html = review.content.decode()
    assert "25.000" in html  # the postal fee inside the home province
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    data = {"declaration": "on", "consent": "on", "token": token}
    first = client_in.post(_url("dossier_step_review", dossier), data)
    again = client_in.post(_url("dossier_step_review", dossier), data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == _url("dossier_submitted", dossier)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert re.fullmatch(r"SYT-NVD-\d{6}-0001", dossier.code)
    assert dossier.postal_fee == 25000
    assert Dossier.objects.count() == 1
    done = client_in.get(first["Location"]).content.decode()
    assert dossier.code in done and dossier.lookup_key in done
    assert f"/tra-cuu/{dossier.code}/?k={dossier.lookup_key}" in done
    # One message per channel reachable (the verified e-mail), with both.
    mails = Message.objects.filter(event="dossier.submitted")
    assert mails.count() == 1
    assert dossier.code in mails[0].body_text and dossier.lookup_key in mails[0].body_text


def test_a_bad_file_is_refused_and_the_good_one_is_kept(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    docs = list(procedure.current_version.documents.order_by("position"))
    response = client_in.post(
        _url("dossier_step_documents", dossier),
        {f"doc_{docs[0].pk}": docx_file(), f"doc_{docs[1].pk}": fake_pdf(), "continue": "1"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải định dạng PDF" in html
    assert f'href="#id_doc_{docs[1].pk}"' in html
    kept = DossierFile.objects.get(dossier=dossier)
    assert kept.requirement == docs[0] and kept.content_type.endswith("document")
    assert "ban-khai.docx" in html


def test_a_file_over_the_limit_is_refused_in_vietnamese(client_in, procedure, citizen, settings):
    settings.DOSSIER_FILE_MAX_MB = 1
    dossier = make_draft(procedure, citizen)
    doc = procedure.current_version.documents.order_by("position").first()
    response = client_in.post(
        _url("dossier_step_documents", dossier),
        {f"doc_{doc.pk}": pdf_file(size=1024 * 1024 + 1), "upload": "1"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert not DossierFile.objects.exists()


def test_continuing_without_a_required_document_links_to_its_slot(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    docs = list(procedure.current_version.documents.order_by("position"))
    response = client_in.post(
        _url("dossier_step_documents", dossier), {f"doc_{docs[0].pk}": pdf_file(), "continue": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index("error-summary") :]
    assert f'href="#id_doc_{docs[1].pk}"' in summary
    assert f'id="id_doc_{docs[1].pk}"' in html


def test_submitting_without_a_required_document_goes_back_to_the_slot(
    client_in, procedure, citizen
):
    dossier = make_draft(procedure, citizen, complete=True)
    missing = DossierFile.objects.filter(dossier=dossier).first()
    missing_doc = missing.requirement
    client_in.post(_url("dossier_step_documents", dossier), {"remove": str(missing.pk)})
    response = client_in.post(
        _url("dossier_step_review", dossier),
        {"declaration": "on", "consent": "on", "token": "t" * 20},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#id_doc_{missing_doc.pk}"' in html
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.code is None


def test_the_declaration_must_be_ticked(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen, complete=True)
    response = client_in.post(_url("dossier_step_review", dossier), {"token": "x" * 20})
    assert response.status_code == 400
    assert 'href="#id_declaration"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_decomposed_unicode_is_stored_nfc_and_markup_is_shown_as_text(
    client_in, procedure, citizen
):
    dossier = make_draft(procedure, citizen)
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    response = client_in.post(
        _url("dossier_step_applicant", dossier),
        _applicant_post(
            applicant_name=decomposed, applicant_address="<script>alert(1)</script> số 5"
        ),
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.applicant_name == unicodedata.normalize("NFC", "Nguyễn Thị Hường")
    html = client_in.get(_url("dossier_step_review", dossier)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; số 5" in html


def test_bad_applicant_input_keeps_what_was_typed(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    response = client_in.post(
        _url("dossier_step_applicant", dossier),
        _applicant_post(
            applicant_kind="organisation", organisation_name="Nhà thuốc Hồng Phúc", tax_code="12345"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_tax_code"' in html
    assert 'value="Nhà thuốc Hồng Phúc"' in html


def test_an_organisation_with_its_tax_code_is_saved(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    response = client_in.post(
        _url("dossier_step_applicant", dossier),
        _applicant_post(
            applicant_kind="organisation",
            organisation_name="Công ty TNHH Dược phẩm Hồng Phúc",
            tax_code="4201234567-001",
            applicant_id_number="",
        ),
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.tax_code == "4201234567-001"
    assert dossier.applicant_display == "Công ty TNHH Dược phẩm Hồng Phúc"


def test_the_ward_list_reloads_without_javascript(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    _province, ward = _places()
    data = _applicant_post(applicant_ward="", applicant_name="Tên đang gõ")
    data["reload_wards"] = "1"
    response = client_in.post(_url("dossier_step_applicant", dossier), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert ward.name in html and 'value="Tên đang gõ"' in html
    dossier.refresh_from_db()
    assert dossier.applicant_name != "Tên đang gõ"


def test_someone_else_cannot_open_the_draft(client, procedure, citizen, personas):
    dossier = make_draft(procedure, citizen)
    client.force_login(personas.handler)
    assert client.get(_url("dossier_step_applicant", dossier)).status_code == 404
    assert client.post(_url("dossier_step_review", dossier), {"token": "x"}).status_code == 404


def test_post_delivery_needs_an_address(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    response = client_in.post(_url("dossier_step_delivery", dossier), {"delivery_method": "post"})
    assert response.status_code == 400
    assert 'href="#id_delivery_address"' in response.content.decode()


def test_a_saved_draft_resumes_from_my_dossiers(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    data = _applicant_post()
    data["save_draft"] = "1"
    response = client_in.post(_url("dossier_step_applicant", dossier), data)
    assert response["Location"] == reverse("dossier_mine")
    html = client_in.get(reverse("dossier_mine")).content.decode()
    assert _url("dossier_step_documents", dossier) in html


def test_files_are_stored_with_their_real_type(client_in, procedure, citizen):
    dossier = make_draft(procedure, citizen)
    doc = procedure.current_version.documents.order_by("position").first()
    client_in.post(
        _url("dossier_step_documents", dossier),
        {f"doc_{doc.pk}": png_file("anh.pdf"), "upload": "1"},
    )
    stored = DossierFile.objects.get()
    assert stored.kind == FileKind.SUBMITTED
    assert stored.content_type == "image/png" and stored.file.name.endswith(".png")
    assert stored.original_name == "anh.pdf"
