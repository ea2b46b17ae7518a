"""Reads about feedback: staff queues, published answers, history, and the
figures of the QĐ 766 satisfaction group (domain-vn.md §3.2, 5a and 5b)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.core.calendar import WorkingCalendar
from motcua.core.indicators import Scope, ratio
from motcua.core.models import AuditEntry
from motcua.core.search import SearchQuery, matches
from motcua.feedback.constants import (
    OPEN_STATUSES,
    AuditEvent,
    FeedbackKind,
    FeedbackStatus,
    IntakeChannel,
    Rating,
    Topic,
)
from motcua.feedback.models import FeedbackItem
from motcua.org.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

TABS = ("new", "mine", "approval", "due_soon", "overdue", "all")


def due_soon_limit(today: date | None = None) -> date:
    """Last deadline that counts as "due soon" (``FEEDBACK_REMIND_DAYS``
    working days ahead)."""
    today = today or timezone.localdate()
    return WorkingCalendar.load(today).add_working_days(today, settings.FEEDBACK_REMIND_DAYS)


def _tab_filter(tab: str, user: Any, today: date, soon: date) -> Q:
    if tab == "new":
        return Q(
            status__in=[FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED], assignee__isnull=True
        )
    if tab == "mine":
        return Q(assignee_id=user.pk, status__in=OPEN_STATUSES)
    if tab == "approval":
        return Q(status__in=[FeedbackStatus.DRAFTED, FeedbackStatus.APPROVED])
    if tab == "due_soon":
        return Q(status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=soon)
    if tab == "overdue":
        return Q(status__in=OPEN_STATUSES, due_date__lt=today)
    return Q()


def staff_queue(
    user: AnyUser,
    *,
    tab: str = "all",
    unit: Unit | None = None,
    kind: str = "",
    channel: str = "",
    status: str = "",
    text: str = "",
    today: date | None = None,
) -> QuerySet[FeedbackItem]:
    """The items ``user`` may see in one queue, filtered (one query, with
    the unit and handler joined)."""
    today = today or timezone.localdate()
    qs = FeedbackItem.objects.visible_to(user).filter(
        _tab_filter(tab, user, today, due_soon_limit(today))
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    query = SearchQuery.parse(text)
    if not query.is_empty:
        qs = qs.filter(matches("staff_search", query))
    order = (
        ["due_date", "pk"]
        if tab in ("due_soon", "overdue", "mine", "approval")
        else ["-received_at", "-pk"]
    )
    return qs.select_related("unit", "assignee").order_by(*order)


def queue_counts(user: AnyUser, today: date | None = None) -> dict[str, int]:
    """How many items each queue holds for ``user`` (one query)."""
    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    return FeedbackItem.objects.visible_to(user).aggregate(
        **{tab: Count("pk", filter=_tab_filter(tab, user, today, soon)) for tab in TABS}
    )


def history(item: FeedbackItem) -> list[dict[str, Any]]:
    """Every audit entry of the item, oldest first, with readable names."""
    labels = dict(AuditEvent.choices)
    return [
        {
            "when": e.created_at,
            "who": e.actor_repr,
            "what": labels.get(e.event, e.event),
            "old": e.old,
            "new": e.new,
            "changes": _readable_changes(e.new or {}),
        }
        for e in reversed(list(AuditEntry.objects.for_object(item)))
    ]


def _readable_changes(values: dict[str, Any]) -> list[tuple[str, Any]]:
    """``{"kind": "hoi_dap"}`` → ``[("Loại", "Hỏi đáp")]``: the field's name
    and, for a choice, its label, as staff read them."""
    fields = {f.name: f for f in FeedbackItem._meta.concrete_fields}
    rows: list[tuple[str, Any]] = []
    for key, value in values.items():
        field = fields.get(key)
        if field is None:
            rows.append((key, value))
            continue
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows


def published_answers(
    *, query: SearchQuery | None = None, topic: str = "", unit: Unit | None = None
) -> QuerySet[FeedbackItem]:
    """Published answers (masked copies only), newest first, searchable
    without accents, by topic and unit (subtree)."""
    qs = FeedbackItem.objects.published()
    if query is not None and not query.is_empty:
        qs = qs.filter(matches("public_search", query))
    if topic:
        qs = qs.filter(topic=topic)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return (
        qs.select_related("unit")
        .only(
            "code",
            "kind",
            "topic",
            "public_title",
            "public_question",
            "public_answer",
            "published_at",
            "answered_at",
            "unit__name",
            "unit__path",
        )
        .order_by("-published_at", "-pk")
    )


# ======================================================== QĐ 766 figures
@dataclass
class Figures:
    """The counts behind 5a and 5b for one window and scope.

    ``total``: items within competence received in the window (Σ PAKN).
    ``on_time``: of those, answered on or before the deadline, or still
    being handled and not yet past it (as QĐ 766 indicator 2.1 counts
    dossiers "processed, or still in progress, on time").
    ``overdue``: answered late, or open past the deadline.
    ``unsatisfied``: rated "không hài lòng", reopened (a complaint about
    the result), or overdue — each item counted once.
    """

    total: int = 0
    on_time: int = 0
    overdue: int = 0
    unsatisfied: int = 0
    rated: int = 0
    rated_satisfied: int = 0
    outside_competence: int = 0

    @property
    def on_time_rate(self) -> Decimal | None:
        """5a: PAKN xử lý đúng hạn ÷ PAKN thuộc thẩm quyền × 100%."""
        return ratio(self.on_time, self.total)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """5b: (Σ PAKN − không hài lòng / khiếu nại kết quả / quá hạn) ÷ Σ PAKN × 100%."""
        return ratio(self.total - self.unsatisfied, self.total)


def _received_in(start: date, end: date, scope: Scope) -> QuerySet[FeedbackItem]:
    return scope.filter(
        FeedbackItem.objects.filter(received_at__date__gte=start, received_at__date__lte=end),
        "unit",
    )


def figures(
    start: date, end: date, scope: Scope | None = None, *, today: date | None = None
) -> Figures:
    """5a/5b counts for items received from ``start`` to ``end`` (both
    included) in the scope; "overdue" is judged at ``min(end, today)`` for
    items still open (one query)."""
    scope = scope or Scope()
    as_of = min(end, today or timezone.localdate())
    rows = _received_in(start, end, scope).values_list(*_FIGURE_FIELDS)
    return _classify(rows, as_of)


_FIGURE_FIELDS = ("status", "due_date", "answered_at", "rating", "reopen_count")


def _classify(rows: Any, as_of: date) -> Figures:
    """5a/5b counts of ``(status, due_date, answered_at, rating,
    reopen_count)`` rows. Lateness compares the local date of the answer
    with a per-row due date (working days from the calendar), so it is
    judged here, on the one query's rows."""
    result = Figures()
    for status, due, answered_at, rating, reopened in rows:
        if status == FeedbackStatus.OUTSIDE_COMPETENCE:
            result.outside_competence += 1
            continue
        result.total += 1
        if answered_at is not None and status not in OPEN_STATUSES:
            late = timezone.localdate(answered_at) > due
        else:
            late = due < as_of
        if late:
            result.overdue += 1
        else:
            result.on_time += 1
        if rating:
            result.rated += 1
            if rating == Rating.SATISFIED:
                result.rated_satisfied += 1
        if late or rating == Rating.UNSATISFIED or reopened:
            result.unsatisfied += 1
    return result


