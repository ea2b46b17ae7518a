"""Feedback names a dossier: the form is prefilled from "Hồ sơ của tôi", and
staff of the dossier's unit see the dossier beside the item; staff of other
units see only the code the citizen typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.feedback import actions
from motcua.feedback.constants import FeedbackKind, IntakeChannel, Topic
from motcua.testing.dossier_factories import make_submitted
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def _item(unit, code):
    return actions.do_receive_feedback(
        channel=IntakeChannel.WEB,
        kind=FeedbackKind.COMPLAINT,
        topic=Topic.PROCEDURES,
        unit=unit,
        title="Hồ sơ chậm",
        content="Hồ sơ của tôi đã quá hạn.",
        contact_name="Nguyễn Văn An",
        contact_email="an@example.vn",
        dossier_code=code,
    )


def test_my_dossier_page_links_to_a_prefilled_feedback_form(client, org, personas):
    dossier = make_submitted(ProcedureFactory(unit=org.pharmacy), personas.citizen)
    client.force_login(personas.citizen)
    page = client.get(reverse("dossier_mine_detail", args=[dossier.pk]))
    link = f"{reverse('feedback_form')}?ho_so={dossier.code}"
    assert link in page.text
    form = client.get(link)
    assert f'value="{dossier.code}"' in form.text


def test_staff_of_the_dossier_unit_see_the_dossier(client, org, personas):
    dossier = make_submitted(ProcedureFactory(unit=org.pharmacy), personas.citizen)
    item = _item(org.pharmacy, dossier.code)
    client.force_login(personas.handler)
    page = client.get(reverse("feedback:detail", args=[item.pk]))
    assert page.status_code == 200
    assert dossier.procedure_name in page.text


def test_staff_of_another_unit_see_only_the_code(client, org, personas):
    dossier = make_submitted(ProcedureFactory(unit=org.hospital), personas.citizen)
    item = _item(org.pharmacy, dossier.code)
    client.force_login(personas.handler)
    page = client.get(reverse("feedback:detail", args=[item.pk]))
    assert page.status_code == 200
    assert dossier.code in page.text
    assert dossier.procedure_name not in page.text
