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


def test_the_back_office_demo_covers_each_stage_once(org):
    """With the demo staff, the counter dossiers cover every stage, the
    late one has an approved apology, the reception officer can receive
    the demo citizen's online dossier, and a second run adds nothing."""
    from motcua.dossiers.models import ApologyLetter
    from motcua.org.constants import Role
    from motcua.org.selectors import has_role

    UserFactory(email="congdan@motcua.test", full_name="Nguyễn Văn An", id_number="056090001234")
    reception = make_member(Role.RECEPTION, org.office, email="motcua@motcua.test")
    make_member(Role.HANDLER, org.pharmacy, email="thuly@motcua.test")
    make_member(Role.APPROVER, org.pharmacy, email="pheduyet@motcua.test")
    for _ in range(3):
        ProcedureFactory(unit=org.pharmacy)
    demo.load(io.StringIO())
    assert has_role(reception, [Role.RECEPTION], org.pharmacy)
    counter = sorted(
        Dossier.objects.filter(channel__in=["counter", "post"]).values_list("status", flat=True)
    )
    assert counter == [
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.IN_PROGRESS,
        DossierStatus.IN_PROGRESS,
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.RESOLVED,
        DossierStatus.RETURNED,
    ]
    letters = list(ApologyLetter.objects.select_related("dossier"))
    assert len(letters) == 2
    assert all(a.status == "approved" and a.dossier.is_overdue() for a in letters)
    # One of them is the demo citizen's, shown in "Hồ sơ của tôi".
    assert any(a.dossier.applicant_user_id for a in letters)
    counts = (Dossier.objects.count(), DossierStep.objects.count(), Message.objects.count())
    demo.load(io.StringIO())
    assert counts == (Dossier.objects.count(), DossierStep.objects.count(), Message.objects.count())