def counts_by(
    field_name: str, start: date, end: date, scope: Scope | None = None
) -> dict[str, int]:
    """Items received in the window per channel, kind or topic (one query)."""
    rows = (
        _received_in(start, end, scope or Scope())
        .values(field_name)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row[field_name]: row["n"] for row in rows}


def average_handling_days(start: date, end: date, scope: Scope | None = None) -> Decimal | None:
    """Mean working days from reception to the answer, for items answered
    in the window (QĐ 766 2.2-style tracking; one query)."""
    rows = list(
        (scope or Scope())
        .filter(
            FeedbackItem.objects.filter(answered_at__date__gte=start, answered_at__date__lte=end),
            "unit",
        )
        .values_list("received_at", "answered_at")
    )
    if not rows:
        return None
    first = min(timezone.localdate(r) for r, _a in rows)
    calendar = WorkingCalendar.load(first, max(timezone.localdate(a) for _r, a in rows))
    total = sum(
        calendar.working_days_between(timezone.localdate(r), timezone.localdate(a)) for r, a in rows
    )
    return (Decimal(total) / Decimal(len(rows))).quantize(Decimal("0.1"))


@dataclass
class ReportSection:
    """The feedback section of a periodic report, per unit and period."""

    start: date
    end: date
    unit: Unit | None
    figures: Figures
    average_days: Decimal | None
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    per_unit: list[tuple[Unit, Figures]] = field(default_factory=list)


def _labelled(choices: Any, counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), counts.get(value, 0)) for value, label in choices.choices]


def report_section(start: date, end: date, unit: Unit | None = None) -> ReportSection:
    """Totals, 5a/5b, average handling time, counts per channel, kind and
    topic, and the same figures for each child unit that had items."""
    scope = Scope(unit)
    section = ReportSection(
        start=start,
        end=end,
        unit=unit,
        figures=figures(start, end, scope),
        average_days=average_handling_days(start, end, scope),
        by_channel=_labelled(IntakeChannel, counts_by("channel", start, end, scope)),
        by_kind=_labelled(FeedbackKind, counts_by("kind", start, end, scope)),
        by_topic=_labelled(Topic, counts_by("topic", start, end, scope)),
    )
    # One query for every unit's rows (not one per unit): each unit that had
    # items gets the figures of its subtree, as ``figures(Scope(unit))``.
    as_of = min(end, timezone.localdate())
    rows = list(
        _received_in(start, end, scope).values_list("unit_id", "unit__path", *_FIGURE_FIELDS)
    )
    unit_ids = {row[0] for row in rows}
    for child in Unit.objects.filter(pk__in=unit_ids).order_by("path"):
        subtree = [row[2:] for row in rows if row[1].startswith(child.path)]
        section.per_unit.append((child, _classify(subtree, as_of)))
    return section


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months up to today (the staff figures' default window)."""
    today = today or timezone.localdate()
    return today - timedelta(days=365), today


def attachment_visible(item: FeedbackItem) -> QuerySet[Any]:
    return item.attachments.all()


def recent_window(days: int = 30) -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=days), today
