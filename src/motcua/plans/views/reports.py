"""Unit reports: the report, its activity results, evidence, the workflow steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.documents import content_disposition
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.plans import actions, selectors
from motcua.plans.constants import OUTPUT_COLUMNS, OUTPUTS, EvidenceKind, PlanStatus, ReportStatus
from motcua.plans.forms import (
    CommentForm,
    EvidenceLinkForm,
    EvidenceUploadForm,
    NarrativeForm,
    ReasonForm,
    ResultForm,
)
from motcua.plans.models import Activity, Evidence, Plan, ReportingPeriod, UnitReport, access_for
from motcua.plans.views.common import _errors, _form_errors, _history, _refused


# ========================================================== unit reports
def _report(request: HttpRequest, report_pk: int) -> UnitReport:
    return get_object_or_404(
        UnitReport.objects.visible_to(request.user).select_related(
            "period__plan__department", "unit"
        ),
        pk=report_pk,
    )


@staff_required
def report_start(request: HttpRequest, period_pk: int, unit_pk: int) -> HttpResponse:
    """Open the unit's report for the period (the reminder e-mail links
    here); start it on POST."""
    access = access_for(request.user)
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("plan__department").filter(
            plan__in=Plan.objects.visible_to(request.user)
        ),
        pk=period_pk,
    )
    unit = get_object_or_404(Unit.objects.active(), pk=unit_pk)
    if not access.sees_reports_of(unit):
        raise Http404
    existing = UnitReport.objects.current().filter(period=period, unit=unit).first()
    if existing is not None:
        return redirect("plans:report_detail", report_pk=existing.pk)
    if request.method == "POST":
        try:
            report = actions.do_start_report(period, unit, acting_user=request.user)
        except ValidationError as exc:
            return _refused(request, exc, reverse("plans:plan_list"))
        return redirect("plans:report_detail", report_pk=report.pk)
    return render(
        request,
        "plans/report_start.html",
        {"period": period, "plan": period.plan, "unit": unit, "may_file": access.files_for(unit)},
    )


def _report_context(request: HttpRequest, report: UnitReport, **extra: Any) -> dict[str, Any]:
    access = access_for(request.user)
    period = report.period
    lines = selectors.report_lines(report)
    versions = list(
        UnitReport.objects.filter(period=period, unit=report.unit)
        .exclude(pk=report.pk)
        .order_by("-version")
        .only("pk", "version", "status", "submitted_at", "revision_reason")
    )
    files = access.files_for(report.unit)
    heads = access.heads(report.unit)
    status = report.status
    active = not period.is_closed and period.plan.status == PlanStatus.IN_FORCE
    editable = report.is_editable and active
    return {
        "report": report,
        "period": period,
        "plan": period.plan,
        "lines": lines,
        "auto_figures": selectors.auto_figures(report),
        "versions": versions,
        "editable": editable and files,
        "narrative_form": extra.pop("narrative_form", None)
        or NarrativeForm(initial={"narrative": report.narrative}),
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "reason_form": extra.pop("reason_form", None) or ReasonForm(),
        "can_send": files and status == ReportStatus.DRAFT and active,
        "can_approve": heads and status == ReportStatus.PENDING_APPROVAL and active,
        "can_return": heads
        and status in (ReportStatus.PENDING_APPROVAL, ReportStatus.APPROVED)
        and active,
        "can_submit": files and status == ReportStatus.APPROVED and active,
        "can_revise": files and status == ReportStatus.SUBMITTED and report.is_current and active,
        "history": _history(report),
        "outputs": OUTPUT_COLUMNS,
        **extra,
    }


@staff_required
def report_detail(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _report(request, report_pk)
    form = None
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                actions.do_save_report_narrative(
                    report, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The summary has been saved."))
                return redirect("plans:report_detail", report_pk=report.pk)
    return render(
        request,
        "plans/report_detail.html",
        _report_context(request, report, narrative_form=form),
        status=400 if request.method == "POST" else 200,
    )


TRANSITIONS = {
    "trinh-duyet": ("send", _("The report has been sent to the head of the unit for approval.")),
    "duyet": ("approve", _("The report has been approved.")),
    "tra-lai": ("return", _("The report has been returned to the focal point.")),
    "gui": ("submit", _("The report has been submitted to the Department.")),
    "phien-ban-moi": ("revise", _("A new version of the report has been opened as a draft.")),
}


@staff_required
@require_POST
def report_transition(request: HttpRequest, report_pk: int, step: str) -> HttpResponse:
    report = _report(request, report_pk)
    if step not in TRANSITIONS:
        raise Http404
    kind, done = TRANSITIONS[step]
    extra: dict[str, Any] = {}
    try:
        if kind == "send":
            result = actions.do_send_report_for_approval(report, acting_user=request.user)
        elif kind == "approve":
            result = actions.do_approve_report(report, acting_user=request.user)
        elif kind == "submit":
            result = actions.do_submit_report(report, acting_user=request.user)
        elif kind == "return":
            form = CommentForm(request.POST)
            extra["comment_form"] = form
            if not form.is_valid():
                raise ValidationError(_("Say what must be changed."))
            result = actions.do_return_report(report, acting_user=request.user, **form.cleaned_data)
        else:
            form = ReasonForm(request.POST)
            extra["reason_form"] = form
            if not form.is_valid():
                raise ValidationError(_("Give the reason for the new version."))
            result = actions.do_revise_report(report, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        report.refresh_from_db()
        return render(
            request,
            "plans/report_detail.html",
            _report_context(request, report, errors=_errors(exc), **extra),
            status=400,
        )
    messages.success(request, str(done))
    return redirect("plans:report_detail", report_pk=result.pk)


def _result_context(
    request: HttpRequest, report: UnitReport, activity: Activity, **extra: Any
) -> dict[str, Any]:
    result = report.results.filter(activity=activity).first()
    evidence = list(result.evidence.all()) if result else []
    access = access_for(request.user)
    editable = (
        report.is_editable
        and not report.period.is_closed
        and report.period.plan.status == PlanStatus.IN_FORCE
        and access.files_for(report.unit)
    )
    return {
        "report": report,
        "plan": report.period.plan,
        "period": report.period,
        "activity": activity,
        "result": result,
        "evidence": evidence,
        "editable": editable,
        "link_form": extra.pop("link_form", None) or EvidenceLinkForm(prefix="link"),
        "upload_form": extra.pop("upload_form", None) or EvidenceUploadForm(prefix="upload"),
        **extra,
    }


def _activity_for(report: UnitReport, activity_pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("lead_unit").prefetch_related("forms", "topics"),
        plan_id=report.period.plan_id,
        pk=activity_pk,
    )


@staff_required
def report_result(request: HttpRequest, report_pk: int, activity_pk: int) -> HttpResponse:
    """Outputs, spending, narrative and evidence of one activity."""
    report = _report(request, report_pk)
    activity = _activity_for(report, activity_pk)
    if (
        not Activity.objects.filter(pk=activity.pk).for_unit(report.unit).exists()
        and not report.results.filter(activity=activity).exists()
    ):
        return _refused(
            request,
            ValidationError(
                _(
                    "“%(activity)s” is not an activity of %(unit)s: only the units carrying it out report on it."
                )
                % {"activity": activity.title, "unit": report.unit.name}
            ),
            reverse("plans:report_detail", args=[report.pk]),
        )
    result = report.results.filter(activity=activity).first()
    initial = (
        {
            **{n: getattr(result, n) for n, _l, _d in OUTPUTS},
            "spending_vnd": result.spending_vnd,
            "narrative": result.narrative,
        }
        if result
        else {}
    )
    form = ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_save_result(
                report,
                activity,
                acting_user=request.user,
                outputs={n: data[n] for n, _l, _d in OUTPUTS},
                spending_vnd=data["spending_vnd"],
                narrative=data["narrative"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The result has been saved. Add evidence below."))
            return redirect("plans:report_result", report_pk=report.pk, activity_pk=activity.pk)
    return render(
        request,
        "plans/report_result.html",
        _result_context(request, report, activity, form=form),
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def evidence_add(request: HttpRequest, report_pk: int, activity_pk: int) -> HttpResponse:
    report = _report(request, report_pk)
    activity = _activity_for(report, activity_pk)
    result = report.results.filter(activity=activity).first()
    kind = request.POST.get("evidence", "link")
    link_form = EvidenceLinkForm(request.POST if kind == "link" else None, prefix="link")
    upload_form = EvidenceUploadForm(
        request.POST if kind != "link" else None, request.FILES or None, prefix="upload"
    )
    form = link_form if kind == "link" else upload_form
    if result is None:
        form.add_error(None, _("Save the result of the activity first, then add its evidence."))
    elif form.is_valid():
        try:
            if kind == "link":
                actions.do_add_evidence(
                    result,
                    acting_user=request.user,
                    kind=EvidenceKind.LINK,
                    url=form.cleaned_data["url"],
                    title=form.cleaned_data["title"],
                )
            else:
                actions.do_add_evidence(
                    result,
                    acting_user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
        except ValidationError as exc:
            form.add_error("url" if kind == "link" else "file", exc)
        else:
            messages.success(request, _("The evidence has been added."))
            return redirect("plans:report_result", report_pk=report.pk, activity_pk=activity.pk)
    initial = (
        {
            **{n: getattr(result, n) for n, _l, _d in OUTPUTS},
            "spending_vnd": result.spending_vnd,
            "narrative": result.narrative,
        }
        if result
        else {}
    )
    return render(
        request,
        "plans/report_result.html",
        _result_context(
            request,
            report,
            activity,
            form=ResultForm(initial=initial),
            link_form=link_form,
            upload_form=upload_form,
        ),
        status=400,
    )


def _evidence(request: HttpRequest, evidence_pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("result__report__unit", "result__report__period").filter(
            result__report__in=UnitReport.objects.visible_to(request.user)
        ),
        pk=evidence_pk,
    )


@staff_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    evidence = _evidence(request, evidence_pk)
    report, activity_id = evidence.result.report, evidence.result.activity_id
    back = reverse("plans:report_result", args=[report.pk, activity_id])
    try:
        actions.do_remove_evidence(evidence, acting_user=request.user)
    except ValidationError as exc:
        return _refused(request, exc, back)
    messages.success(request, _("The evidence has been removed."))
    return redirect(back)


@staff_required
def evidence_file(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    """An uploaded photo or file, for those who may see the report."""
    evidence = _evidence(request, evidence_pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = (
        evidence.content_type.startswith("image/") or evidence.content_type == "application/pdf"
    )
    response = FileResponse(
        handle, content_type=evidence.content_type or "application/octet-stream"
    )
    disposition = content_disposition(
        evidence.original_name or evidence.file.name.rsplit("/", 1)[-1]
    )
    response["Content-Disposition"] = (
        disposition.replace("attachment", "inline") if inline else disposition
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
