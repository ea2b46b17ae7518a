"""Helpers of the plans views: access, refusals, document downloads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from motcua.core.documents import content_disposition, render_docx, render_pdf
from motcua.core.models import AuditEntry
from motcua.org.constants import UnitKind
from motcua.org.models import Unit
from motcua.plans.constants import AuditEvent
from motcua.plans.models import Plan, ReportingPeriod, access_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _refused(
    request: HttpRequest, exc: ValidationError, back: str, status: int = 400
) -> HttpResponse:
    """An action refused the request: say why, offer the way back."""
    return render(
        request, "plans/refused.html", {"errors": _errors(exc), "back": back}, status=status
    )


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("department"), pk=pk
    )


def _editable_plan(request: HttpRequest, pk: int) -> Plan:
    plan = _plan(request, pk)
    if not Plan.objects.editable_by(request.user).filter(pk=plan.pk).exists():
        raise PermissionDenied
    return plan


def _coordinated_departments(request: HttpRequest):
    access = access_for(request.user)
    if access.superuser:
        return Unit.objects.active().filter(kind=UnitKind.DEPARTMENT).order_by("path")
    return Unit.objects.filter(path__in=access.coordinated_paths).order_by("path")


def _form_errors(form: Any, exc: ValidationError) -> None:
    for message in _errors(exc):
        form.add_error(None, message)


def _document_response(doc: Any, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        content, mime = render_pdf(doc), "application/pdf"
    elif fmt == "docx":
        content, mime = render_docx(doc), DOCX
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = content_disposition(f"{doc.filename_stem}.{fmt}")
    return response


def _history(obj: Any) -> list[dict[str, Any]]:
    """The object's audit entries, newest first, with readable event names."""
    labels = dict(AuditEvent.choices)
    return [
        {
            "when": e.created_at,
            "who": e.actor_repr,
            "what": labels.get(e.event, e.event),
            "new": e.new,
        }
        for e in AuditEntry.objects.for_object(obj)[:30]
    ]


def _period(request: HttpRequest, pk: int, period_pk: int) -> ReportingPeriod:
    plan = _plan(request, pk)
    return get_object_or_404(
        ReportingPeriod.objects.select_related("plan__department"), plan=plan, pk=period_pk
    )
