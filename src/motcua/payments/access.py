"""Who may see a payment's pages (the VietQR page, the payer's status page,
the receipt) and its API resource.

Three kinds of people: the applicant signed in with the account that owns
the dossier; whoever holds the dossier's lookup key (printed on the
acknowledgement, passed as ``?k=`` like on ``/tra-cuu/``); staff of the
collecting unit (or an ancestor) with one of ``STAFF_ROLES``. Anyone else
gets a 404 from the caller, never a 403, so references cannot be probed.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from motcua.org.models import Unit
from motcua.payments.constants import STAFF_ROLES

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.dossiers.models import Dossier
    from motcua.payments.models import Payment


def key_matches(dossier: Dossier, key: str | None) -> bool:
    """Whether ``key`` is the dossier's lookup key (constant-time)."""
    if not key or not dossier.lookup_key:
        return False
    return hmac.compare_digest(key.strip().encode(), dossier.lookup_key.encode())


def is_owner(user: Any, dossier: Dossier) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and dossier.applicant_user_id is not None
        and dossier.applicant_user_id == user.pk
    )


def is_unit_staff(user: Any, unit_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Unit.objects.visible_to(user, roles=STAFF_ROLES).filter(pk=unit_id).exists()


def can_view_dossier_payments(user: Any, dossier: Dossier, *, key: str | None = None) -> bool:
    """The owner, the holder of the lookup key, or staff of the unit."""
    return (
        is_owner(user, dossier) or key_matches(dossier, key) or is_unit_staff(user, dossier.unit_id)
    )


def request_key(request: HttpRequest) -> str:
    """The lookup key a page was given (``?k=`` or a posted ``k``)."""
    return (request.GET.get("k") or request.POST.get("k") or "").strip()[:16]


def can_view_payment(request: HttpRequest, payment: Payment, *, key: str | None = None) -> bool:
    """Whether the person behind ``request`` may see ``payment``: owner of
    the dossier, ``key`` (default: ``?k=``) equal to its lookup key, or
    staff of the charge's unit. ``payment.charge.dossier`` should be
    joined by the caller (``select_related("charge__dossier")``)."""
    dossier = payment.charge.dossier
    if key is None:
        key = request_key(request)
    user = getattr(request, "user", None)
    return (
        is_owner(user, dossier)
        or key_matches(dossier, key)
        or is_unit_staff(user, payment.charge.unit_id)
    )
