"""Reads of dossiers.

Lookup (``lookup_dossier``) is the one selector behind the public page
``/tra-cuu/``, the QR link on the acknowledgement, the ``lookup`` API and
the ``TRACUU`` SMS command: they all answer from the same public summary,
so what one channel shows, the others show too.

"My dossiers" selectors (``dossiers_of``, ``dossier_of``) give a citizen's
own dossiers with what their pages need fetched in a fixed number of
queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text
from motcua.dossiers.constants import (
    LOOKUP_KEY_LENGTH,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep, SupplementRequest

# ======================================================================
# Lookup (tra cứu hồ sơ): portal, QR, API and SMS
# ======================================================================

# Longest inputs worth a query: a code is at most the model's 64 characters.
MAX_CODE_LENGTH = 64
MAX_KEY_LENGTH = 16
MAX_ID_LENGTH = 20
# Compared against when no dossier has the code, so that an unknown code and
# a wrong key cost the same work (codes cannot be told apart by timing).
_DUMMY_SECRET = "Z" * LOOKUP_KEY_LENGTH

_CODE_JUNK = re.compile(r"\s+")
_ID_JUNK = re.compile(r"[\s.]+")


class Timeliness:
    """How a dossier stands against its deadline (the classes of provincial
    statistics pages: trước hạn / đúng hạn / trễ hạn, domain-vn.md §4.4)."""

    NOT_STARTED = "not_started"  # not received yet: the clock has not started
    ON_TIME = "on_time"  # open, due instant not passed (or paused before it)
    EARLY = "early"  # resolved before the due day
    DUE_DAY = "due_day"  # resolved on the due day, in time
    LATE = "late"  # open past the due instant, or resolved after it
    CLOSED = "closed"  # refused, withdrawn or stopped: no deadline to judge
    NO_DEADLINE = "no_deadline"  # the procedure has no published deadline


TIMELINESS_LABELS: dict[str, Promise] = {
    Timeliness.NOT_STARTED: _("The deadline starts when the dossier is received"),
    Timeliness.ON_TIME: _("On time"),
    Timeliness.EARLY: _("Resolved ahead of time"),
    Timeliness.DUE_DAY: _("Resolved on time"),
    Timeliness.LATE: _("Late"),
    Timeliness.CLOSED: _("Closed"),
    Timeliness.NO_DEADLINE: _("No deadline published"),
}


# What the citizen must do next, per state: shown on the lookup page, in
# the API and (short form) in the SMS reply.
NEXT_STEP: dict[int, Promise] = {
    DossierStatus.DRAFT: _("Finish the online form and submit it."),
    DossierStatus.SUBMITTED: _(
        "Nothing for now: the one-stop office checks the dossier and receives it. "
        "You will get an e-mail or SMS when it is received."
    ),
    DossierStatus.RECEIVED: _(
        "Nothing for now: the dossier has been received and will be processed by the due date."
    ),
    DossierStatus.REFUSED: _(
        "The dossier was not accepted. Read the reason in the notice sent to you, "
        "then submit a new dossier if you still need the procedure."
    ),
    DossierStatus.IN_PROGRESS: _("Nothing for now: the dossier is being processed."),
    DossierStatus.SUPPLEMENT_REQUESTED: _(
        "Supplement the dossier: sign in and open “My dossiers” to see what is missing and "
        "upload it, or bring it to the one-stop counter. The deadline is paused until then."
    ),
    DossierStatus.PAYMENT_REQUESTED: _(
        "Pay the fees: sign in and open “My dossiers”, or pay at the one-stop counter. "
        "Processing continues once the payment is received."
    ),
    DossierStatus.WITHDRAWN: _("Nothing: the dossier was withdrawn."),
    DossierStatus.STOPPED: _(
        "Processing was stopped. Read the reason in the notice sent to you; "
        "call the hotline if you have questions."
    ),
    DossierStatus.RESOLVED: _(
        "The result is ready: collect it at the one-stop counter, bringing your ID document "
        "and the dossier code."
    ),
    DossierStatus.RETURNED: _("Nothing: the result has been returned. Thank you."),
}
NEXT_STEP_RESOLVED_BY_POST = _(
    "The result is ready and will be sent by post to the address you gave."
)
NEXT_STEP_WITHDRAWAL_REQUESTED = _(
    "Nothing for now: your request to withdraw the dossier is being considered by the "
    "one-stop office."
)

# The same in a few words, for the SMS reply (UCS-2 costs 67 characters a part).
NEXT_STEP_SHORT: dict[int, Promise] = {
    DossierStatus.DRAFT: _("Submit the online form."),
    DossierStatus.SUBMITTED: _("Awaiting reception."),
    DossierStatus.RECEIVED: _("Nothing needed for now."),
    DossierStatus.REFUSED: _("See the notice sent to you."),
    DossierStatus.IN_PROGRESS: _("Nothing needed for now."),
    DossierStatus.SUPPLEMENT_REQUESTED: _(
        "Supplement the dossier in My dossiers or at the counter."
    ),
    DossierStatus.PAYMENT_REQUESTED: _("Pay the fees in My dossiers or at the counter."),
    DossierStatus.WITHDRAWN: _("Nothing needed."),
    DossierStatus.STOPPED: _("See the notice sent to you."),
    DossierStatus.RESOLVED: _("Collect the result at the counter."),
    DossierStatus.RETURNED: _("Nothing needed."),
}
NEXT_STEP_SHORT_RESOLVED_BY_POST = _("The result will be sent by post.")


@dataclass(frozen=True)
class PublicStep:
    """One public entry of the history: when, and the state it led to (no
    notes, no staff names: the lookup is public)."""

    at: datetime
    status: int
    status_label: str


@dataclass(frozen=True)
class LookupResult:
    """What anyone holding the code and the key (or the ID-document number)
    may see of a dossier. Personal data is masked (Luật 91/2025)."""

    code: str
    procedure_name: str
    procedure_code: str
    status: int
    status_label: str
    applicant_masked: str
    unit_name: str
    unit_address: str
    unit_phone: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    timeliness: str
    timeliness_label: str
    next_step: str
    next_step_short: str
    delivery_method: str
    delivery_label: str
    clock_paused: bool
    steps: list[PublicStep] = field(default_factory=list)

    @property
    def is_late(self) -> bool:
        return self.timeliness == Timeliness.LATE

    @property
    def is_on_time(self) -> bool | None:
        """``True``/``False`` once there is a deadline to judge, else ``None``."""
        if self.timeliness in (Timeliness.ON_TIME, Timeliness.EARLY, Timeliness.DUE_DAY):
            return True
        if self.timeliness == Timeliness.LATE:
            return False
        return None


def normalise_code(code: str | None) -> str:
    """A dossier code as typed ("syt-260105-0001 ") in its stored form."""
    return _CODE_JUNK.sub("", clean_text(code or "")).upper()[: MAX_CODE_LENGTH + 1]


def normalise_key(key: str | None) -> str:
    """A lookup key as typed: case and spaces do not matter."""
    return _CODE_JUNK.sub("", clean_text(key or "")).upper()[: MAX_KEY_LENGTH + 1]


def normalise_id_number(number: str | None) -> str:
    """A CCCD or tax code as typed: spaces and dots do not matter."""
    return _ID_JUNK.sub("", clean_text(number or "")).upper()[: MAX_ID_LENGTH + 1]


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "N***** V** A*": the first letter of each word.
    Enough for the applicant to recognise their dossier, not enough to
    learn who filed it (Luật 91/2025; DESIGN.md §4, personal data)."""
    words = clean_text(name).split()
    return " ".join(word[0] + "*" * max(len(word) - 1, 1) for word in words)


