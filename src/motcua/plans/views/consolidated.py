"""The Department's consolidated report, and the lists of topics and forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.documents import can_publish_documents
from motcua.org.decorators import staff_required
from motcua.plans import actions, selectors
from motcua.plans.constants import OUTPUT_COLUMNS
from motcua.plans.documents import consolidated_document
from motcua.plans.forms import ApproveForm, CatalogueItemForm, ConsolidatedForm, ReasonForm
from motcua.plans.models import CommunicationForm, ConsolidatedReport, Topic, access_for
from motcua.plans.views.common import (
    _document_response,
    _errors,
    _form_errors,
    _history,
    _period,
)


# ================================================== consolidated reports
def _consolidated(request: HttpRequest, report_pk: int) -> ConsolidatedReport:
    return get_object_or_404(
        ConsolidatedReport.objects.visible_to(request.user).select_related(
            "period__plan__department"
        ),
        pk=report_pk,
    )


@staff_required
@require_POST
def consolidated_create(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    period = _period(request, pk, period_pk)
    report = actions.do_draft_consolidated(period, acting_user=request.user)
    return redirect("plans:consolidated_detail", report_pk=report.pk)


def _consolidated_context(
    request: HttpRequest, report: ConsolidatedReport, **extra: Any
) -> dict[str, Any]:
    access = access_for(request.user)
    plan = report.period.plan
    coordinator = access.coordinates(plan.department)
    approver = coordinator or access.heads(plan.department)
    figures = selectors.frozen_or_live_figures(report)
    initial = {f: getattr(report, f) for f in actions.CONSOLIDATED_FIELDS}
    return {
        "report": report,
        "period": report.period,
        "plan": plan,
        "figures": figures,
        "outputs": OUTPUT_COLUMNS,
        "form": extra.pop("form", None)
        or (ConsolidatedForm(initial=initial) if report.is_editable and coordinator else None),
        "approve_form": extra.pop("approve_form", None)
        or ApproveForm(initial={"number": report.number, "issued_on": report.issued_on}),
        "reason_form": extra.pop("reason_form", None) or ReasonForm(),
        "can_submit": coordinator and report.is_editable,
        "can_approve": approver and report.status == "submitted",
        "can_revise": coordinator
        and report.is_current
        and report.status in ("submitted", "approved"),
        "can_publish": coordinator and report.status == "approved" and can_publish_documents(),
        "versions": list(
            ConsolidatedReport.objects.filter(period=report.period)
            .exclude(pk=report.pk)
            .order_by("-version")
        ),
        "history": _history(report),
        **extra,
    }


@staff_required
def consolidated_detail(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _consolidated(request, report_pk)
    form = None
    if request.method == "POST":
        if not access_for(request.user).coordinates(report.period.plan.department):
            raise PermissionDenied
        form = ConsolidatedForm(request.POST)
        if form.is_valid():
            try:
                actions.do_update_consolidated(
                    report, acting_user=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The report has been saved."))
                return redirect("plans:consolidated_detail", report_pk=report.pk)
    return render(
        request,
        "plans/consolidated_detail.html",
        _consolidated_context(request, report, form=form),
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def consolidated_transition(request: HttpRequest, report_pk: int, step: str) -> HttpResponse:
    report = _consolidated(request, report_pk)
    extra: dict[str, Any] = {}
    try:
        if step == "trinh":
            result = actions.do_submit_consolidated(report, acting_user=request.user)
            done = _("The report has been submitted for approval; its figures are now frozen.")
        elif step == "duyet":
            form = ApproveForm(request.POST)
            extra["approve_form"] = form
            if not form.is_valid():
                raise ValidationError(_("Check the number and the date."))
            result = actions.do_approve_consolidated(
                report, acting_user=request.user, **form.cleaned_data
            )
            done = _("The report has been approved.")
        elif step == "phien-ban-moi":
            form = ReasonForm(request.POST)
            extra["reason_form"] = form
            if not form.is_valid():
                raise ValidationError(_("Give the reason for the new version."))
            result = actions.do_revise_consolidated(
                report, acting_user=request.user, **form.cleaned_data
            )
            done = _("A new version has been opened as a draft.")
        elif step == "cong-bo":
            actions.do_publish_consolidated(report, acting_user=request.user)
            result = report
            done = _("The report has been published in the website's document library.")
        else:
            raise Http404
    except ValidationError as exc:
        report.refresh_from_db()
        return render(
            request,
            "plans/consolidated_detail.html",
            _consolidated_context(request, report, errors=_errors(exc), **extra),
            status=400,
        )
    messages.success(request, str(done))
    return redirect("plans:consolidated_detail", report_pk=result.pk)


@staff_required
def consolidated_download(request: HttpRequest, report_pk: int, fmt: str) -> HttpResponse:
    """BÁO CÁO in the NĐ 30 layout; a draft is marked "DỰ THẢO"."""
    report = _consolidated(request, report_pk)
    return _document_response(consolidated_document(report), fmt)


# ============================================================ catalogues
@staff_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The lists of topics and forms of communication."""
    access = access_for(request.user)
    may_edit = access.is_coordinator
    form = CatalogueItemForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        model = Topic if request.POST.get("list") == "topic" else CommunicationForm
        item = None
        if request.POST.get("item"):
            item = get_object_or_404(model, pk=request.POST["item"])
        if form.is_valid():
            fields = dict(form.cleaned_data)
            if model is Topic and item is None:
                fields["kind"] = (
                    request.POST.get("kind")
                    if request.POST.get("kind") in ("reform_area", "index", "other")
                    else "other"
                )
            try:
                actions.do_save_catalogue_item(model, acting_user=request.user, item=item, **fields)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The list has been saved."))
                return redirect("plans:catalogue")
    return render(
        request,
        "plans/catalogue.html",
        {
            "topics": list(Topic.objects.all()),
            "forms": list(CommunicationForm.objects.all()),
            "form": form,
            "may_edit": may_edit,
        },
        status=400 if request.method == "POST" else 200,
    )
