"""Plans: list, create, edit, issue, copy, objectives, targets, activities, periods."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.documents import content_disposition
from motcua.org.decorators import staff_required
from motcua.plans import actions, selectors
from motcua.plans.constants import IMPORT_MAX_BYTES, OUTPUTS, ObjectiveKind, PlanStatus, Timeliness
from motcua.plans.documents import plan_document
from motcua.plans.forms import (
    ActivityForm,
    AddPeriodForm,
    CopyForm,
    ImportForm,
    IssueForm,
    ObjectiveForm,
    PeriodForm,
    PlanForm,
    ReportingUnitsForm,
    TargetForm,
)
from motcua.plans.models import Activity, ConsolidatedReport, Plan, access_for
from motcua.plans.spreadsheets import export_activities, parse_activities
from motcua.plans.uploads import check_xlsx_upload
from motcua.plans.views.common import (
    XLSX,
    _coordinated_departments,
    _document_response,
    _editable_plan,
    _errors,
    _form_errors,
    _period,
    _plan,
    _refused,
)


# ================================================================= plans
@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans the user can see, and the reports their units have to file."""
    access = access_for(request.user)
    plans = list(
        selectors.plans_for(request.user).annotate(
            activity_count=Count("activities", distinct=True),
            target_count=Count("targets", distinct=True),
        )
    )
    own = [p for p in plans if not (p.is_shared_model and not access.coordinates(p.department))]
    shared = [p for p in plans if p not in own]
    return render(
        request,
        "plans/plan_list.html",
        {
            "own": own,
            "shared": shared,
            "to_file": selectors.open_periods_for_reporting(request.user),
            "recent": selectors.recent_reports_for(request.user),
            "may_create": _coordinated_departments(request).exists(),
        },
    )


