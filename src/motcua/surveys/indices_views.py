"""Survey indices for staff at /can-bo/khao-sat/chi-so/: filters (template,
campaign, unit, period), the summary, sections, items, units (small
samples flagged, never ranked), the previous period, free-text answers,
charts beside tables, and the report downloads and publication.

Who sees what: the units of ``models.units_in_scope`` (coordinator: the
whole Department; focal point and leader: their subtree). A unit or
campaign outside it is a 404; bad filters a 400 with the page kept.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.core.documents import can_publish_documents, content_disposition
from motcua.org.constants import Role
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.surveys import charts, reports, selectors
from motcua.surveys.models import Campaign, SurveyTemplate, units_in_scope

TEXT_PAGE_SIZE = 20
KINDS = {
    "quy": gettext_lazy("Quarter"),
    "6-thang": gettext_lazy("6 months"),
    "nam": gettext_lazy("Year"),
    "tuy-chon": gettext_lazy("Custom dates"),
}


def quarter_of(day: date) -> tuple[date, date]:
    first = 3 * ((day.month - 1) // 3) + 1
    return date(day.year, first, 1), date(
        day.year, first + 2, calendar.monthrange(day.year, first + 2)[1]
    )


def _parse_date(text: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class Filters:
    """The page's filters as typed (``raw``) and as understood."""

    raw: dict[str, str]
    template: SurveyTemplate | None = None
    campaign: Campaign | None = None
    unit: Unit | None = None
    kind: str = "quy"
    start: date | None = None
    end: date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> str:
        """The filters as a query string (for links to downloads, pages)."""
        return urlencode({k: v for k, v in self.raw.items() if v and k != "trang"})


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 10 else None


def parse_filters(
    params: QueryDict, *, scope: QuerySet[Unit], templates: QuerySet[SurveyTemplate], user: Any
) -> Filters:
    """Read the filters; a unit or campaign outside the scope raises 404."""
    keys = ("mau", "chien-dich", "don-vi", "ky", "nam", "so", "tu", "den", "trang")
    raw = {k: params.get(k, "").strip()[:20] for k in keys}
    f = Filters(raw=raw)
    today = timezone.localdate()
    if raw["chien-dich"]:
        pk = _int(raw["chien-dich"])
        campaign = (
            Campaign.objects.visible_to(user)
            .select_related("version__template", "unit")
            .filter(pk=pk)
            .first()
            if pk
            else None
        )
        if campaign is None:
            raise Http404
        f.campaign, f.template, f.unit = campaign, campaign.version.template, campaign.unit
    if raw["don-vi"] and f.campaign is None:
        pk = _int(raw["don-vi"])
        f.unit = scope.filter(pk=pk).first() if pk else None
        if f.unit is None:
            raise Http404
    if f.template is None:
        pk = _int(raw["mau"]) if raw["mau"] else None
        if raw["mau"] and pk is None:
            f.errors["mau"] = _("Choose a questionnaire from the list.")
        f.template = (templates.filter(pk=pk).first() if pk else None) or templates.first()
        if raw["mau"] and pk and f.template is not None and f.template.pk != pk:
            f.errors["mau"] = _("Choose a questionnaire from the list.")
    kind = raw["ky"] or "quy"
    if kind not in KINDS:
        f.errors["ky"] = _("Choose a period.")
        kind = "quy"
    f.kind = kind
    year = _int(raw["nam"]) if raw["nam"] else today.year
    if year is None or not 2000 <= year <= 2100:
        f.errors["nam"] = _("Enter a year between 2000 and 2100.")
        year = today.year
    number = _int(raw["so"]) if raw["so"] else None
    if kind == "quy":
        if not raw["so"]:
            number = (today.month - 1) // 3 + 1 if year == today.year else 4
        if number is None or not 1 <= number <= 4:
            f.errors["so"] = _("Choose a quarter from 1 to 4.")
            number = 1
        f.start, f.end = quarter_of(date(year, 3 * number - 2, 1))
    elif kind == "6-thang":
        if not raw["so"]:
            number = 1 if year == today.year and today.month <= 6 else 2
        if number not in (1, 2):
            f.errors["so"] = _("Choose the first or the second half of the year.")
            number = 1
        f.start = date(year, 1 if number == 1 else 7, 1)
        f.end = date(year, 6, 30) if number == 1 else date(year, 12, 31)
    elif kind == "nam":
        f.start, f.end = date(year, 1, 1), date(year, 12, 31)
    else:
        f.start, f.end = _parse_date(raw["tu"]), _parse_date(raw["den"])
        if f.start is None:
            f.errors["tu"] = _("Enter a date as dd/mm/yyyy, e.g. 05/04/2026.")
        if f.end is None:
            f.errors["den"] = _("Enter a date as dd/mm/yyyy, e.g. 05/04/2026.")
        if f.start and f.end and f.end < f.start:
            f.errors["den"] = _("The end date must not be before the start date.")
        if f.start and f.end and (f.end - f.start).days > 3 * 366:
            f.errors["den"] = _("Choose a period of at most three years.")
    raw["so"] = raw["so"] or (str(number) if number else "")
    raw["nam"] = raw["nam"] or str(year)
    raw["ky"] = kind
    return f


