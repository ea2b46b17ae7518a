"""Downloads of the one-stop forms (Mẫu 01–06 per dossier), the register
(Mẫu 07) and the staff statistics page.

Staff: ``/can-bo/ho-so/<pk>/mau-<n>.<pdf|docx>`` for the one-stop roles of
the dossier's unit (another unit's dossier is a 404); a form whose event
has not happened (Mẫu 03 of a dossier that was not refused…) is a 404 page
that says so. The applicant: ``/tai-khoan/ho-so/<pk>/mau-<n>.<pdf|docx>``
for Mẫu 01 (once received) and Mẫu 04 (an approved apology) of their own
dossiers. Every download is written to the audit log.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from motcua.core.audit import record_audit
from motcua.core.documents import content_disposition
from motcua.core.indicators import Scope
from motcua.dossiers import official_forms, register, statistics
from motcua.dossiers.constants import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.org.constants import Role
from motcua.org.decorators import staff_required
from motcua.org.models import Unit

# Who may print a dossier's forms and read the register and the figures.
ONE_STOP_ROLES: list[str] = [Role.RECEPTION, Role.HANDLER, Role.APPROVER, Role.LEADER]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _not_available(
    request: HttpRequest, dossier: Dossier, number: int, *, staff: bool
) -> HttpResponse:
    return render(
        request,
        "dossiers/forms/not_available.html",
        {
            "dossier": dossier,
            "number": number,
            "title": official_forms.FORM_TITLES.get(number, ""),
            "staff": staff,
        },
        status=404,
    )


def _serve_form(
    request: HttpRequest, dossier: Dossier, number: int, ext: str, *, for_citizen: bool
) -> HttpResponse:
    if ext not in official_forms.CONTENT_TYPES or number not in official_forms.FORM_NUMBERS:
        raise Http404
    raw_request = request.GET.get("lan", "")
    request_id = int(raw_request) if raw_request.isdigit() else None
    try:
        doc = official_forms.build_form(
            dossier, number, for_citizen=for_citizen, request_id=request_id
        )
    except official_forms.FormNotAvailable:
        return _not_available(request, dossier, number, staff=not for_citizen)
    content = official_forms.render_form(doc, ext)
    record_audit(
        dossier,
        request.user,
        AuditEvent.VIEWED,
        new={"form": f"mau-{number:02d}", "format": ext},
    )
    return _file_response(
        content, official_forms.CONTENT_TYPES[ext], official_forms.form_filename(doc, ext)
    )


@require_GET
@staff_required
def staff_form(request: HttpRequest, pk: int, number: int, ext: str) -> HttpResponse:
    """Mẫu ``number`` of a dossier of the user's units."""
    visible = Dossier.objects.visible_to(request.user, roles=ONE_STOP_ROLES)
    get_object_or_404(visible.only("pk"), pk=pk)
    dossier = official_forms.load_dossier(pk)
    return _serve_form(request, dossier, number, ext, for_citizen=False)


@require_GET
@login_required
def citizen_form(request: HttpRequest, pk: int, number: int, ext: str) -> HttpResponse:
    """Mẫu 01 or an approved Mẫu 04 of the applicant's own dossier."""
    get_object_or_404(Dossier.objects.of_applicant(request.user).submitted().only("pk"), pk=pk)
    dossier = official_forms.load_dossier(pk)
    return _serve_form(request, dossier, number, ext, for_citizen=True)


# ================================================================ filters
class PeriodForm(forms.Form):
    """Unit and period of the register and the statistics (GET)."""

    don_vi = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=None
    )
    tu = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )
    den = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )

    MAX_DAYS = 3 * 366

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if end < start:
                self.add_error("den", _("The end date must not be before the start date."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("den", _("Choose a period of at most three years."))
        return data


def _units(user: Any) -> Any:
    units = Unit.objects.visible_to(user, roles=ONE_STOP_ROLES).order_by("path")
    return units


def _period_form(request: HttpRequest) -> tuple[PeriodForm, Any]:
    units = _units(request.user)
    top = units.order_by("depth", "path").first()
    if top is None:
        raise PermissionDenied
    start, end = statistics.default_period()
    data = {"don_vi": str(top.pk), "tu": start.isoformat(), "den": end.isoformat()}
    for key in data:
        if request.GET.get(key, "").strip():
            data[key] = request.GET[key].strip()
    form = PeriodForm(data, units=units)
    return form, top


def _selection(form: PeriodForm, top: Unit) -> tuple[Unit, date, date]:
    data = form.cleaned_data
    return data.get("don_vi") or top, data["tu"], data["den"]


@require_GET
@staff_required
def register_view(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ (Mẫu 07): choose a unit and period, download XLSX or PDF."""
    form, top = _period_form(request)
    fmt = request.GET.get("format", "")
    if not form.is_valid():
        return render(request, "dossiers/forms/register.html", {"form": form}, status=400)
    unit, start, end = _selection(form, top)
    if fmt in ("xlsx", "pdf"):
        if fmt == "xlsx":
            content = register.export_register_xlsx(start, end, unit)
            content_type = XLSX
        else:
            content = register.export_register_pdf(start, end, unit)
            content_type = "application/pdf"
        record_audit(unit, request.user, AuditEvent.VIEWED, new={"register": fmt})
        return _file_response(
            content, content_type, register.register_filename(start, end, unit, fmt)
        )
    if fmt:
        raise Http404
    rows = register.register_rows(start, end, unit)
    return render(
        request,
        "dossiers/forms/register.html",
        {
            "form": form,
            "unit": unit,
            "start": start,
            "end": end,
            "rows": rows[:200],
            "total": len(rows),
            "columns": register.COLUMNS,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@staff_required
def stats_view(request: HttpRequest) -> HttpResponse:
    """Received, resolved, early / on time / late per unit, procedure and
    month, with the XLSX export (``?format=xlsx``)."""
    form, top = _period_form(request)
    if not form.is_valid():
        return render(request, "dossiers/stats/stats.html", {"form": form}, status=400)
    unit, start, end = _selection(form, top)
    stats = statistics.statistics(start, end, Scope(unit))
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        return _file_response(
            statistics.export_statistics(stats),
            XLSX,
            f"thong-ke-ho-so-{unit.code.lower()}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        )
    if fmt:
        raise Http404
    return render(
        request,
        "dossiers/stats/stats.html",
        {"form": form, "stats": stats, "unit": unit, "query": request.GET.urlencode()},
    )
