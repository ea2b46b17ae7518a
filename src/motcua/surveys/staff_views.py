"""Staff screens of the surveys at /can-bo/khao-sat/: campaigns (list,
create, edit, open, close, posters, figures) and remediation actions.

Who sees what: the office coordinator every unit of the Department, a
focal point or leader their subtree (``models.units_in_scope``). What a user
may not see is a 404; what they may see but not change is a 403 (leaders
read only)."""

from __future__ import annotations

import calendar
import mimetypes
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.documents import content_disposition
from motcua.core.text import fold
from motcua.org.decorators import staff_required
from motcua.surveys import actions, posters
from motcua.surveys.actions.campaigns import managed_units
from motcua.surveys.constants import OPEN_REMEDIATION, CampaignStatus, RemediationStatus
from motcua.surveys.models import Campaign, RemediationAction, units_in_scope
from motcua.surveys.staff_forms import (
    CampaignFilterForm,
    CampaignForm,
    FromFiguresForm,
    RemediationFilterForm,
    RemediationForm,
    campaign_initial,
)

PAGE_SIZE = 25


# ------------------------------------------------------------------ helpers
def _user(request: HttpRequest) -> Any:
    """The signed-in member (``staff_required`` ran)."""
    return request.user


def _may_manage_any(user: Any) -> bool:
    return managed_units(user).exists()


def _campaign_for(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("unit", "version__template"),
        pk=pk,
    )


def _may_manage(user: Any, unit_id: int) -> bool:
    return managed_units(user).filter(pk=unit_id).exists()


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _kiosk_url(campaign: Campaign) -> str | None:
    try:
        return reverse("surveys:kiosk", args=[campaign.slug])
    except NoReverseMatch:
        return None


def _figures(campaign: Campaign) -> Any:
    """The campaign's summary (S3's selectors), ``None`` before the first
    day or when the selectors are not there."""
    today = timezone.localdate()
    if campaign.starts_on > today:
        return None
    try:
        from motcua.surveys import selectors
    except ImportError:  # pragma: no cover — only while the selectors are being written
        return None
    end = min(campaign.ends_on, today)
    return selectors.summary(campaign=campaign, start=campaign.starts_on, end=end)


def _points_with_counts(campaign: Campaign) -> tuple[list[tuple[Any, int]], int]:
    """The campaign's counters with their responses, and all its responses
    (two queries)."""
    counts = dict(
        campaign.responses.order_by()
        .values_list("point_id")
        .annotate(n=Count("pk"))
        .values_list("point_id", "n")
    )
    points = [(p, counts.get(p.pk, 0)) for p in campaign.points.order_by("position", "pk")]
    return points, sum(counts.values())


def next_period(start: date, end: date) -> tuple[date, date]:
    """The period after [start, end] of the same length: the next calendar
    month, quarter, half-year or year when [start, end] is one."""
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months in (1, 3, 6, 12):
            first = end + timedelta(days=1)
            month = first.month + months - 1
            year = first.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return first, date(year, month, calendar.monthrange(year, month)[1])
    length = end - start
    return end + timedelta(days=1), end + timedelta(days=1) + length


@dataclass(frozen=True)
class FollowUp:
    """The item's figure in the period after the action's."""

    start: date
    end: date
    started: bool
    rate: Decimal | None
    answered: int
    small_sample: bool
    delta: Decimal | None

    @property
    def text(self) -> str:
        if not self.started:
            return _("Next period (%(start)s–%(end)s) has not started yet.") % {
                "start": self.start.strftime("%d/%m/%Y"),
                "end": self.end.strftime("%d/%m/%Y"),
            }
        if self.rate is None:
            return _("Next period: no answers yet.")
        rate = number_format(self.rate, 1)
        if self.delta is None or self.delta == 0:
            return _("Next period: %(rate)s %% (unchanged)") % {"rate": rate}
        if self.delta > 0:
            return _("Next period: %(rate)s %% (up %(delta)s points)") % {
                "rate": rate,
                "delta": number_format(self.delta, 1),
            }
        return _("Next period: %(rate)s %% (down %(delta)s points)") % {
            "rate": rate,
            "delta": number_format(-self.delta, 1),
        }


def follow_up(action: RemediationAction) -> FollowUp:
    """The figure of ``action``'s item for its unit in the next period of
    the same length (S3's ``question_figures``): did the fix work?"""
    from motcua.surveys import selectors

    start, end = next_period(action.period_start, action.period_end)
    today = timezone.localdate()
    if start > today:
        return FollowUp(start, end, False, None, 0, False, None)
    figures = selectors.question_figures(
        template=action.template, units=[action.unit_id], start=start, end=min(end, today)
    )
    figure = next((f for f in figures if f.question_code == action.question_code), None)
    if figure is None or figure.rate is None:
        return FollowUp(start, end, True, None, 0, False, None)
    return FollowUp(
        start,
        end,
        True,
        figure.rate,
        figure.answered,
        figure.small_sample,
        figure.rate - action.observed_rate,
    )


