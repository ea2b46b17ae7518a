"""Reads of the back office (/can-bo/ho-so/): the work queues, their
filters and counts, and a dossier's page.

Built to stay fast with a million dossiers: every queue is one indexed
query (``dossier_status_queue_idx``, ``dossier_handler_idx``,
``dossier_approver_idx``, ``dossier_queue_idx``), pages are read with
LIMIT/OFFSET one row past the page (no COUNT over the table to paginate),
and the tab badges are counts capped at ``COUNT_CAP`` (``COUNT(*)`` over a
``LIMIT`` subquery), so a busy unit costs the same as a quiet one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar import WorkingCalendar
from motcua.core.search import SearchQuery, matches
from motcua.dossiers.constants import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    DossierStatus,
)
from motcua.dossiers.models import (
    ApologyLetter,
    Dossier,
    DossierFile,
    DossierStep,
    SupplementRequest,
)
from motcua.org.constants import Role
from motcua.org.models import Unit

PAGE_SIZE = 30
COUNT_CAP = 1000
# A scope of at least this share of the units is "broad" (see _walk_pk).
BROAD_SCOPE_SHARE = 0.05

# Tab key → label, in the order shown.
TABS: dict[str, Promise] = {
    "reception": _("Awaiting reception"),
    "mine": _("Assigned to me"),
    "approval": _("Awaiting my approval"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "results": _("Results to return"),
    "all": _("All"),
}

_CODE_LIKE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)+$")
_ID_LIKE = re.compile(r"^\d{9,12}$")


@dataclass
class QueueFilters:
    """Cleaned filters of a queue (all optional)."""

    q: str = ""
    procedure_id: int | None = None
    status: int | None = None
    channel: str = ""
    unit: Unit | None = None
    date_from: date | None = None
    date_to: date | None = None


def due_soon_horizon(now: datetime | None = None) -> datetime:
    """The instant ``DOSSIER_DUE_SOON_WORKING_HOURS`` working hours ahead."""
    now = now or timezone.now()
    calendar = WorkingCalendar.load(timezone.localdate(now) - timedelta(days=7))
    return calendar.add_working_hours(now, float(settings.DOSSIER_DUE_SOON_WORKING_HOURS))


def _units(user: Any, roles: list[str] | None = None) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user, roles=roles)


def _overdue_q(now: datetime) -> Q:
    # Late is derived: the clock runs past the due instant, or it was
    # paused for a supplement only after the due instant had passed.
    return Q(status__in=CLOCK_RUNNING_STATES, paused_at__isnull=True, due_at__lt=now) | Q(
        status=DossierStatus.SUPPLEMENT_REQUESTED, due_at__lt=now, paused_at__gt=F("due_at")
    )


def _walk_pk(user: Any, filters: QueueFilters) -> bool:
    """Whether the "all" tab should be read down the primary key on SQLite.

    ``ORDER BY id DESC LIMIT 31`` with ``unit_id IN (visible units)``:
    SQLite takes the unit index (``dossier_queue_idx``) for the ``IN`` and
    then sorts every dossier of the scope, seconds for a Department with a
    million. When the scope holds a good share of the units, walking the
    table backwards and stopping at the 31st match is far cheaper (it reads
    about 31 ÷ share rows); a narrow scope (a ward) keeps the index. One
    small query on the unit table decides; PostgreSQL plans this itself."""
    if connection.vendor != "sqlite" or filters.unit is not None:
        return False
    counts = Unit.objects.aggregate(
        total=Count("pk"), visible=Count("pk", filter=Q(pk__in=_units(user)))
    )
    return bool(counts["visible"]) and counts["visible"] >= BROAD_SCOPE_SHARE * counts["total"]


def tab_queryset(
    user: Any, tab: str, *, now: datetime | None = None, walk_pk: bool = False
) -> QuerySet[Dossier]:
    """The dossiers of one queue for ``user``, in the queue's order.

    ``walk_pk`` (tab "all"): test the unit as ``unit_id + 0``, which no
    index can answer, so that SQLite reads the table down the primary key
    instead of sorting the whole scope (the same rows, see ``_walk_pk``)."""
    now = now or timezone.now()
    base = Dossier.objects.all()
    if tab == "reception":
        qs = base.filter(
            status=DossierStatus.SUBMITTED, unit__in=_units(user, [Role.RECEPTION])
        ).order_by("submitted_at", "pk")
    elif tab == "mine":
        qs = base.filter(handler_id=user.pk, status__in=OPEN_STATES).order_by("due_at", "pk")
    elif tab == "approval":
        qs = base.filter(
            approver_id=user.pk,
            approval_requested_at__isnull=False,
            status=DossierStatus.IN_PROGRESS,
        ).order_by("approval_requested_at", "pk")
    elif tab == "due_soon":
        qs = base.filter(
            unit__in=_units(user),
            status__in=CLOCK_RUNNING_STATES,
            paused_at__isnull=True,
            due_at__gte=now,
            due_at__lte=due_soon_horizon(now),
        ).order_by("due_at", "pk")
    elif tab == "overdue":
        qs = base.filter(_overdue_q(now), unit__in=_units(user)).order_by("due_at", "pk")
    elif tab == "results":
        qs = base.filter(
            status=DossierStatus.RESOLVED, unit__in=_units(user, [Role.RECEPTION])
        ).order_by("resolved_at", "pk")
    elif walk_pk:
        qs = (
            Dossier.objects.submitted()
            .alias(_unit=ExpressionWrapper(F("unit_id") + 0, output_field=IntegerField()))
            .filter(_unit__in=_units(user))
            .order_by("-pk")
        )
    else:
        qs = Dossier.objects.visible_to(user).order_by("-pk")
    return qs


def apply_filters(qs: QuerySet[Dossier], filters: QueueFilters) -> QuerySet[Dossier]:
    """Narrow a queue by code, applicant (name, ID number, tax code),
    procedure, status, channel, unit and submission dates."""
    raw = " ".join(filters.q.split())
    if raw:
        if _CODE_LIKE.match(raw):
            # A code: the unique index answers at once (any case).
            qs = qs.filter(code=raw.upper())
        elif _ID_LIKE.match(raw):
            qs = qs.filter(Q(applicant_id_number=raw) | Q(tax_code=raw))
        else:
            query = SearchQuery.parse(raw)
            if not query.is_empty:
                qs = qs.filter(matches("search_text", query))
    if filters.procedure_id:
        qs = qs.filter(procedure_id=filters.procedure_id)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.unit is not None:
        qs = qs.filter(unit__path__startswith=filters.unit.path)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        qs = qs.filter(submitted_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(submitted_at__lt=end)
    return qs


@dataclass
class QueuePage:
    """One page of a queue: the rows and whether there are more."""

    rows: list[Dossier]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def _fee_status() -> Any:
    """The status of the dossier's latest charge that is not cancelled
    ("open", "paid", "waived") or ``None``: one subquery in the queue's own
    query, so each row can say whether its fee awaits payment or is paid
    (payments' model; local import: payments depends on dossiers)."""
    from django.db.models import OuterRef, Subquery

    from motcua.payments.constants import ChargeStatus
    from motcua.payments.models import Charge

    return Subquery(
        Charge.objects.filter(dossier_id=OuterRef("pk"))
        .exclude(status=ChargeStatus.CANCELLED)
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )


def queue_page(
    user: Any, tab: str, filters: QueueFilters, page: int = 1, *, now: datetime | None = None
) -> QueuePage:
    """One page of a queue (one query: LIMIT page size + 1, the handling
    unit, procedure's name snapshot and handler joined)."""
    page = max(1, min(page, 10_000))
    walk_pk = tab not in TABS or tab == "all"
    walk_pk = walk_pk and _walk_pk(user, filters)
    qs = apply_filters(tab_queryset(user, tab, now=now, walk_pk=walk_pk), filters)
    qs = qs.select_related("unit", "handler").annotate(fee_status=_fee_status())
    start = (page - 1) * PAGE_SIZE
    rows: list[Dossier] = list(qs[start : start + PAGE_SIZE + 1])
    return QueuePage(rows=rows[:PAGE_SIZE], number=page, has_next=len(rows) > PAGE_SIZE)


def queue_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """How many dossiers each tab holds, each capped at ``COUNT_CAP`` (one
    small query per tab; the page shows "1000+")."""
    now = now or timezone.now()
    return {
        tab: tab_queryset(user, tab, now=now).order_by()[:COUNT_CAP].count()
        for tab in TABS
        if tab != "all"
    }


@dataclass
class DossierPage:
    """What the staff page of a dossier shows."""

    dossier: Dossier
    files: list[DossierFile] = field(default_factory=list)
    steps: list[DossierStep] = field(default_factory=list)
    supplements: list[SupplementRequest] = field(default_factory=list)
    apologies: list[ApologyLetter] = field(default_factory=list)


def staff_dossier(user: Any, pk: int) -> Dossier | None:
    """The dossier if ``user`` may see it (its unit is in their subtree)."""
    return (
        Dossier.objects.visible_to(user)
        .select_related(
            "unit",
            "unit__parent",
            "procedure",
            "procedure_version",
            "handler",
            "approver",
            "applicant_province",
            "applicant_ward",
            "delivery_province",
            "delivery_ward",
        )
        .filter(pk=pk)
        .first()
    )


def dossier_page(dossier: Dossier) -> DossierPage:
    """Files, history, supplement requests and apology letters (a fixed
    number of queries)."""
    files = list(
        DossierFile.objects.current()
        .filter(dossier=dossier)
        .select_related("requirement", "uploaded_by")
        .order_by("kind", "requirement__position", "uploaded_at", "pk")
    )
    steps = list(
        DossierStep.objects.filter(dossier=dossier)
        .select_related("actor", "assignee", "actor_unit")
        .order_by("created_at", "pk")
    )
    supplements = list(
        SupplementRequest.objects.filter(dossier=dossier)
        .select_related("requested_by")
        .prefetch_related(Prefetch("files", queryset=DossierFile.objects.order_by("pk")))
        .order_by("-requested_at", "-pk")
    )
    apologies = list(
        ApologyLetter.objects.filter(dossier=dossier)
        .select_related("drafted_by", "approved_by")
        .order_by("-drafted_at", "-pk")
    )
    return DossierPage(
        dossier=dossier, files=files, steps=steps, supplements=supplements, apologies=apologies
    )
