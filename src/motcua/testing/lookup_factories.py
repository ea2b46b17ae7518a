"""Dossiers in any state, for the lookup, acknowledgement, SMS and API tests
(owned by the dossiers lookup side).

Usage::

    from motcua.testing.lookup_factories import make_dossier

    d = make_dossier()                                  # submitted online, code + key
    d = make_dossier(status=DossierStatus.RECEIVED)     # received now, due in 20 days
    d = make_dossier(status=DossierStatus.IN_PROGRESS, overdue=True)
    d = make_dossier(status=DossierStatus.RESOLVED, resolved_late=True)
    d = make_dossier(user=personas.citizen, applicant_id_number="079203001234")
    d = make_dossier(status=DossierStatus.DRAFT)         # a draft: no code, no key

States are written directly (with one public history step per state
passed), not through the actions: these tests read dossiers, the actions
have their own tests.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from motcua.dossiers.constants import Channel, DeliveryMethod, DossierStatus
from motcua.dossiers.models import Dossier, DossierStep

_numbers = itertools.count(1)
_KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

# The states a dossier passes through to reach each state (happy path).
_PATH = {
    DossierStatus.DRAFT: [],
    DossierStatus.SUBMITTED: [DossierStatus.SUBMITTED],
    DossierStatus.RECEIVED: [DossierStatus.SUBMITTED, DossierStatus.RECEIVED],
    DossierStatus.REFUSED: [DossierStatus.SUBMITTED, DossierStatus.REFUSED],
    DossierStatus.IN_PROGRESS: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
    ],
    DossierStatus.SUPPLEMENT_REQUESTED: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.SUPPLEMENT_REQUESTED,
    ],
    DossierStatus.PAYMENT_REQUESTED: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.PAYMENT_REQUESTED,
    ],
    DossierStatus.WITHDRAWN: [DossierStatus.SUBMITTED, DossierStatus.WITHDRAWN],
    DossierStatus.STOPPED: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.STOPPED,
    ],
    DossierStatus.RESOLVED: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.RESOLVED,
    ],
    DossierStatus.RETURNED: [
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.RESOLVED,
        DossierStatus.RETURNED,
    ],
}


def make_dossier(
    *,
    procedure: Any = None,
    user: Any = None,
    status: int = DossierStatus.SUBMITTED,
    overdue: bool = False,
    resolved_late: bool | None = None,
    code: str | None = None,
    lookup_key: str | None = None,
    **fields: Any,
) -> Dossier:
    """A dossier of ``procedure`` (a new one by default) in ``status``."""
    from motcua.testing.procedure_factories import ProcedureFactory

    procedure = procedure or ProcedureFactory()
    version = procedure.version_at() or procedure.versions.first()
    now = timezone.now()
    n = next(_numbers)
    path = _PATH[DossierStatus(status)]
    submitted_at = now - timedelta(days=30 if overdue or resolved_late is not None else 2)
    values: dict[str, Any] = {
        "status": status,
        "channel": Channel.ONLINE,
        "procedure": procedure,
        "procedure_version": version,
        "procedure_name": procedure.name,
        "unit_id": procedure.unit_id,
        "applicant_user": user,
        "applicant_name": getattr(user, "full_name", "") or "Trần Thị Bình",
        "applicant_id_number": "079203001234",
        "applicant_phone": "+84905123456",
        "applicant_email": getattr(user, "email", "") or "binh@motcua.test",
        "delivery_method": DeliveryMethod.COUNTER,
    }
    if status != DossierStatus.DRAFT:
        values["code"] = code or f"{procedure.unit.code}-{now:%y%m%d}-{n:04d}"
        values["lookup_key"] = lookup_key or "".join(
            _KEY_ALPHABET[(n * 7 + i * 3) % len(_KEY_ALPHABET)] for i in range(6)
        )
        values["submitted_at"] = submitted_at
        values["submission_token"] = f"test-{n}"
    if DossierStatus.RECEIVED in path:
        values["received_at"] = submitted_at + timedelta(hours=4)
        values["due_at"] = (
            now - timedelta(days=2)
            if overdue or resolved_late
            else values["received_at"] + timedelta(days=20)
        )
    if DossierStatus.RESOLVED in path:
        values["resolved_at"] = (
            values["due_at"] + timedelta(days=1)
            if resolved_late
            else values["due_at"] - timedelta(days=3)
        )
    if status == DossierStatus.RETURNED:
        values["returned_at"] = values["resolved_at"] + timedelta(hours=2)
    if status == DossierStatus.SUPPLEMENT_REQUESTED:
        values["paused_at"] = now - timedelta(days=1)
        values["resume_status"] = DossierStatus.IN_PROGRESS
    if status in (DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED):
        values["closed_at"] = now - timedelta(hours=1)
    values.update(fields)
    dossier = Dossier.objects.create(**values)
    previous = DossierStatus.DRAFT
    for i, state in enumerate(path):
        DossierStep.objects.create(
            dossier=dossier,
            action="test",
            from_status=previous,
            to_status=state,
            created_at=submitted_at + timedelta(hours=i * 4),
            note="ghi chú nội bộ" if state == DossierStatus.RECEIVED else "",
        )
        previous = state
    return dossier