# --------------------------------------------------------------- campaigns
@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Campaigns of the user's units with their response counts (one query
    for the page)."""
    units = units_in_scope(request.user)
    filters = CampaignFilterForm(request.GET)
    filters.is_valid()
    data = filters.cleaned_data if filters.is_bound else {}
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .select_related("unit", "version__template")
        .annotate(response_count=Count("responses"))
        .order_by("-starts_on", "title", "pk")
    )
    q = (data.get("q") or "").strip()
    if q:
        key = fold(q)
        campaigns = campaigns.filter(
            Q(title__icontains=q)
            | Q(slug__icontains=key.replace(" ", "-"))
            | Q(unit__name_folded__contains=key)
            | Q(version__template__name__icontains=q)
        )
    if data.get("trang_thai"):
        campaigns = campaigns.filter(status=data["trang_thai"])
    if data.get("don_vi"):
        campaigns = campaigns.filter(unit_id=data["don_vi"])
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "surveys/staff/campaign_list.html",
        {
            "page_obj": page,
            "units": list(units.order_by("path").only("pk", "name", "depth")),
            "statuses": CampaignStatus.choices,
            "filters": data,
            "q": q,
            "params": params,
            "may_create": _may_manage_any(request.user),
        },
    )


@staff_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not _may_manage_any(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = actions.create_campaign(
                acting_user=_user(request),
                version=d["version"],
                unit=d["unit"],
                title=d["title"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                slug=d.get("slug") or None,
                points=d["points"],
                for_dossier_ratings=d.get("for_dossier_ratings") or False,
                target_responses=d.get("target_responses") or 0,
                kiosk_idle_seconds=d.get("kiosk_idle_seconds"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The campaign was created. Open it when it is ready."))
            return redirect("surveys_staff:campaign_detail", campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "surveys/staff/campaign_form.html", {"form": form, "campaign": None}, status=status
    )


@staff_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    if not _may_manage(request.user, campaign.unit_id):
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None,
        user=request.user,
        campaign=campaign,
        initial=campaign_initial(campaign),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes: dict[str, Any] = {
            "title": d["title"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
            "target_responses": d.get("target_responses") or 0,
            "for_dossier_ratings": d.get("for_dossier_ratings") or False,
            "kiosk_idle_seconds": d.get("kiosk_idle_seconds"),
        }
        if campaign.status == CampaignStatus.DRAFT:
            changes.update(version=d["version"], unit=d["unit"], slug=d.get("slug") or None)
        try:
            actions.update_campaign(
                campaign, acting_user=_user(request), points=d["points"], **changes
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("surveys_staff:campaign_detail", campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "surveys/staff/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=status,
    )


@staff_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    may_manage = _may_manage(request.user, campaign.unit_id)
    points, total = _points_with_counts(campaign)
    remediations = list(
        RemediationAction.objects.filter(campaign=campaign).order_by("due_date", "pk")
    )
    return render(
        request,
        "surveys/staff/campaign_detail.html",
        {
            "campaign": campaign,
            "may_manage": may_manage,
            "points": points,
            "responses": total,
            "summary": _figures(campaign),
            "public_url": f"/khao-sat/{campaign.slug}/",
            "kiosk_url": _kiosk_url(campaign),
            "indices_url": f"/can-bo/khao-sat/chi-so/?{urlencode({'chien-dich': campaign.pk})}",
            "remediations": remediations,
            "today": timezone.localdate(),
            "figures_form": FromFiguresForm(initial=FromFiguresForm.initial_for(campaign))
            if may_manage
            else None,
        },
    )


def _transition(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    if not _may_manage(request.user, campaign.unit_id):
        raise PermissionDenied
    try:
        action(campaign, acting_user=request.user)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("surveys_staff:campaign_detail", campaign.pk)


@staff_required
@require_POST
def campaign_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, actions.open_campaign, _("The campaign is open: respondents can answer.")
    )


@staff_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, actions.close_campaign, _("The campaign is closed: no more responses.")
    )


@staff_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's QR posters as a PDF (``?kho=a4`` or ``a5``)."""
    campaign = _campaign_for(request, pk)
    size = request.GET.get("kho", posters.DEFAULT_SIZE).lower()
    if size not in posters.SIZES:
        return HttpResponseBadRequest(_("Choose the paper size A4 or A5."))
    pdf = posters.render_poster_pdf(campaign, size)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(posters.poster_filename(campaign, size))
    return response