def timeliness_of(dossier: Dossier, now: datetime | None = None) -> str:
    """Where ``dossier`` stands against its deadline (never a state: late
    is derived from the due instant)."""
    if dossier.status in (DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED):
        return Timeliness.CLOSED
    if dossier.status in (DossierStatus.DRAFT, DossierStatus.SUBMITTED) and not dossier.received_at:
        return Timeliness.NOT_STARTED
    if dossier.due_at is None:
        return Timeliness.NO_DEADLINE if dossier.received_at else Timeliness.NOT_STARTED
    if dossier.resolved_at is not None:
        if dossier.resolved_at > dossier.due_at:
            return Timeliness.LATE
        resolved_day = timezone.localdate(dossier.resolved_at)
        due_day = timezone.localdate(dossier.due_at)
        return Timeliness.EARLY if resolved_day < due_day else Timeliness.DUE_DAY
    return Timeliness.LATE if dossier.is_overdue(now) else Timeliness.ON_TIME


def next_step_of(dossier: Dossier, *, short: bool = False) -> str:
    """What the citizen must do next, in words (the current language)."""
    if dossier.withdrawal_requested_at and dossier.is_open and not short:
        return str(NEXT_STEP_WITHDRAWAL_REQUESTED)
    if dossier.status == DossierStatus.RESOLVED and dossier.delivery_method == DeliveryMethod.POST:
        return str(NEXT_STEP_SHORT_RESOLVED_BY_POST if short else NEXT_STEP_RESOLVED_BY_POST)
    table = NEXT_STEP_SHORT if short else NEXT_STEP
    return str(table.get(dossier.status, ""))


def _public_summary(dossier: Dossier, steps: list[DossierStep]) -> LookupResult:
    unit = dossier.unit
    timeliness = timeliness_of(dossier)
    return LookupResult(
        code=dossier.code or "",
        procedure_name=dossier.procedure_name,
        procedure_code=dossier.procedure.code,
        status=dossier.status,
        status_label=str(DossierStatus(dossier.status).label),
        applicant_masked=mask_name(dossier.applicant_display),
        unit_name=unit.name,
        unit_address=unit.address,
        unit_phone=unit.hotline or unit.phone,
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        timeliness=timeliness,
        timeliness_label=str(TIMELINESS_LABELS[timeliness]),
        next_step=next_step_of(dossier),
        next_step_short=next_step_of(dossier, short=True),
        delivery_method=dossier.delivery_method,
        delivery_label=str(DeliveryMethod(dossier.delivery_method).label),
        clock_paused=dossier.paused_at is not None,
        steps=[
            PublicStep(
                at=step.created_at,
                status=step.to_status,
                status_label=str(DossierStatus(step.to_status).label),
            )
            for step in steps
        ],
    )