def _context_scope(request: HttpRequest) -> tuple[QuerySet[Unit], QuerySet[SurveyTemplate]]:
    scope = units_in_scope(request.user)
    if not scope.exists():
        raise PermissionDenied
    templates = SurveyTemplate.objects.filter(
        pk__in=Campaign.objects.filter(unit__in=scope).values("version__template_id")
    ).order_by("name")
    return scope, templates


def _figure_units(f: Filters, scope: QuerySet[Unit]) -> QuerySet[Unit]:
    if f.unit is not None:
        return scope.filter(path__startswith=f.unit.path)
    return scope


def _bars_items(figures: list[selectors.QuestionFigure]) -> list[charts.Bar]:
    return [
        charts.Bar(f"{f.question_code}. {f.text}", f.rate, f.small_sample)
        for f in figures
        if f.in_index
    ]


@staff_required
def indices(request: HttpRequest) -> HttpResponse:
    """The indices page (a fixed number of queries whatever the number of
    units, items or answers)."""
    scope, templates = _context_scope(request)
    f = parse_filters(request.GET, scope=scope, templates=templates, user=request.user)
    context: dict[str, Any] = {
        "f": f,
        "kinds": KINDS,
        "templates": templates,
        "units": scope.order_by("path"),
        "campaigns": Campaign.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("-starts_on", "title")[:200],
        "may_publish": can_publish_documents() and _may_publish(request.user, f, scope),
    }
    status = 400 if f.errors else 200
    if f.errors or f.template is None or f.start is None or f.end is None:
        return render(request, "surveys/indices/indices.html", context, status=status)
    units = _figure_units(f, scope)
    kwargs: dict[str, Any] = {"start": f.start, "end": f.end}
    if f.campaign is not None:
        kwargs["campaign"] = f.campaign
    else:
        kwargs.update(template=f.template, units=units)
    ref = selectors.reference_version(template=f.template, campaign=f.campaign)
    threshold = ref.threshold if ref is not None else 80
    comparison = selectors.compare_periods(**kwargs)
    summary = comparison.current
    items = [i.current for i in comparison.items if i.current is not None]
    unit_rows: list[selectors.UnitFigure] = []
    if f.campaign is None:
        with_campaigns = units.filter(
            pk__in=Campaign.objects.filter(version__template=f.template).values("unit_id")
        )
        unit_rows = selectors.unit_table(
            template=f.template, units=with_campaigns, start=f.start, end=f.end
        )
    texts = Paginator(selectors.free_text_answers(**kwargs), TEXT_PAGE_SIZE).get_page(
        f.raw["trang"] or 1
    )
    previous_sections = {s.code: s for s in comparison.previous.sections}
    index_sections = [s for s in summary.sections if s.in_index]
    context.update(
        summary=summary,
        comparison=comparison,
        items=items,
        threshold=threshold,
        unit_rows=unit_rows,
        moh=selectors.moh_figures(**kwargs),
        shares=selectors.awareness_shares(
            template=f.template if f.campaign is None else None,
            campaign=f.campaign,
            units=None if f.campaign is not None else units,
            start=f.start,
            end=f.end,
        ),
        channels=[c for c in selectors.channel_counts(**kwargs) if c.count],
        points=selectors.point_counts(**kwargs) if f.campaign is not None else [],
        texts=texts,
        previous_sections=previous_sections,
        section_chart=charts.bar_chart(
            [charts.Bar(f"{s.code}. {s.title}", s.rate) for s in index_sections],
            title=_("Satisfaction rate by section"),
            desc=_(
                "Satisfaction rate (levels 4 and 5) of each section; the threshold line "
                "marks the remediation threshold. The same figures are in the table."
            ),
            threshold=threshold,
        ),
        item_chart=charts.bar_chart(
            _bars_items(items),
            title=_("Satisfaction rate by item"),
            desc=_(
                "Satisfaction rate of each item; hatched bars rest on a small sample. "
                "The same figures are in the table."
            ),
            threshold=threshold,
        ),
        unit_chart=charts.bar_chart(
            [charts.Bar(u.unit_name, u.rate, u.small_sample) for u in unit_rows],
            title=_("Satisfaction rate by unit"),
            desc=_(
                "Satisfaction rate of each unit; hatched bars rest on a small sample and "
                "are not ranked. The same figures are in the table."
            ),
            threshold=threshold,
        )
        if len(unit_rows) > 1
        else None,
        comparison_chart=charts.comparison_chart(
            [
                charts.Bar(
                    f"{s.code}. {s.title}",
                    s.rate,
                    previous=getattr(previous_sections.get(s.code), "rate", None),
                )
                for s in index_sections
            ],
            title=_("This period and the previous one, by section"),
            desc=_(
                "Satisfaction rate of each section in this period and in the previous "
                "period. The same figures are in the table."
            ),
            current_label=_("This period"),
            previous_label=_("Previous period"),
        ),
    )
    return render(request, "surveys/indices/indices.html", context)


