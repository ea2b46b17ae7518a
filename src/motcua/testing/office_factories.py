"""Helpers for tests of the back office (/can-bo/ho-so/): the staff of a
Department whose one-stop reception receives for every room, and dossiers
taken along the workflow through the real actions."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.org.constants import Role
from motcua.testing.dossier_factories import make_submitted, pdf_file


def office_staff(org: SimpleNamespace, personas: SimpleNamespace) -> SimpleNamespace:
    """Reception held at the Department (Bộ phận Một cửa receives for all
    its rooms), the pharmacy room's handler and approver, a second handler,
    and the same roles in another province's department (for 404s)."""
    from motcua.testing.factories import make_member

    return SimpleNamespace(
        reception=make_member(Role.RECEPTION, org.dept, email="motcua-so@motcua.test"),
        handler=personas.handler,
        handler2=make_member(Role.HANDLER, org.pharmacy, email="thuly2@motcua.test"),
        approver=personas.approver,
        leader=personas.leader,
        citizen=personas.citizen,
        other_reception=make_member(Role.RECEPTION, org.other, email="mc-khac@motcua.test"),
        other_handler=make_member(Role.HANDLER, org.other, email="tl-khac@motcua.test"),
        other_approver=make_member(Role.APPROVER, org.other, email="pd-khac@motcua.test"),
    )


def take_to(procedure: Any, citizen: Any, staff: SimpleNamespace, stage: str) -> Dossier:
    """A dossier submitted online by ``citizen`` and taken by the real
    actions to ``stage``: submitted, received, in_progress, forwarded,
    resolved or returned."""
    order = ["submitted", "received", "in_progress", "forwarded", "resolved", "returned"]
    target = order.index(stage)
    dossier = make_submitted(procedure, citizen)
    if target >= 1:
        dossier = actions.do_receive_dossier(dossier, acting_user=staff.reception)
    if target >= 2:
        dossier = actions.do_assign_dossier(
            dossier, acting_user=staff.reception, handler=staff.handler
        )
    if target >= 3:
        dossier = actions.do_forward_for_approval(
            dossier,
            acting_user=staff.handler,
            approver=staff.approver,
            files=[pdf_file("giay-phep.pdf")],
        )
    if target >= 4:
        dossier = actions.do_approve_dossier(dossier, acting_user=staff.approver)
    if target >= 5:
        dossier = actions.do_return_result(
            dossier,
            acting_user=staff.reception,
            recipient_name="Nguyễn Văn An",
            recipient_id_number="056090001234",
        )
    return Dossier.objects.get(pk=dossier.pk)
