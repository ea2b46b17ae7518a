"""Dossier states, channels and the transition table (DESIGN.md §4).

States carry the numeric codes of the national status list used to
synchronise with the National Public Service Portal (domain-vn.md §4.4), so
``status`` is the code itself; ``DRAFT`` (0) is an online form not yet sent.
Every change of state is one action in ``dossiers.actions`` that checks this
table first (``ensure_transition``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import Role


class DossierStatus(models.IntegerChoices):
    DRAFT = 0, _("Draft")
    SUBMITTED = 1, _("Submitted, awaiting reception")  # Mới đăng ký
    RECEIVED = 2, _("Received")  # Được tiếp nhận
    REFUSED = 3, _("Refused")  # Không được tiếp nhận
    IN_PROGRESS = 4, _("In progress")  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5, _("Supplement requested")  # Yêu cầu bổ sung giấy tờ
    PAYMENT_REQUESTED = 6, _("Payment requested")  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7, _("Withdrawn")  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8, _("Processing stopped")  # Dừng xử lý
    RESOLVED = 9, _("Resolved, result ready")  # Đã xử lý xong
    RETURNED = 10, _("Result returned")  # Đã trả kết quả


# No further transition from these.
TERMINAL_STATES = frozenset(
    {
        DossierStatus.REFUSED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
        DossierStatus.RETURNED,
    }
)

# States in which the deadline clock runs (received and not yet resolved).
# While a supplement is awaited the clock pauses (DESIGN.md §4, Deadlines).
CLOCK_RUNNING_STATES = frozenset(
    {DossierStatus.RECEIVED, DossierStatus.IN_PROGRESS, DossierStatus.PAYMENT_REQUESTED}
)

# Open: submitted and not finished; the queues and "late" statistics use it.
OPEN_STATES = frozenset(
    {
        DossierStatus.SUBMITTED,
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.PAYMENT_REQUESTED,
    }
)

# The citizen may withdraw alone before reception; afterwards the request is
# recorded and reception decides (NĐ 118/2025: rút hồ sơ theo yêu cầu).
CITIZEN_WITHDRAWS_ALONE = frozenset({DossierStatus.SUBMITTED})
WITHDRAWAL_REQUEST_STATES = frozenset(
    {
        DossierStatus.RECEIVED,
        DossierStatus.IN_PROGRESS,
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.PAYMENT_REQUESTED,
    }
)


class Channel(models.TextChoices):
    """How a dossier arrived. Every channel ends in the same dossier."""

    ONLINE = "online", _("Online on this site")
    COUNTER = "counter", _("At the one-stop counter")
    POST = "post", _("By post")
    DVCQG = "dvcqg", _("National Public Service Portal")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Individual")
    ORGANISATION = "organisation", _("Organisation or business")


class DeliveryMethod(models.TextChoices):
    COUNTER = "counter", _("At the one-stop counter")
    POST = "post", _("By public postal service")


class FileKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted document")
    SUPPLEMENT = "supplement", _("Supplement")
    RESULT = "result", _("Result")
    SCAN = "scan", _("Scanned at the counter")
    OTHER = "other", _("Other")


# Actors that are not staff roles.
CITIZEN = "citizen"  # the applicant's own account
SYSTEM = "system"  # payment providers, the portal synchronisation, periodic jobs


@dataclass(frozen=True)
class Transition:
    """One allowed move: the action that makes it and who may act."""

    action: str
    actors: frozenset[str]


def _t(action: str, *actors: str) -> Transition:
    return Transition(action, frozenset(actors))


S = DossierStatus
R = Role

# (from, to) → the action and who may do it. Staff transitions are built by
# the back-office issue; they are listed here so the model is complete.
TRANSITIONS: dict[tuple[int, int], Transition] = {
    # Online form sent by the citizen.
    (S.DRAFT, S.SUBMITTED): _t("submit", CITIZEN),
    # Reception of an online / portal dossier.
    (S.SUBMITTED, S.RECEIVED): _t("receive", R.RECEPTION),
    (S.SUBMITTED, S.REFUSED): _t("refuse", R.RECEPTION),
    (S.SUBMITTED, S.SUPPLEMENT_REQUESTED): _t("request_supplement", R.RECEPTION),
    (S.SUBMITTED, S.PAYMENT_REQUESTED): _t("request_payment", R.RECEPTION, SYSTEM),
    (S.SUBMITTED, S.WITHDRAWN): _t("withdraw", CITIZEN, R.RECEPTION),
    # Received: assigned to a handler, or back to the citizen.
    (S.RECEIVED, S.IN_PROGRESS): _t("assign", R.RECEPTION, R.HANDLER, R.APPROVER),
    (S.RECEIVED, S.SUPPLEMENT_REQUESTED): _t("request_supplement", R.RECEPTION, R.HANDLER),
    (S.RECEIVED, S.PAYMENT_REQUESTED): _t("request_payment", R.RECEPTION, R.HANDLER, SYSTEM),
    (S.RECEIVED, S.WITHDRAWN): _t("withdraw", R.RECEPTION),
    (S.RECEIVED, S.RESOLVED): _t("resolve", R.APPROVER),  # procedures handled on receipt ("0 ngày")
    # Processing.
    (S.IN_PROGRESS, S.SUPPLEMENT_REQUESTED): _t("request_supplement", R.HANDLER, R.APPROVER),
    (S.IN_PROGRESS, S.PAYMENT_REQUESTED): _t("request_payment", R.HANDLER, R.APPROVER, SYSTEM),
    (S.IN_PROGRESS, S.RESOLVED): _t("resolve", R.APPROVER),
    (S.IN_PROGRESS, S.STOPPED): _t("stop", R.APPROVER),
    (S.IN_PROGRESS, S.WITHDRAWN): _t("withdraw", R.RECEPTION),
    # Supplement: the citizen supplies it and the dossier goes back to where
    # it was (``Dossier.resume_status``), or processing stops.
    (S.SUPPLEMENT_REQUESTED, S.SUBMITTED): _t("supply", CITIZEN, R.RECEPTION),
    (S.SUPPLEMENT_REQUESTED, S.RECEIVED): _t("supply", CITIZEN, R.RECEPTION),
    (S.SUPPLEMENT_REQUESTED, S.IN_PROGRESS): _t("supply", CITIZEN, R.RECEPTION),
    (S.SUPPLEMENT_REQUESTED, S.STOPPED): _t("stop", R.APPROVER),
    (S.SUPPLEMENT_REQUESTED, S.WITHDRAWN): _t("withdraw", CITIZEN, R.RECEPTION),
    # Payment: once paid, back to where it was (``resume_status``).
    (S.PAYMENT_REQUESTED, S.SUBMITTED): _t("payment_settled", SYSTEM, R.RECEPTION),
    (S.PAYMENT_REQUESTED, S.RECEIVED): _t("payment_settled", SYSTEM, R.RECEPTION),
    (S.PAYMENT_REQUESTED, S.IN_PROGRESS): _t("payment_settled", SYSTEM, R.RECEPTION),
    (S.PAYMENT_REQUESTED, S.RESOLVED): _t("payment_settled", SYSTEM, R.RECEPTION),
    (S.PAYMENT_REQUESTED, S.WITHDRAWN): _t("withdraw", CITIZEN, R.RECEPTION),
    # Result.
    (S.RESOLVED, S.PAYMENT_REQUESTED): _t("request_payment", R.RECEPTION, SYSTEM),
    (S.RESOLVED, S.RETURNED): _t("return_result", R.RECEPTION),
}

del S, R


def allowed_targets(status: int) -> list[int]:
    """States reachable from ``status`` in one move."""
    return [to for (frm, to) in TRANSITIONS if frm == status]


def transition_for(old: int, new: int) -> Transition | None:
    return TRANSITIONS.get((old, new))


class AuditEvent(models.TextChoices):
    """Audit-log events of this app (``core.audit.record_audit``)."""

    DRAFT_CREATED = "dossiers.draft_created", _("Dossier draft created")
    DRAFT_CHANGED = "dossiers.draft_changed", _("Dossier draft changed")
    DRAFT_DELETED = "dossiers.draft_deleted", _("Dossier draft deleted")
    FILE_ADDED = "dossiers.file_added", _("File added to a dossier")
    FILE_REMOVED = "dossiers.file_removed", _("File removed from a dossier")
    STATUS_CHANGED = "dossiers.status_changed", _("Dossier status changed")
    WITHDRAWAL_REQUESTED = "dossiers.withdrawal_requested", _("Withdrawal requested")
    SUPPLEMENT_SUPPLIED = "dossiers.supplement_supplied", _("Supplement supplied")
    VIEWED = "dossiers.viewed", _("Dossier viewed by staff")
    # Back office.
    INTAKE = "dossiers.intake", _("Dossier registered at the counter or from the post")
    ASSIGNED = "dossiers.assigned", _("Dossier handed to another handler")
    FORWARDED = "dossiers.forwarded", _("Dossier result sent for approval")
    RETURNED_TO_HANDLER = "dossiers.returned_to_handler", _("Draft result returned to the handler")
    DEADLINE_WARNED = "dossiers.deadline_warned", _("Staff warned of a due or late dossier")
    APOLOGY_DRAFTED = "dossiers.apology_drafted", _("Apology letter drafted")
    APOLOGY_APPROVED = "dossiers.apology_approved", _("Apology letter approved and sent")
    API_TOKEN_CREATED = "dossiers.api_token_created", _("Personal API token created")
    API_TOKEN_REVOKED = "dossiers.api_token_revoked", _("Personal API token revoked")
    # National Public Service Portal synchronisation.
    DVCQG_IMPORTED = "dossiers.dvcqg_imported", _("Dossier imported from the national portal")
    DVCQG_SYNCED = "dossiers.dvcqg_synced", _("Dossier updated from the national portal")


# Alphabet of lookup keys: no 0/O, 1/I/L, so a key read aloud or typed from
# paper is not mistaken (31 symbols; 6 characters ≈ 8.9 × 10⁸ keys).
LOOKUP_KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_KEY_LENGTH = 6
