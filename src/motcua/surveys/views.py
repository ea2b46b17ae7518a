"""Public survey pages: the list of open surveys, the questionnaire (link,
QR poster, e-mail invitation, rating after a dossier's result), the counter
kiosk, and the thank-you pages.

Printed contracts (posters, receipts, SMS): ``/khao-sat/<slug>/`` with
``?diem=<point code>&kenh=qr`` from a poster, ``?ma=<dossier code>&k=<lookup
key>`` from the rating invitation, ``?t=<token>`` from an e-mail invitation.
No personal data is kept: no IP address in a response, nothing of the
answers in the session (the kiosk keeps nothing between respondents).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core import ratelimit
from motcua.core.text import fold
from motcua.surveys.actions import campaign_state, submit_response
from motcua.surveys.actions.responses import questions_of
from motcua.surveys.constants import CampaignStatus, Channel
from motcua.surveys.forms import DossierKeyForm, SurveyForm, field_name
from motcua.surveys.models import Campaign, CampaignPoint, Invitation, Response

# Answers per address and hour. A kiosk is one tablet behind one address,
# so it gets its own, larger allowance (a busy counter: one every minute).
SUBMIT_LIMIT = getattr(settings, "SURVEYS_SUBMIT_LIMIT", 20)
KIOSK_SUBMIT_LIMIT = getattr(settings, "SURVEYS_KIOSK_SUBMIT_LIMIT", 120)
SUBMIT_WINDOW = 3600
# Wrong dossier code/key or invitation token tries per address and hour.
LOOKUP_LIMIT = getattr(settings, "SURVEYS_LOOKUP_LIMIT", 10)
KIOSK_THANKS_SECONDS = 6
PAGE_SIZE = 20


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


# ================================================================== list
def survey_index(request: HttpRequest) -> HttpResponse:
    """Open surveys anyone may answer (not the ratings after a result,
    which are reached through the dossier). ``q`` searches title, unit and
    questionnaire, accents optional. One query: open campaigns are few."""
    today = timezone.localdate()
    query = " ".join(request.GET.get("q", "").split())[:200]
    campaigns = list(
        Campaign.objects.filter(
            status=CampaignStatus.OPEN,
            for_dossier_ratings=False,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .select_related("unit", "version__template")
        .order_by("ends_on", "title")
    )
    if query:
        terms = fold(query).split()
        campaigns = [
            c
            for c in campaigns
            if all(
                term in fold(f"{c.title} {c.unit.name} {c.version.template.name}") for term in terms
            )
        ]
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/public/index.html",
        {"page_obj": page, "campaigns": page.object_list, "q": query},
    )


# ========================================================== the questionnaire
class _Refusal(Exception):
    def __init__(self, template: str, status: int, **context: Any) -> None:
        self.template = template
        self.status = status
        self.context = context


def _campaign_or_refusal(slug: str) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("unit", "version__template"), slug=slug
    )
    state = campaign_state(campaign)
    if state == "draft":
        raise Http404
    if state == "closed":
        raise _Refusal("surveys/public/closed.html", 410, campaign=campaign)
    return campaign


def _lookup_failed(request: HttpRequest) -> None:
    ratelimit.hit(f"surveys:lookup:{_client_ip(request)}", limit=LOOKUP_LIMIT, window=3600)


def _access(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    """Who is answering: an e-mail invitation (``t``), a returned dossier
    (``ma`` + ``k``), or anyone (link, QR poster with ``diem``/``kenh``).
    Raises ``_Refusal`` for a bad or used credential."""
    params = request.GET
    access: dict[str, Any] = {
        "channel": Channel.QR if params.get("kenh") == "qr" else Channel.LINK,
        "point": None,
        "invitation": None,
        "dossier": None,
        "query": {},
    }
    if code := params.get("diem", "").strip()[:32]:
        access["point"] = CampaignPoint.objects.filter(campaign=campaign, code=code).first()
        if access["point"] is not None:
            access["query"]["diem"] = code
    if access["channel"] == Channel.QR:
        access["query"]["kenh"] = "qr"
    token = params.get("t", "").strip()[:64]
    dossier_code = params.get("ma", "").strip().upper()[:40]
    key = params.get("k", "").strip().upper()[:16]
    if (token or dossier_code) and not ratelimit.peek(
        f"surveys:lookup:{_client_ip(request)}", limit=LOOKUP_LIMIT, window=3600
    ):
        raise _Refusal("surveys/public/too_many.html", 429, campaign=campaign)
    if token:
        invitation = (
            Invitation.objects.select_related("dossier")
            .filter(token=token, campaign=campaign)
            .first()
        )
        if invitation is None:
            _lookup_failed(request)
            raise _Refusal("surveys/public/bad_link.html", 404, campaign=campaign)
        if invitation.used_at is not None:
            raise _Refusal("surveys/public/already.html", 409, campaign=campaign)
        access.update(
            invitation=invitation,
            dossier=invitation.dossier,
            channel=Channel.DOSSIER if invitation.dossier_id else Channel.EMAIL,
            query={"t": token},
        )
        return access
    if dossier_code or key:
        invitation = (
            Invitation.objects.select_related("dossier")
            .filter(campaign=campaign, dossier__code=dossier_code)
            .first()
        )
        stored = (
            (invitation.dossier.lookup_key or "").upper()
            if invitation is not None and invitation.dossier is not None
            else ""
        )
        matched = constant_time_compare(stored or "-" * 8, key) and bool(stored)
        if invitation is None or not matched:
            _lookup_failed(request)
            raise _Refusal(
                "surveys/public/bad_link.html",
                404,
                campaign=campaign,
                key_form=DossierKeyForm(initial={"ma": dossier_code}),
            )
        if (
            invitation.used_at is not None
            or Response.objects.filter(dossier=invitation.dossier).exists()
        ):
            raise _Refusal("surveys/public/already.html", 409, campaign=campaign)
        access.update(
            invitation=invitation,
            dossier=invitation.dossier,
            channel=Channel.DOSSIER,
            query={"ma": dossier_code, "k": key},
        )
        return access
    if campaign.for_dossier_ratings:
        # Ratings count once per dossier (QĐ 766, 5c): only through the dossier.
        raise _Refusal(
            "surveys/public/need_dossier.html", 403, campaign=campaign, key_form=DossierKeyForm()
        )
    return access


def _sections(form: SurveyForm) -> list[dict[str, Any]]:
    """The questions grouped by section, as bound fields, in order."""
    groups: list[dict[str, Any]] = []
    for question in form.questions:
        if not groups or groups[-1]["section"].pk != question.section_id:
            groups.append({"section": question.section, "items": []})
        other = f"q-{question.code}-other"
        groups[-1]["items"].append(
            {
                "question": question,
                "field": form[field_name(question.code)],
                "other": form[other] if other in form.fields else None,
            }
        )
    return groups


def _questionnaire(request: HttpRequest, slug: str, *, kiosk: bool) -> HttpResponse:
    try:
        campaign = _campaign_or_refusal(slug)
        access = (
            {"channel": Channel.KIOSK, "point": None, "query": {}}
            if kiosk
            else _access(request, campaign)
        )
    except _Refusal as refusal:
        return render(request, refusal.template, refusal.context, status=refusal.status)
    if kiosk and (code := request.GET.get("diem", "").strip()[:32]):
        access["point"] = CampaignPoint.objects.filter(campaign=campaign, code=code).first()
        if access["point"] is not None:
            access["query"]["diem"] = code
    version = campaign.version
    questions = questions_of(campaign)
    form_kwargs: dict[str, Any] = {
        "questions": questions,
        "asks_demographics": version.asks_demographics,
        "all_required": not version.allows_partial,
        "kiosk": kiosk,
    }
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST, **form_kwargs)
        limit = ratelimit.hit(
            f"surveys:submit:{'kiosk' if kiosk else 'web'}:{_client_ip(request)}",
            limit=KIOSK_SUBMIT_LIMIT if kiosk else SUBMIT_LIMIT,
            window=SUBMIT_WINDOW,
        )
        if not limit.allowed:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many answers from your connection: please wait %(minutes)s minutes and send again. Your answers are kept below."
                )
                % {"minutes": max(1, limit.retry_after // 60)},
            )
            status = 429
        elif form.is_valid():
            try:
                submit_response(
                    campaign,
                    answers=form.answers(),
                    channel=access["channel"],
                    point=access["point"],
                    dossier=access.get("dossier"),
                    invitation=access.get("invitation"),
                    demographics=form.demographics(),
                    questions=questions,
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "duplicate":
                    return render(
                        request, "surveys/public/already.html", {"campaign": campaign}, status=409
                    )
                if getattr(exc, "code", None) == "closed":
                    return render(
                        request, "surveys/public/closed.html", {"campaign": campaign}, status=410
                    )
                form.add_action_errors(
                    exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                )
                status = 400
            else:
                name = "surveys:kiosk_thanks" if kiosk else "surveys:thanks"
                url = reverse(name, args=[campaign.slug])
                if kiosk and access["query"]:
                    url += "?" + urlencode(access["query"])
                return redirect(url)
        else:
            status = 400
    else:
        form = SurveyForm(**form_kwargs)
    action = request.path + ("?" + urlencode(access["query"]) if access["query"] else "")
    context = {
        "campaign": campaign,
        "version": version,
        "form": form,
        "sections": _sections(form),
        "action": action,
        "kiosk": kiosk,
        "point": access["point"],
        "dossier": access.get("dossier"),
        "idle_seconds": campaign.kiosk_idle_seconds,
        "reset_url": request.path + ("?" + urlencode(access["query"]) if access["query"] else ""),
    }
    template = "surveys/public/kiosk.html" if kiosk else "surveys/public/detail.html"
    response = render(request, template, context, status=status)
    return response


@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The questionnaire on one page; after a valid answer, the thanks page
    (PRG). Closed: 410; not yet open: 404; a dossier already rated: 409."""
    return _questionnaire(request, slug, kiosk=False)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    """The counter tablet: large targets, no site navigation, no
    autocomplete; back to a blank form after ``kiosk_idle_seconds`` idle
    and a few seconds after each thank-you screen."""
    return _questionnaire(request, slug, kiosk=True)


def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("version", "unit"), slug=slug)
    if campaign.status == CampaignStatus.DRAFT:
        raise Http404
    return render(request, "surveys/public/thanks.html", {"campaign": campaign})


@never_cache
def survey_kiosk_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("version", "unit"), slug=slug)
    if campaign.status == CampaignStatus.DRAFT:
        raise Http404
    url = reverse("surveys:kiosk", args=[campaign.slug])
    code = request.GET.get("diem", "").strip()[:32]
    if code and CampaignPoint.objects.filter(campaign=campaign, code=code).exists():
        url += "?" + urlencode({"diem": code})
    return render(
        request,
        "surveys/public/kiosk_thanks.html",
        {"campaign": campaign, "reset_url": url, "seconds": KIOSK_THANKS_SECONDS},
    )