def lookup_dossier(
    code: str | None, *, key: str | None = None, id_number: str | None = None
) -> LookupResult | None:
    """The public summary of the dossier ``code`` when ``key`` (the lookup
    key on the acknowledgement) or ``id_number`` (the applicant's CCCD or
    the organisation's tax code) matches; otherwise ``None``.

    A wrong key and an unknown code give the same ``None`` after the same
    work (one query, one constant-time comparison), so codes cannot be
    enumerated (DESIGN.md §4, Codes and keys). Drafts have no code and are
    never found. Callers rate-limit."""
    code = normalise_code(code)
    key = normalise_key(key)
    id_number = normalise_id_number(id_number)
    if not code or len(code) > MAX_CODE_LENGTH or not (key or id_number):
        return None
    if len(key) > MAX_KEY_LENGTH or len(id_number) > MAX_ID_LENGTH:
        return None
    # One query whatever the outcome; the history is read only once the key
    # matched, so an existing code and an unknown one cost the same.
    dossier = (
        Dossier.objects.submitted().select_related("unit", "procedure").filter(code=code).first()
    )
    if key:
        stored = dossier.lookup_key.upper() if dossier and dossier.lookup_key else ""
        # Compared even when nothing is stored; an empty key never matches.
        matched = constant_time_compare(stored or _DUMMY_SECRET, key) and bool(stored)
    else:
        stored_ids = (
            [
                normalise_id_number(dossier.applicant_id_number),
                normalise_id_number(dossier.tax_code),
            ]
            if dossier
            else ["", ""]
        )
        matched = False
        # Both compared every time: no early exit that timing could reveal.
        for stored in stored_ids:
            same = constant_time_compare(stored or _DUMMY_SECRET, id_number)
            matched = matched or (same and bool(stored))
    if not matched or dossier is None:
        return None
    steps = list(dossier.steps.filter(is_public=True).order_by("created_at", "pk"))
    return _public_summary(dossier, steps)


def lookup_url(dossier: Dossier, *, absolute: bool = True) -> str:
    """The QR target: ``/tra-cuu/<code>/?k=<key>`` (printed on paper: never
    change it)."""
    from django.conf import settings
    from django.urls import reverse

    path = reverse("dossier_lookup_detail", args=[dossier.code]) + f"?k={dossier.lookup_key}"
    return f"{settings.SITE_URL}{path}" if absolute else path


# ======================================================================
# "Hồ sơ của tôi": the citizen's own dossiers
# ======================================================================


def dossiers_of(user) -> QuerySet[Dossier]:  # type: ignore[no-untyped-def]
    """The dossiers of ``user``'s account, newest first, with the procedure
    and the handling unit joined (lists: one query, whatever the count)."""
    return (
        Dossier.objects.of_applicant(user)
        .select_related("procedure", "unit")
        .order_by("-created_at", "-pk")
    )


def dossier_of(user, pk: int) -> Dossier | None:  # type: ignore[no-untyped-def]
    """One of ``user``'s own dossiers with its public history, current
    files, supplement requests and the rules it is handled under, or
    ``None`` (the caller answers 404: another person's dossier does not
    exist for this user)."""
    return (
        dossiers_of(user)
        .select_related("procedure_version", "applicant_province", "applicant_ward")
        .select_related("delivery_province", "delivery_ward")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=DossierStep.objects.filter(is_public=True).order_by("created_at", "pk"),
                to_attr="public_steps",
            ),
            Prefetch(
                "files",
                queryset=DossierFile.objects.current()
                .select_related("requirement")
                .order_by("kind", "requirement__position", "uploaded_at", "pk"),
                to_attr="current_files",
            ),
            Prefetch(
                "supplement_requests",
                queryset=SupplementRequest.objects.order_by("-requested_at"),
                to_attr="all_supplement_requests",
            ),
            "procedure_version__documents",
        )
        .filter(pk=pk)
        .first()
    )


def result_files(dossier: Dossier) -> list[DossierFile]:
    """The result files of a dossier fetched by ``dossier_of``."""
    return [f for f in getattr(dossier, "current_files", []) if f.kind == FileKind.RESULT]


def dossier_for_acknowledgement(user, pk: int) -> Dossier | None:  # type: ignore[no-untyped-def]
    """One of ``user``'s own submitted dossiers (not a draft) with what the
    acknowledgement prints: the rules, the handling unit, the files sent."""
    return (
        Dossier.objects.of_applicant(user)
        .submitted()
        .select_related("procedure", "unit")
        .select_related("procedure_version", "delivery_province", "delivery_ward")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=DossierFile.objects.current()
                .filter(kind=FileKind.SUBMITTED)
                .select_related("requirement")
                .order_by("requirement__position", "uploaded_at", "pk"),
                to_attr="submitted_files",
            ),
            "procedure_version__documents",
            "procedure_version__fee_lines",
        )
        .filter(pk=pk)
        .first()
    )
