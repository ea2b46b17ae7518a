from __future__ import annotations

import io

import pytest

from motcua.dossiers import demo
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierFile, DossierStep
from motcua.notifications.models import Message
from motcua.testing.factories import UserFactory, make_member
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_demo_makes_each_kind_of_dossier_once(org):
    from motcua.org.constants import Role

    UserFactory(email="congdan@motcua.test", full_name="Nguyễn Văn An", id_number="056090001234")
    make_member(Role.RECEPTION, org.office, email="motcua@motcua.test")
    for _ in range(3):
        ProcedureFactory(unit=org.pharmacy)
    demo.load(io.StringIO())
    statuses = sorted(Dossier.objects.values_list("status", flat=True))
    assert statuses == [
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.SUPPLEMENT_REQUESTED,
    ]
    counts = (
        Dossier.objects.count(),
        DossierFile.objects.count(),
        DossierStep.objects.count(),
        Message.objects.count(),
    )
    demo.load(io.StringIO())
    assert counts == (
        Dossier.objects.count(),
        DossierFile.objects.count(),
        DossierStep.objects.count(),
        Message.objects.count(),
    )
