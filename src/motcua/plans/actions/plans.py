"""Plans: creation, texts, issue, copy, objectives, targets, activities, periods."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import changed_fields, record_audit
from motcua.core.calendar import WorkingCalendar
from motcua.core.text import clean_text, fold
from motcua.org.models import Unit
from motcua.plans.actions.common import PLAN_FIELDS, _clean_fields, _ensure_coordinator, _multiline
from motcua.plans.constants import (
    DEFAULT_PERIODS,
    OUTPUT_FIELDS,
    PERIOD_MONTHS,
    AuditEvent,
    ObjectiveKind,
    PlanStatus,
)
from motcua.plans.models import (
    Activity,
    CommunicationForm,
    Objective,
    Plan,
    ReportingPeriod,
    Target,
    Topic,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User


# ================================================================= plans
def _period_dates(year: int, kind: str) -> tuple[date, date]:
    first, last = PERIOD_MONTHS[kind]
    start = date(year, first, 1)
    end = (date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)) - timedelta(days=1)
    return start, end


def _add_periods(plan: Plan, kinds: Iterable[str]) -> list[ReportingPeriod]:
    calendar = WorkingCalendar.load(date(plan.year, 1, 1), date(plan.year + 1, 3, 31))
    existing = set(plan.periods.values_list("kind", flat=True))
    created = []
    for kind in kinds:
        if kind in existing:
            continue
        start, end = _period_dates(plan.year, kind)
        created.append(
            ReportingPeriod.objects.create(
                plan=plan,
                kind=kind,
                starts_on=start,
                ends_on=end,
                unit_deadline=calendar.add_working_days(end, plan.unit_deadline_days),
                department_deadline=calendar.add_working_days(end, plan.department_deadline_days),
            )
        )
    return created


def _defaults_for(department: Unit) -> dict[str, str]:
    """Header texts of a department's documents, from the unit tree:
    "UBND tỉnh Khánh Hòa" / "Sở Y tế" / "Khánh Hòa"."""
    parent = department.parent
    place = ""
    for marker in (" tỉnh ", " thành phố "):
        if marker in f" {department.name} ":
            place = department.name.split(marker.strip(), 1)[-1].strip()
            break
    issuer = department.name.split(" tỉnh ")[0].split(" thành phố ")[0]
    parent_name = parent.name.replace("Ủy ban nhân dân", "UBND") if parent else ""
    return {
        "issuer_name": issuer,
        "parent_body": parent_name,
        "place": place,
        "report_to": f"{parent.name} (qua Sở Nội vụ)" if parent else "",
    }


@transaction.atomic
def do_create_plan(*, acting_user: User | None, department: Unit, year: int, **fields: Any) -> Plan:
    """A new draft plan of ``department`` for ``year`` with the usual
    reporting periods (quarter I, 6 months, 9 months, year)."""
    probe = Plan(department=department, year=year)
    _ensure_coordinator(acting_user, probe)
    values = {
        **_defaults_for(department),
        **{k: v for k, v in fields.items() if v not in (None, "")},
    }
    values = _clean_fields({k: v for k, v in values.items() if k in PLAN_FIELDS})
    plan = Plan.objects.create(department=department, year=year, created_by=acting_user, **values)
    _add_periods(plan, DEFAULT_PERIODS)
    record_audit(
        plan, acting_user, AuditEvent.PLAN_CREATED, new={"year": year, "title": plan.title}
    )
    return plan


@transaction.atomic
def do_update_plan(plan: Plan, *, acting_user: User | None, **fields: Any) -> Plan:
    """Change the plan's texts and settings (not its year or department)."""
    _ensure_coordinator(acting_user, plan)
    locked = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("department__parent")
        .get(pk=plan.pk)
    )
    fields = _clean_fields({k: v for k, v in fields.items() if k in PLAN_FIELDS})
    defaults = _defaults_for(locked.department)
    for name in ("issuer_name", "parent_body", "place"):
        if name in fields and not fields[name]:
            fields[name] = defaults[name]  # emptied: back to the unit tree's
    before = {name: getattr(locked, name) for name in fields}
    for name, value in fields.items():
        setattr(locked, name, value)
    old, new = changed_fields(locked, before, list(fields))
    if new:
        locked.save(update_fields=[*new.keys(), "updated_at"])
        record_audit(locked, acting_user, AuditEvent.PLAN_CHANGED, old=old, new=new)
    return locked