# -------------------------------------------------------------- downloads
def _report_inputs(request: HttpRequest) -> tuple[Filters, Unit, QuerySet[Unit]]:
    return _report_inputs_from(request, request.GET)


class _BadFilters(Exception):
    def __init__(self, filters: Filters) -> None:
        self.filters = filters


def _bad(request: HttpRequest, exc: _BadFilters) -> HttpResponse:
    errors = list(exc.filters.errors.values()) or [_("Choose a questionnaire.")]
    return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@staff_required
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The satisfaction report of the chosen unit and period as PDF, DOCX
    or XLSX."""
    try:
        f, unit, _scope = _report_inputs(request)
    except _BadFilters as exc:
        return _bad(request, exc)
    assert f.template is not None and f.start is not None and f.end is not None
    report = reports.build_report(template=f.template, unit=unit, start=f.start, end=f.end)
    stem = report.filename_stem
    if fmt == "pdf":
        return _download(reports.report_pdf(report), f"{stem}.pdf", "application/pdf")
    if fmt == "docx":
        return _download(
            reports.report_docx(report),
            f"{stem}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    if fmt == "xlsx":
        return _download(
            reports.report_xlsx(report),
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    raise Http404


@staff_required
def open_data(request: HttpRequest) -> HttpResponse:
    """Anonymised aggregate figures per unit and item (CSV)."""
    try:
        f, unit, scope = _report_inputs(request)
    except _BadFilters as exc:
        return _bad(request, exc)
    assert f.template is not None and f.start is not None and f.end is not None
    text = reports.open_data_csv(
        template=f.template,
        units=scope.filter(path__startswith=unit.path),
        start=f.start,
        end=f.end,
    )
    name = f"du-lieu-mo-hai-long-{f.template.code}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.csv"
    return _download(("\ufeff" + text).encode(), name, "text/csv; charset=utf-8")


def _may_publish(user: Any, f: Filters, scope: QuerySet[Unit]) -> bool:
    return units_in_scope(user, roles=(Role.COORDINATOR,)).exists()


@require_POST
@staff_required
def publish(request: HttpRequest) -> HttpResponse:
    """Publish the report to the website's document library (coordinator)."""
    from motcua.surveys.actions.reports import publish_report

    params = request.POST
    try:
        f, unit, _scope = _report_inputs_from(request, params)
    except _BadFilters as exc:
        return _bad(request, exc)
    back = f"{reverse('surveys_indices:indices')}?{f.query}"
    assert f.template is not None and f.start is not None and f.end is not None
    try:
        url = publish_report(
            acting_user=request.user, unit=unit, start=f.start, end=f.end, template=f.template
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("The report was published: %(url)s") % {"url": url})
    return redirect(back)


def _report_inputs_from(
    request: HttpRequest, params: QueryDict
) -> tuple[Filters, Unit, QuerySet[Unit]]:
    scope, templates = _context_scope(request)
    f = parse_filters(params, scope=scope, templates=templates, user=request.user)
    if f.errors or f.template is None or f.start is None or f.end is None:
        raise _BadFilters(f)
    unit = f.unit or scope.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return f, unit, scope
