"""Helpers shared by the actions: permission checks, text cleaning, e-mail on commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core.text import clean_text, nfc
from motcua.org.models import Membership, Unit
from motcua.plans.constants import PlanStatus
from motcua.plans.models import Plan, ReportingPeriod, access_for

if TYPE_CHECKING:
    from motcua.accounts.models import User

logger = logging.getLogger(__name__)

PLAN_FIELDS = [
    "title",
    "parent_body",
    "issuer_name",
    "place",
    "number",
    "symbol",
    "report_symbol",
    "issued_on",
    "legal_basis",
    "requirements",
    "audiences",
    "budget_source",
    "implementation",
    "report_to",
    "unit_deadline_days",
    "department_deadline_days",
    "remind_before_days",
    "remind_every_days",
    "is_shared_model",
    "source_note",
]
TEXT_FIELDS = {
    "title",
    "parent_body",
    "issuer_name",
    "place",
    "number",
    "symbol",
    "report_symbol",
    "report_to",
    "source_note",
}


# ================================================================ helpers
def _ensure(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _ensure_coordinator(user: User | None, plan: Plan) -> None:
    """Plans belong to the Office (Văn phòng Sở) of their department."""
    if user is None:  # demo data and migrations act as the system
        return
    _ensure(access_for(user).coordinates(plan.department))


def _move(old: str, new: str, table: frozenset[tuple[str, str]], labels: Any) -> None:
    if (old, new) not in table:
        raise ValidationError(
            _("This cannot be done now: the report is “%(status)s”.")
            % {"status": labels(old).label}
        )


def _ensure_open(period: ReportingPeriod) -> None:
    if period.is_closed:
        raise ValidationError(
            _(
                "The reporting period “%(period)s” is closed: reports for it can no longer be "
                "filed or changed. Ask the Office of the Department to reopen it."
            )
            % {"period": period.doc_name}
        )


def _ensure_in_force(plan: Plan) -> None:
    if plan.status != PlanStatus.IN_FORCE:
        raise ValidationError(_("Reports can be filed only on a plan in force."))


def _text(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def _multiline(value: str) -> str:
    """NFC, spaces folded within each line, at most one blank line in a row."""
    lines = [" ".join(line.split()) for line in nfc(value or "").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (_text(v) if k in TEXT_FIELDS else _multiline(v) if isinstance(v, str) else v)
        for k, v in fields.items()
    }


_QUIET: ContextVar[bool] = ContextVar("plans_quiet_mail", default=False)


@contextmanager
def without_mail() -> Iterator[None]:
    """Write without e-mailing anyone (demo data, bulk loads of past reports)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def mail_on_commit(recipients: Sequence[str], subject: str, body: str) -> None:
    """Send an e-mail once the transaction commits (never inside it).

    This goes through Django's mailer. The notifications app's outbox
    (``motcua.notifications.actions.notify_user``) records and retries
    delivery; plans switch to it once it offers a staff event for report
    reminders (an entry in ``notifications.constants.EVENTS``)."""
    recipients = sorted({r for r in recipients if r})
    if not recipients or _QUIET.get():
        return

    def send() -> None:
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            logger.exception("could not send %r to %s", subject, recipients)

    transaction.on_commit(send)


def _emails(unit: Unit, roles: Iterable[str]) -> list[str]:
    """Addresses of the people holding ``roles`` in ``unit`` itself."""
    return list(
        Membership.objects.active()
        .filter(unit=unit, role__in=list(roles), user__is_active=True)
        .values_list("user__email", flat=True)
    )


def _staff_url(name: str, *args: Any) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"