@transaction.atomic
def do_issue_plan(
    plan: Plan, *, acting_user: User | None, number: str = "", issued_on: date | None = None
) -> Plan:
    """Put a draft plan in force (with its number and date if known): the
    units can report on it from now."""
    _ensure_coordinator(acting_user, plan)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be issued."))
    if not locked.reporting_units.exists():
        raise ValidationError(_("Choose the units that report on this plan before issuing it."))
    locked.status = PlanStatus.IN_FORCE
    locked.number = clean_text(number) or locked.number
    locked.issued_on = issued_on or locked.issued_on
    locked.save(update_fields=["status", "number", "issued_on", "updated_at"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.PLAN_ISSUED,
        old={"status": PlanStatus.DRAFT},
        new={"status": locked.status, "number": locked.number, "issued_on": locked.issued_on},
    )
    return locked


@transaction.atomic
def do_finish_plan(plan: Plan, *, acting_user: User | None) -> Plan:
    """Mark a plan in force as finished (its year is over)."""
    _ensure_coordinator(acting_user, plan)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.IN_FORCE:
        raise ValidationError(_("Only a plan in force can be finished."))
    locked.status = PlanStatus.FINISHED
    locked.save(update_fields=["status", "updated_at"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.PLAN_FINISHED,
        old={"status": "in_force"},
        new={"status": "finished"},
    )
    return locked


@transaction.atomic
def do_set_reporting_units(plan: Plan, units: Iterable[Unit], *, acting_user: User | None) -> Plan:
    """The units expected to report on the plan (the completeness view
    counts them); they must belong to the plan's department."""
    _ensure_coordinator(acting_user, plan)
    units = list(units)
    outside = [u.name for u in units if not u.is_within(plan.department)]
    if outside:
        raise ValidationError(
            _("These units are not part of %(department)s: %(units)s")
            % {"department": plan.department.name, "units": ", ".join(outside)}
        )
    before = sorted(plan.reporting_units.values_list("pk", flat=True))
    plan.reporting_units.set(units)
    after = sorted(u.pk for u in units)
    if before != after:
        record_audit(
            plan,
            acting_user,
            AuditEvent.PLAN_CHANGED,
            old={"reporting_units": before},
            new={"reporting_units": after},
        )
    return plan


def _shift_year(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _unit_mapper(source: Unit, target: Unit):
    """Map units of one department to another's when a plan shared as a
    model is copied: same name (accents ignored, the province left out),
    else the only unit of the same kind, else the target department."""
    units = list(Unit.objects.active().subtree_of(target))

    def key(unit: Unit) -> str:
        return fold(unit.name.split(" tỉnh ")[0].split(" thành phố ")[0])

    by_key = {key(u): u for u in units}
    by_kind: dict[str, list[Unit]] = {}
    for u in units:
        by_kind.setdefault(u.kind, []).append(u)

    def map_unit(unit: Unit) -> Unit:
        if source.pk == target.pk:
            return unit
        if unit.pk == source.pk:
            return target
        if key(unit) in by_key:
            return by_key[key(unit)]
        same_kind = by_kind.get(unit.kind, [])
        return same_kind[0] if len(same_kind) == 1 else target

    return map_unit


@transaction.atomic
def do_copy_plan(
    plan: Plan,
    *,
    acting_user: User | None,
    year: int,
    department: Unit | None = None,
    title: str = "",
) -> Plan:
    """A draft copy of ``plan`` for ``year``: texts, objectives, targets,
    activities (dates moved by the years between), reporting units, and
    fresh reporting periods. A plan shared as a model can be copied into
    the coordinator's own department; its units are matched by name."""
    department = department or plan.department
    target_probe = Plan(department=department, year=year)
    _ensure_coordinator(acting_user, target_probe)
    if year < 2000 or year > 2100:
        raise ValidationError(_("Enter a year between 2000 and 2100."))
    if department.pk != plan.department_id and not plan.is_shared_model:
        raise PermissionDenied
    years = year - plan.year
    map_unit = _unit_mapper(plan.department, department)
    new_title = clean_text(title) or plan.title.replace(str(plan.year), str(year))
    fields = {name: getattr(plan, name) for name in PLAN_FIELDS}
    fields.update(
        title=new_title,
        number="",
        issued_on=None,
        is_shared_model=False,
        source_note=(
            plan.source_note
            if department.pk == plan.department_id
            else f"Sao chép từ {plan.title} ({plan.issuer_name})"
        ),
    )
    if department.pk != plan.department_id:
        fields.update(_defaults_for(department))
    fields["legal_basis"] = ""  # the bases of a new year are new documents
    copy = Plan.objects.create(
        department=department,
        year=year,
        status=PlanStatus.DRAFT,
        copied_from=plan,
        created_by=acting_user,
        **fields,
    )
    copy.reporting_units.set({map_unit(u) for u in plan.reporting_units.all()})
    objectives = {}
    for objective in plan.objectives.all():
        objectives[objective.pk] = Objective.objects.create(
            plan=copy, kind=objective.kind, text=objective.text, order=objective.order
        )
    for target in plan.targets.all():
        Target.objects.create(
            plan=copy,
            objective=objectives.get(target.objective_id) if target.objective_id else None,
            name=target.name,
            indicator_key=target.indicator_key,
            target_value=target.target_value,
            direction=target.direction,
            note=target.note,
            order=target.order,
        )
    for activity in plan.activities.prefetch_related("topics", "forms", "coordinating_units"):
        new = Activity.objects.create(
            plan=copy,
            code=activity.code,
            title=activity.title.replace(str(plan.year), str(year)),
            description=activity.description,
            audience=activity.audience,
            lead_unit=map_unit(activity.lead_unit),
            all_units=activity.all_units,
            schedule=activity.schedule,
            starts_on=_shift_year(activity.starts_on, years),
            ends_on=_shift_year(activity.ends_on, years),
            budget_vnd=activity.budget_vnd,
            order=activity.order,
            **{f"expected_{f}": getattr(activity, f"expected_{f}") for f in OUTPUT_FIELDS},
        )
        new.topics.set(activity.topics.all())
        new.forms.set(activity.forms.all())
        new.coordinating_units.set({map_unit(u) for u in activity.coordinating_units.all()})
    _add_periods(copy, list(plan.periods.values_list("kind", flat=True)) or DEFAULT_PERIODS)
    record_audit(
        copy,
        acting_user,
        AuditEvent.PLAN_COPIED,
        old={"plan": plan.pk, "year": plan.year},
        new={"plan": copy.pk, "year": year},
    )
    return copy


# ---------------------------------------------------- objectives, targets
@transaction.atomic
def do_save_objective(
    plan: Plan,
    *,
    acting_user: User | None,
    objective: Objective | None = None,
    kind: str,
    text: str,
    order: int = 0,
) -> Objective:
    _ensure_coordinator(acting_user, plan)
    text = _multiline(text)
    if not text:
        raise ValidationError(_("Enter the objective."))
    if kind not in ObjectiveKind.values:
        raise ValidationError(_("Choose the kind of objective."))
    old = {}
    if objective is None:
        objective = Objective.objects.create(plan=plan, kind=kind, text=text, order=order)
    else:
        old = {"kind": objective.kind, "text": objective.text, "order": objective.order}
        objective.kind, objective.text, objective.order = kind, text, order
        objective.save(update_fields=["kind", "text", "order"])
    record_audit(
        plan,
        acting_user,
        AuditEvent.OBJECTIVE_CHANGED,
        old=old,
        new={"objective": objective.pk, "kind": kind, "text": text},
    )
    return objective


@transaction.atomic
def do_delete_objective(objective: Objective, *, acting_user: User | None) -> None:
    plan = objective.plan
    _ensure_coordinator(acting_user, plan)
    record_audit(
        plan,
        acting_user,
        AuditEvent.OBJECTIVE_CHANGED,
        old={"objective": objective.pk, "text": objective.text},
        new={},
    )
    objective.delete()


@transaction.atomic
def do_save_target(
    plan: Plan,
    *,
    acting_user: User | None,
    target: Target | None = None,
    name: str,
    indicator_key: str,
    target_value: Decimal,
    direction: str,
    objective: Objective | None = None,
    note: str = "",
    order: int = 0,
) -> Target:
    """A measured target; the indicator may not be computed yet (it then
    shows "chưa có số liệu" until its app registers it)."""
    _ensure_coordinator(acting_user, plan)
    if target_value is None or target_value < 0:
        raise ValidationError(_("The target value must be zero or more."))
    if objective is not None and objective.plan_id != plan.pk:
        raise ValidationError(_("Choose an objective of this plan."))
    values = {
        "name": clean_text(name),
        "indicator_key": indicator_key.strip(),
        "target_value": target_value,
        "direction": direction,
        "objective": objective,
        "note": clean_text(note),
        "order": order,
    }
    old = {}
    if target is None:
        target = Target.objects.create(plan=plan, **values)
    else:
        old = {
            "name": target.name,
            "indicator_key": target.indicator_key,
            "target_value": target.target_value,
        }
        for key, value in values.items():
            setattr(target, key, value)
        target.save()
    record_audit(
        plan,
        acting_user,
        AuditEvent.TARGET_CHANGED,
        old=old,
        new={
            "target": target.pk,
            "name": target.name,
            "indicator_key": target.indicator_key,
            "target_value": target.target_value,
        },
    )
    return target


@transaction.atomic
def do_delete_target(target: Target, *, acting_user: User | None) -> None:
    plan = target.plan
    _ensure_coordinator(acting_user, plan)
    record_audit(
        plan,
        acting_user,
        AuditEvent.TARGET_CHANGED,
        old={"target": target.pk, "name": target.name},
        new={},
    )
    target.delete()


# ------------------------------------------------------------ activities
@dataclass
class ActivityData:
    """A cleaned activity (from a form or a spreadsheet row)."""

    code: str
    title: str
    lead_unit: Unit
    description: str = ""
    audience: str = "all"
    all_units: bool = False
    schedule: str = "continuous"
    starts_on: date | None = None
    ends_on: date | None = None
    budget_vnd: int = 0
    topics: Sequence[Topic] = ()
    forms: Sequence[CommunicationForm] = ()
    coordinating_units: Sequence[Unit] = ()
    expected: dict[str, int] | None = None
    order: int = 0


def _check_activity(plan: Plan, data: ActivityData) -> None:
    units = [data.lead_unit, *data.coordinating_units]
    outside = [u.name for u in units if not u.is_within(plan.department)]
    if outside:
        raise ValidationError(
            _("These units are not part of %(department)s: %(units)s")
            % {"department": plan.department.name, "units": ", ".join(outside)}
        )
    if data.starts_on and data.ends_on and data.starts_on > data.ends_on:
        raise ValidationError(_("The activity cannot end before it starts."))
    if data.schedule == "range" and not (data.starts_on and data.ends_on):
        raise ValidationError(_("Give the dates of an activity that runs from a date to a date."))
    if data.budget_vnd < 0 or any(v < 0 for v in (data.expected or {}).values()):
        raise ValidationError(_("Numbers must be whole numbers, zero or more."))


def _write_activity(plan: Plan, data: ActivityData, activity: Activity | None) -> Activity:
    values = {
        "code": clean_text(data.code),
        "title": clean_text(data.title),
        "description": _multiline(data.description),
        "audience": data.audience,
        "lead_unit": data.lead_unit,
        "all_units": data.all_units,
        "schedule": data.schedule,
        "starts_on": data.starts_on if data.schedule == "range" else None,
        "ends_on": data.ends_on if data.schedule == "range" else None,
        "budget_vnd": data.budget_vnd,
        "order": data.order,
        **{f"expected_{k}": int(v) for k, v in (data.expected or {}).items() if k in OUTPUT_FIELDS},
    }
    if activity is None:
        activity = Activity.objects.create(plan=plan, **values)
    else:
        for key, value in values.items():
            setattr(activity, key, value)
        activity.save()
    activity.topics.set(data.topics)
    activity.forms.set(data.forms)
    activity.coordinating_units.set(data.coordinating_units)
    # The units that carry out an activity report on the plan.
    plan.reporting_units.add(data.lead_unit, *data.coordinating_units)
    return activity


@transaction.atomic
def do_save_activity(
    plan: Plan, data: ActivityData, *, acting_user: User | None, activity: Activity | None = None
) -> Activity:
    """Create or change an activity; its lead and coordinating units join
    the plan's reporting units."""
    _ensure_coordinator(acting_user, plan)
    _check_activity(plan, data)
    clash = Activity.objects.filter(plan=plan, code=clean_text(data.code))
    if activity is not None:
        clash = clash.exclude(pk=activity.pk)
    if clash.exists():
        raise ValidationError(
            _("Another activity of this plan has the code %(code)s.") % {"code": data.code}
        )
    old = {"title": activity.title, "lead_unit": activity.lead_unit_id} if activity else {}
    activity = _write_activity(plan, data, activity)
    record_audit(
        activity,
        acting_user,
        AuditEvent.ACTIVITY_CHANGED,
        old=old,
        new={
            "plan": plan.pk,
            "code": activity.code,
            "title": activity.title,
            "lead_unit": activity.lead_unit_id,
        },
    )
    return activity


@transaction.atomic
def do_delete_activity(activity: Activity, *, acting_user: User | None) -> None:
    """Remove an activity no unit has reported on yet."""
    _ensure_coordinator(acting_user, activity.plan)
    if activity.results.exists():
        raise ValidationError(_("Units have reported on this activity: it cannot be removed."))
    record_audit(
        activity.plan,
        acting_user,
        AuditEvent.ACTIVITY_CHANGED,
        old={"activity": activity.pk, "code": activity.code, "title": activity.title},
        new={},
    )
    activity.delete()


@transaction.atomic
def do_import_activities(
    plan: Plan, rows: Sequence[ActivityData], *, acting_user: User | None
) -> tuple[int, int]:
    """Write rows read from a spreadsheet: all of them or none (the caller
    refuses the file if any row had an error). A row whose code is already
    in the plan updates that activity. Returns (created, updated)."""
    _ensure_coordinator(acting_user, plan)
    existing = {a.code: a for a in plan.activities.all()}
    created = updated = 0
    for data in rows:
        _check_activity(plan, data)
        activity = existing.get(clean_text(data.code))
        _write_activity(plan, data, activity)
        if activity is None:
            created += 1
        else:
            updated += 1
    record_audit(
        plan,
        acting_user,
        AuditEvent.ACTIVITIES_IMPORTED,
        new={"created": created, "updated": updated},
    )
    return created, updated


# --------------------------------------------------------------- periods
@transaction.atomic
def do_add_period(plan: Plan, kind: str, *, acting_user: User | None) -> ReportingPeriod:
    """Add a reporting period (e.g. quarter II) with deadlines from the plan's settings."""
    _ensure_coordinator(acting_user, plan)
    if plan.periods.filter(kind=kind).exists():
        raise ValidationError(_("The plan already has this reporting period."))
    (period,) = _add_periods(plan, [kind])
    record_audit(
        period,
        acting_user,
        AuditEvent.PERIOD_CHANGED,
        new={"kind": kind, "unit_deadline": period.unit_deadline},
    )
    return period


@transaction.atomic
def do_update_period(
    period: ReportingPeriod,
    *,
    acting_user: User | None,
    unit_deadline: date,
    department_deadline: date,
) -> ReportingPeriod:
    """Move a period's deadlines (not before the period starts)."""
    _ensure_coordinator(acting_user, period.plan)
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if unit_deadline < locked.starts_on or department_deadline < locked.starts_on:
        raise ValidationError(_("A deadline cannot fall before the period starts."))
    before = {
        "unit_deadline": locked.unit_deadline,
        "department_deadline": locked.department_deadline,
    }
    locked.unit_deadline, locked.department_deadline = unit_deadline, department_deadline
    old, new = changed_fields(locked, before, list(before))
    if new:
        locked.save(update_fields=list(new))
        record_audit(locked, acting_user, AuditEvent.PERIOD_CHANGED, old=old, new=new)
    return locked


@transaction.atomic
def do_close_period(period: ReportingPeriod, *, acting_user: User | None) -> ReportingPeriod:
    """Close a period: no unit report can be filed or changed any more."""
    _ensure_coordinator(acting_user, period.plan)
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_closed:
        return locked
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    record_audit(locked, acting_user, AuditEvent.PERIOD_CLOSED, new={"closed_at": locked.closed_at})
    return locked


@transaction.atomic
def do_reopen_period(period: ReportingPeriod, *, acting_user: User | None) -> ReportingPeriod:
    _ensure_coordinator(acting_user, period.plan)
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not locked.is_closed:
        return locked
    old = {"closed_at": locked.closed_at}
    locked.closed_at = None
    locked.save(update_fields=["closed_at"])
    record_audit(locked, acting_user, AuditEvent.PERIOD_REOPENED, old=old, new={"closed_at": None})
    return locked
