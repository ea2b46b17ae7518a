""" "Hồ sơ của tôi": list, detail, files, supplement, withdrawal."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import actions
from motcua.dossiers.constants import DossierStatus, FileKind
from motcua.dossiers.models import Dossier, DossierFile, SupplementRequest
from motcua.org.constants import Role
from motcua.testing.dossier_factories import (
    fake_pdf,
    make_draft,
    make_submitted,
    pdf_file,
    png_file,
)
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, documents=1)


@pytest.fixture
def citizen(personas):
    return personas.citizen


def _supplement(dossier, staff):
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        locked.paused_at = timezone.now()
        actions.change_status(
            locked,
            DossierStatus.SUPPLEMENT_REQUESTED,
            acting_user=staff,
            actor=Role.RECEPTION,
            action="request_supplement",
            note="Thiếu <b>ảnh 4x6</b>",
            update_fields=["paused_at"],
        )
        return SupplementRequest.objects.create(dossier=locked, reason="Thiếu <b>ảnh 4x6</b>")


def _many(procedure, citizen, n):
    out = [make_submitted(procedure, citizen) for _ in range(n)]
    make_draft(ProcedureFactory(unit=procedure.unit), citizen)
    return out


def test_the_list_takes_the_same_queries_for_3_or_12_dossiers(
    client, procedure, citizen, personas, django_assert_max_num_queries
):
    client.force_login(citizen)
    _many(procedure, citizen, 3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("dossier_mine")).status_code == 200
    more = _many(procedure, citizen, 9)
    _supplement(more[0], personas.reception)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("dossier_mine"))
    html = response.content.decode()
    assert response.status_code == 200
    assert more[0].code in html
    assert 'class="action-needed"' in html


def test_the_list_shows_only_my_dossiers(client, procedure, citizen, personas):
    mine = make_submitted(procedure, citizen)
    theirs = make_submitted(procedure, personas.handler)
    client.force_login(citizen)
    html = client.get(reverse("dossier_mine")).content.decode()
    assert mine.code in html and theirs.code not in html
    assert client.get(reverse("dossier_mine_detail", args=[theirs.pk])).status_code == 404
    theirs_file = DossierFile.objects.filter(dossier=theirs).first()
    assert (
        client.get(reverse("dossier_mine_file", args=[theirs.pk, theirs_file.pk])).status_code
        == 404
    )


def test_the_detail_shows_history_documents_and_requests_in_few_queries(
    client, procedure, citizen, personas, django_assert_max_num_queries
):
    dossier = make_submitted(procedure, citizen)
    _supplement(dossier, personas.reception)
    client.force_login(citizen)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("dossier_mine_detail", args=[dossier.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html and dossier.lookup_key in html
    assert "&lt;b&gt;ảnh 4x6&lt;/b&gt;" in html and "<b>ảnh 4x6</b>" not in html
    assert (
        reverse("dossier_mine_supplement", args=[dossier.pk, dossier.supplement_requests.get().pk])
        in html
    )
    assert f"/tra-cuu/{dossier.code}/?k={dossier.lookup_key}" in html


def test_the_acknowledgement_is_linked_when_it_exists(client, procedure, citizen):
    from django.urls import NoReverseMatch

    dossier = make_submitted(procedure, citizen)
    client.force_login(citizen)
    html = client.get(reverse("dossier_mine_detail", args=[dossier.pk])).content.decode()
    try:
        url = reverse("dossier_acknowledgement", args=[dossier.pk])
    except NoReverseMatch:
        assert "giay-xac-nhan" not in html
    else:
        assert url in html


def test_a_citizen_downloads_their_own_file(client, procedure, citizen):
    dossier = make_submitted(procedure, citizen)
    record = DossierFile.objects.get(dossier=dossier)
    client.force_login(citizen)
    response = client.get(reverse("dossier_mine_file", args=[dossier.pk, record.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_a_supplement_is_uploaded_and_sent(client, procedure, citizen, personas):
    dossier = make_submitted(procedure, citizen)
    request = _supplement(dossier, personas.reception)
    client.force_login(citizen)
    url = reverse("dossier_mine_supplement", args=[dossier.pk, request.pk])
    bad = client.post(url, {"files": [png_file(), fake_pdf()], "note": "Ảnh đây", "send": "1"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "virus.pdf" in html and "Ảnh đây" in html
    assert DossierFile.objects.filter(supplement_request=request).count() == 1  # the good one kept
    request.refresh_from_db()
    assert request.is_open
    ok = client.post(url, {"note": "Ảnh đây", "send": "1"})
    assert ok.status_code == 302
    dossier.refresh_from_db()
    request.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED and not request.is_open
    assert (
        DossierFile.objects.filter(supplement_request=request, kind=FileKind.SUPPLEMENT).count()
        == 1
    )


def test_withdrawal_from_the_page(client, procedure, citizen):
    dossier = make_submitted(procedure, citizen)
    client.force_login(citizen)
    url = reverse("dossier_mine_withdraw", args=[dossier.pk])
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and 'href="#id_reason"' in empty.content.decode()
    assert client.post(url, {"reason": "Nộp nhầm"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    again = client.post(url, {"reason": "Nộp nhầm"})
    assert again.status_code == 400


def test_a_draft_is_deleted_with_its_files(client, procedure, citizen):
    draft = make_draft(procedure, citizen)
    actions.do_attach_file(draft, acting_user=citizen, upload=pdf_file())
    client.force_login(citizen)
    assert client.post(reverse("dossier_draft_delete", args=[draft.pk])).status_code == 302
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert not DossierFile.objects.exists()


def test_opening_a_draft_from_the_list_resumes_the_form(client, procedure, citizen):
    draft = make_draft(procedure, citizen)
    client.force_login(citizen)
    response = client.get(reverse("dossier_mine_detail", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "dossier_step_applicant", args=[procedure.code, draft.pk]
    )