@staff_required
@require_POST
def remediations_from_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the campaign's unsatisfied items into actions for its unit."""
    campaign = _campaign_for(request, pk)
    if not _may_manage(request.user, campaign.unit_id):
        raise PermissionDenied
    form = FromFiguresForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "surveys/staff/from_figures.html",
            {"campaign": campaign, "form": form},
            status=400,
        )
    d = form.cleaned_data
    try:
        created = actions.create_remediations_from_figures(
            acting_user=_user(request),
            template=campaign.version.template,
            unit=campaign.unit,
            start=d["start"],
            end=d["end"],
            due_date=d["due_date"],
            campaign=campaign,
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        return render(
            request,
            "surveys/staff/from_figures.html",
            {"campaign": campaign, "form": form},
            status=400,
        )
    if created:
        messages.success(
            request,
            _("%(n)s remediation action(s) created from the unsatisfied items.")
            % {"n": len(created)},
        )
    else:
        messages.info(
            request,
            _(
                "No new action: no item is below the threshold with enough answers, or each "
                "already has an unfinished action."
            ),
        )
    return redirect(
        f"{reverse('surveys_staff:remediation_list')}?{urlencode({'don_vi': campaign.unit_id})}"
    )


# ------------------------------------------------------------- remediation
@staff_required
def remediation_list(request: HttpRequest) -> HttpResponse:
    """Remediation actions of the user's units; overdue ones highlighted."""
    units = units_in_scope(request.user)
    filters = RemediationFilterForm(request.GET)
    filters.is_valid()
    data = filters.cleaned_data
    today = timezone.localdate()
    items = (
        RemediationAction.objects.filter(unit__in=units)
        .select_related("unit", "template", "campaign")
        .order_by("due_date", "pk")
    )
    status = data.get("trang_thai") or "mo"
    if status == "mo":
        items = items.filter(status__in=OPEN_REMEDIATION)
    elif status == "qua-han":
        items = items.filter(
            status__in=(RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS), due_date__lt=today
        )
    elif status in RemediationStatus.values:
        items = items.filter(status=status)
    if data.get("don_vi"):
        items = items.filter(unit_id=data["don_vi"])
    q = (data.get("q") or "").strip()
    if q:
        items = items.filter(
            Q(question_code__iexact=q)
            | Q(item_text__icontains=q)
            | Q(description__icontains=q)
            | Q(unit__name_folded__contains=fold(q))
        )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(
        request,
        "surveys/staff/remediation_list.html",
        {
            "page_obj": page,
            "units": list(units.order_by("path").only("pk", "name", "depth")),
            "statuses": [
                ("mo", _("Unfinished")),
                ("qua-han", _("Overdue")),
                *RemediationStatus.choices,
                ("tat-ca", _("All")),
            ],
            "status": status,
            "filters": data,
            "q": q,
            "params": params,
            "today": today,
            "unfinished": (RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS),
        },
    )


def _remediation_for(request: HttpRequest, pk: int) -> RemediationAction:
    return get_object_or_404(
        RemediationAction.objects.filter(unit__in=units_in_scope(request.user)).select_related(
            "unit", "template", "campaign"
        ),
        pk=pk,
    )


@staff_required
def remediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An action, its figure in the next period, and (for managers) its form."""
    item = _remediation_for(request, pk)
    may_manage = _may_manage(request.user, item.unit_id)
    form = None
    status = 200
    if may_manage:
        initial = {
            "description": item.description,
            "due_date": item.due_date,
            "status": item.status,
            "evidence": item.evidence,
        }
        form = RemediationForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                d = form.cleaned_data
                try:
                    actions.update_remediation(
                        item,
                        acting_user=_user(request),
                        status=d["status"],
                        evidence=d["evidence"],
                        evidence_file=d.get("evidence_file") or None,
                        description=d["description"],
                        due_date=d["due_date"],
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    messages.success(request, _("The action was saved."))
                    return redirect("surveys_staff:remediation_detail", item.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "surveys/staff/remediation_detail.html",
        {
            "item": item,
            "form": form,
            "may_manage": may_manage,
            "follow_up": follow_up(item),
            "today": timezone.localdate(),
            "unfinished": (RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS),
        },
        status=status,
    )


@staff_required
def remediation_file(request: HttpRequest, pk: int) -> Any:
    """The evidence file, for those who may see the action."""
    item = _remediation_for(request, pk)
    if not item.evidence_file:
        raise Http404
    name = (item.evidence_file.name or "").rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(item.evidence_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        f"minh-chung-{item.pk}-{item.question_code}.{name.rsplit('.', 1)[-1]}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
