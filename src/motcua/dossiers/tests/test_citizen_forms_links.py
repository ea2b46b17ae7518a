""" "Hồ sơ của tôi" offers the forms the citizen is given: Mẫu 01 once the
dossier is received (not before)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_receipt_is_offered_once_received_and_downloads(client, org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy)
    submitted = take_to(procedure, personas.citizen, staff, "submitted")
    received = take_to(procedure, personas.citizen, staff, "received")
    client.force_login(personas.citizen)
    form_url = reverse("dossier_mine_form", args=[received.pk, 1, "pdf"])
    page = client.get(reverse("dossier_mine_detail", args=[received.pk]))
    assert form_url in page.text
    not_yet = client.get(reverse("dossier_mine_detail", args=[submitted.pk]))
    assert reverse("dossier_mine_form", args=[submitted.pk, 1, "pdf"]) not in not_yet.text
    response = client.get(form_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