@staff_required
def plan_create(request: HttpRequest) -> HttpResponse:
    departments = _coordinated_departments(request)
    if not departments.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, departments=departments, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        department, year = data.pop("department"), data.pop("year")
        try:
            plan = actions.do_create_plan(
                acting_user=request.user, department=department, year=year, **data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The plan has been created as a draft."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "plan": None},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan: header, objectives, targets with their measured value,
    activities, reporting units and periods with their reporting rates."""
    plan = _plan(request, pk)
    access = access_for(request.user)
    may_edit = access.coordinates(plan.department)
    activities = list(
        plan.activities.select_related("lead_unit").prefetch_related(
            "forms", "topics", "coordinating_units"
        )
    )
    periods = list(plan.periods.all())
    rates = selectors.period_rates(plan)
    own_department = access.superuser or any(
        plan.department.path.startswith(p) or p.startswith(plan.department.path)
        for p in access.member_paths
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "may_edit": may_edit,
            "own_department": own_department,
            "objectives": list(plan.objectives.all()),
            "general_kind": ObjectiveKind.GENERAL,
            "progress": selectors.target_progress(plan),
            "measured_until": plan.measurement_end(),
            "activities": activities,
            "periods": [{"period": p, "rates": rates.get(p.pk)} for p in periods],
            "reporting_units": list(plan.reporting_units.order_by("path")),
            "may_copy": _coordinated_departments(request).exists(),
        },
    )


@staff_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_plan(plan, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_form.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def plan_units(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = ReportingUnitsForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_reporting_units(
                plan, form.cleaned_data["units"], acting_user=request.user
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The reporting units have been saved."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_units.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = IssueForm(
        request.POST or None, initial={"number": plan.number, "issued_on": plan.issued_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_issue_plan(
                plan,
                acting_user=request.user,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The plan is in force: the units can report on it."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_issue.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a plan to another year (and, for a plan shared as a model, into
    the coordinator's own department)."""
    plan = _plan(request, pk)
    departments = _coordinated_departments(request)
    if not departments.exists():
        raise PermissionDenied
    other = plan.is_shared_model and not access_for(request.user).coordinates(plan.department)
    form = CopyForm(
        request.POST or None,
        initial={"year": plan.year + 1},
        departments=departments if other or departments.count() > 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        department = form.cleaned_data.get("department") or plan.department
        try:
            copy = actions.do_copy_plan(
                plan,
                acting_user=request.user,
                year=form.cleaned_data["year"],
                department=department,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The plan has been copied to %(year)s as a draft: check it, then issue it.")
                % {"year": copy.year},
            )
            return redirect("plans:plan_detail", pk=copy.pk)
    return render(
        request,
        "plans/plan_copy.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def plan_document_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The plan as KẾ HOẠCH, DOCX or PDF."""
    plan = _plan(request, pk)
    doc = plan_document(plan)
    return _document_response(doc, fmt)


# ----------------------------------------------------- objectives, targets
@staff_required
def objective_edit(request: HttpRequest, pk: int, objective_pk: int | None = None) -> HttpResponse:
    plan = _editable_plan(request, pk)
    objective = get_object_or_404(plan.objectives, pk=objective_pk) if objective_pk else None
    initial = (
        {"kind": objective.kind, "text": objective.text, "order": objective.order}
        if objective
        else {"kind": ObjectiveKind.SPECIFIC, "order": plan.objectives.count() + 1}
    )
    form = ObjectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_objective(
                plan, acting_user=request.user, objective=objective, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The objective has been saved."))
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#muc-tieu")
    return render(
        request,
        "plans/simple_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Objective"),
            "back": "#muc-tieu",
            "delete_url": reverse("plans:objective_delete", args=[plan.pk, objective.pk])
            if objective
            else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def objective_delete(request: HttpRequest, pk: int, objective_pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    actions.do_delete_objective(
        get_object_or_404(plan.objectives, pk=objective_pk), acting_user=request.user
    )
    messages.success(request, _("The objective has been removed."))
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#muc-tieu")


@staff_required
def target_edit(request: HttpRequest, pk: int, target_pk: int | None = None) -> HttpResponse:
    plan = _editable_plan(request, pk)
    target = get_object_or_404(plan.targets, pk=target_pk) if target_pk else None
    initial = (
        {
            "name": target.name,
            "indicator_key": target.indicator_key,
            "target_value": target.target_value,
            "direction": target.direction,
            "objective": target.objective_id,
            "note": target.note,
            "order": target.order,
        }
        if target
        else {"order": plan.targets.count() + 1}
    )
    form = TargetForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_target(
                plan, acting_user=request.user, target=target, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The target has been saved."))
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#chi-tieu")
    return render(
        request,
        "plans/simple_form.html",
        {
            "form": form,
            "plan": plan,
            "title": _("Measured target"),
            "back": "#chi-tieu",
            "delete_url": reverse("plans:target_delete", args=[plan.pk, target.pk])
            if target
            else "",
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    actions.do_delete_target(
        get_object_or_404(plan.targets, pk=target_pk), acting_user=request.user
    )
    messages.success(request, _("The target has been removed."))
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#chi-tieu")


# ------------------------------------------------------------ activities
def _activity_initial(activity: Activity) -> dict[str, Any]:
    initial = {
        "code": activity.code,
        "title": activity.title,
        "description": activity.description,
        "topics": list(activity.topics.values_list("pk", flat=True)),
        "forms_": list(activity.forms.values_list("pk", flat=True)),
        "audience": activity.audience,
        "lead_unit": activity.lead_unit_id,
        "coordinating_units": list(activity.coordinating_units.values_list("pk", flat=True)),
        "all_units": activity.all_units,
        "schedule": activity.schedule,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "budget_vnd": activity.budget_vnd,
    }
    for name, _label, _doc in OUTPUTS:
        initial[f"expected_{name}"] = getattr(activity, f"expected_{name}")
    return initial


@staff_required
def activity_edit(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    plan = _editable_plan(request, pk)
    activity = get_object_or_404(plan.activities, pk=activity_pk) if activity_pk else None
    initial = (
        _activity_initial(activity)
        if activity
        else {"code": f"HĐ{plan.activities.count() + 1:02d}"}
    )
    form = ActivityForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = actions.ActivityData(
            code=d["code"],
            title=d["title"],
            description=d["description"],
            lead_unit=d["lead_unit"],
            audience=d["audience"],
            all_units=d["all_units"],
            schedule=d["schedule"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            budget_vnd=d["budget_vnd"],
            topics=list(d["topics"]),
            forms=list(d["forms_"]),
            coordinating_units=list(d["coordinating_units"]),
            expected={name: d[f"expected_{name}"] for name, _l, _d in OUTPUTS},
            order=activity.order if activity else plan.activities.count() + 1,
        )
        try:
            actions.do_save_activity(plan, data, acting_user=request.user, activity=activity)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#hoat-dong")
    return render(
        request,
        "plans/activity_form.html",
        {
            "form": form,
            "plan": plan,
            "activity": activity,
            "outputs": [f"expected_{n}" for n, _l, _d in OUTPUTS],
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def activity_delete(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    activity = get_object_or_404(plan.activities, pk=activity_pk)
    try:
        actions.do_delete_activity(activity, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, exc, reverse("plans:plan_detail", args=[plan.pk]) + "#hoat-dong")
    messages.success(request, _("The activity has been removed."))
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#hoat-dong")


@staff_required
def activities_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    response = HttpResponse(export_activities(plan), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        f"hoat-dong-ke-hoach-{plan.year}-{plan.pk}.xlsx"
    )
    return response


@staff_required
def activities_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Read activities from a workbook: all rows or none."""
    plan = _editable_plan(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_xlsx_upload(upload, IMPORT_MAX_BYTES)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            parsed = parse_activities(upload.read(), plan)
            row_errors = parsed.errors
            if not row_errors:
                try:
                    created, updated = actions.do_import_activities(
                        plan, parsed.rows, acting_user=request.user
                    )
                except ValidationError as exc:
                    row_errors = _errors(exc)
                else:
                    messages.success(
                        request,
                        _("%(created)s activities added and %(updated)s updated.")
                        % {"created": created, "updated": updated},
                    )
                    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#hoat-dong")
    return render(
        request,
        "plans/activity_import.html",
        {"form": form, "plan": plan, "row_errors": row_errors},
        status=400 if request.method == "POST" else 200,
    )


# --------------------------------------------------------------- periods


@staff_required
def period_detail(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Completeness of a period (like DHIS2's reporting rates): each unit
    on time, late or missing, with reminders; the consolidated report."""
    period = _period(request, pk, period_pk)
    plan = period.plan
    access = access_for(request.user)
    if not (access.coordinates(plan.department) or access.heads(plan.department)):
        # Units see their own report, not the whole Department's standing.
        raise Http404
    rows = selectors.completeness(period)
    consolidated = list(
        ConsolidatedReport.objects.filter(period=period)
        .order_by("-version")
        .only("pk", "version", "status", "is_current", "subject", "created_at")
    )
    may_edit = access.coordinates(plan.department)
    return render(
        request,
        "plans/period_detail.html",
        {
            "plan": plan,
            "period": period,
            "rows": rows,
            "summary": selectors.summarise(rows),
            "consolidated": consolidated,
            "current_consolidated": next((c for c in consolidated if c.is_current), None),
            "may_edit": may_edit,
            "may_remind": may_edit and plan.status == PlanStatus.IN_FORCE and not period.is_closed,
            "period_form": PeriodForm(
                initial={
                    "unit_deadline": period.unit_deadline,
                    "department_deadline": period.department_deadline,
                }
            )
            if may_edit
            else None,
            "add_form": AddPeriodForm(plan=plan) if may_edit else None,
            "Timeliness": Timeliness,
        },
    )


@staff_required
@require_POST
def period_edit(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(request, pk, period_pk)
    form = PeriodForm(request.POST)
    back = reverse("plans:period_detail", args=[pk, period_pk])
    if not form.is_valid():
        return _refused(
            request, ValidationError([e for errs in form.errors.values() for e in errs]), back
        )
    try:
        actions.do_update_period(period, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The deadlines have been saved."))
    return redirect(back)


@staff_required
@require_POST
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = AddPeriodForm(request.POST, plan=plan)
    back = reverse("plans:plan_detail", args=[plan.pk]) + "#ky-bao-cao"
    if not form.is_valid():
        return _refused(
            request, ValidationError(_("Choose a period the plan does not have yet.")), back
        )
    try:
        period = actions.do_add_period(plan, form.cleaned_data["kind"], acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The reporting period has been added."))
    return redirect("plans:period_detail", pk=plan.pk, period_pk=period.pk)


@staff_required
@require_POST
def period_close(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(request, pk, period_pk)
    if request.POST.get("reopen"):
        actions.do_reopen_period(period, acting_user=request.user)
        messages.success(request, _("The period has been reopened."))
    else:
        actions.do_close_period(period, acting_user=request.user)
        messages.success(request, _("The period has been closed: reports can no longer be filed."))
    return redirect("plans:period_detail", pk=pk, period_pk=period_pk)


@staff_required
@require_POST
def period_remind(request: HttpRequest, pk: int, period_pk: int, unit_pk: int) -> HttpResponse:
    period = _period(request, pk, period_pk)
    unit = get_object_or_404(period.plan.reporting_units, pk=unit_pk)
    back = reverse("plans:period_detail", args=[pk, period_pk])
    try:
        log = actions.do_remind_unit(period, unit, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, exc, back)
    if log.recipients:
        messages.success(
            request,
            _("A reminder has been sent to %(unit)s (%(to)s).")
            % {"unit": unit.name, "to": log.recipients},
        )
    else:
        messages.warning(
            request,
            _("%(unit)s has no focal point or e-mail address: the reminder was recorded only.")
            % {"unit": unit.name},
        )
    return redirect(back)
