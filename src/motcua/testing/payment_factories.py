"""Dossiers that owe fees, and payments, for the payments tests (owned by
the payments app's ledger side). Everything goes through the real actions.

Usage::

    from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff

    dossier = make_fee_dossier(org, personas)                 # resolved, payment requested,
                                                              # one open 500 000 ₫ charge
    dossier = make_fee_dossier(org, personas, fee=[("Phí thẩm định", 500_000), ("Lệ phí", 100_000)])
    dossier = make_fee_dossier(org, personas, timing="before_reception")   # asked on submission
    dossier = make_fee_dossier(org, personas, postal=True)   # + postal fee line (25 000 ₫)
    dossier = make_fee_dossier(org, personas, stage="resolved")   # no charge yet
    dossier = make_fee_dossier(org, personas, stage="paid")       # paid through the demo provider

    charge = dossier.open_charge          # the OPEN charge (None for "resolved" / "paid")
    charge = payable_charge(dossier)      # same, from motcua.payments.selectors
    payment = make_payment(charge)                    # pending demo payment of the full amount
    payment = make_payment(charge, provider="vietqr") # with a transfer note "HS <code>"
    staff = payment_staff(org, personas)  # reception at the Department (cashier for every
                                          # room), pharmacy handler/approver, leader

The procedure belongs to ``org.pharmacy``; reception is held at ``org.dept``
(the one-stop counter receives and collects for every room).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from motcua.dossiers.models import Dossier
from motcua.org.constants import Role

FeeSpec = int | Sequence[tuple[str, int]]


def _member(role: str, unit: Any, email: str, full_name: str) -> Any:
    from motcua.org.selectors import has_role
    from motcua.testing.factories import UserFactory, make_member

    user: Any = UserFactory(email=email, full_name=full_name)
    if not has_role(user, [role], unit):
        user = make_member(role, unit, email=email)
    return user


def payment_staff(org: SimpleNamespace, personas: SimpleNamespace) -> SimpleNamespace:
    """Staff for payment tests (idempotent: call it as often as needed)."""
    return SimpleNamespace(
        reception=_member(Role.RECEPTION, org.dept, "thungan@motcua.test", "Lê Thị Thu Ngân"),
        handler=personas.handler,
        approver=personas.approver,
        leader=personas.leader,
        citizen=personas.citizen,
        other_reception=_member(
            Role.RECEPTION, org.other, "thungan-khac@motcua.test", "Phạm Văn Khác"
        ),
        other_approver=_member(
            Role.APPROVER, org.other, "pheduyet-khac@motcua.test", "Đỗ Văn Khác"
        ),
    )


def _postal_fields() -> dict[str, Any]:
    from motcua.core.models import AdministrativeUnit

    province = AdministrativeUnit.objects.current().provinces().filter(code="56").first()
    if province is None:
        province = AdministrativeUnit.objects.current().provinces().first()
    ward = province.children.first() if province else None
    return {
        "delivery_name": "Nguyễn Văn An",
        "delivery_phone": "+84905123456",
        "delivery_address": "12 Lê Thánh Tôn",
        "delivery_province": province,
        "delivery_ward": ward,
    }


def make_fee_dossier(
    org: SimpleNamespace,
    personas: SimpleNamespace,
    *,
    fee: FeeSpec = 500_000,
    timing: str = "before_result",
    postal: bool = False,
    stage: str = "payment_requested",
    procedure: Any = None,
    reduction: Any = None,
) -> Dossier:
    """A dossier of a fee-bearing procedure of ``org.pharmacy`` submitted
    online by ``personas.citizen``.

    ``timing="before_result"``: taken through reception, processing and
    approval; at ``stage="payment_requested"`` reception then asks for the
    fee (``payments.actions.request_payment``). ``timing="before_reception"``:
    the submission itself asks for the fee (stage is then
    "payment_requested" right after submission). ``stage="resolved"`` stops
    before the request (before_result only); ``stage="paid"`` also pays the
    charge through the demo provider. ``dossier.open_charge`` is the open
    charge or ``None``."""
    import secrets

    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.constants import DeliveryMethod
    from motcua.payments import actions
    from motcua.payments.selectors import payable_charge
    from motcua.testing.dossier_factories import make_draft, pdf_file
    from motcua.testing.procedure_factories import ProcedureFactory

    staff = payment_staff(org, personas)
    if procedure is None:
        procedure = ProcedureFactory(unit=org.pharmacy, fee=fee, fee_timing=timing)
    citizen = personas.citizen
    dossier = make_draft(procedure, citizen, complete=True)
    if postal:
        dossier = dossier_actions.do_save_delivery(
            dossier, acting_user=citizen, delivery_method=DeliveryMethod.POST, **_postal_fields()
        )
    dossier = dossier_actions.do_submit_dossier(
        dossier, acting_user=citizen, token=secrets.token_urlsafe(16)
    )
    if timing == "before_result":
        dossier = dossier_actions.do_receive_dossier(dossier, acting_user=staff.reception)
        dossier = dossier_actions.do_assign_dossier(
            dossier, acting_user=staff.reception, handler=staff.handler
        )
        dossier = dossier_actions.do_forward_for_approval(
            dossier,
            acting_user=staff.handler,
            approver=staff.approver,
            files=[pdf_file("giay-phep.pdf")],
        )
        dossier = dossier_actions.do_approve_dossier(dossier, acting_user=staff.approver)
        if stage in ("payment_requested", "paid"):
            actions.request_payment(dossier, acting_user=staff.reception, reduction=reduction)
    dossier = Dossier.objects.get(pk=dossier.pk)
    if stage == "paid":
        charge = payable_charge(dossier)
        assert charge is not None, "the dossier has no open charge to pay"
        payment = make_payment(charge)
        actions.confirm_payment(
            payment, amount=payment.amount, provider_ref="DEMO-FACTORY", source="webhook"
        )
        dossier = Dossier.objects.get(pk=dossier.pk)
    dossier.open_charge = payable_charge(dossier)  # type: ignore[attr-defined]
    return dossier


def make_payment(charge: Any, provider: str = "demo", **kwargs: Any) -> Any:
    """A pending payment of the whole charge through ``provider``
    (``payments.actions.start_payment``)."""
    from motcua.payments import actions

    return actions.start_payment(charge, provider=provider, **kwargs)
