"""Surveys over the API (resource ``surveys/{slug}/responses``, DESIGN.md §4):

- ``GET /api/v1/surveys/{slug}``: the questionnaire of an open survey
  (sections, questions with their codes, kinds, scales, choices);
- ``POST /api/v1/surveys/{slug}/responses``: one response, checked like the
  web form (``surveys.actions.submit_response``); 201 with its id. Rate
  limited per address like the page. Ratings after a dossier's result are
  answered on the web page with the dossier's code and key, not here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from motcua.core import ratelimit
from motcua.surveys.actions import campaign_state, submit_response
from motcua.surveys.actions.responses import likert_allows_no_opinion, questions_of
from motcua.surveys.constants import SCALE_LABELS, Channel, QuestionKind, Scale
from motcua.surveys.models import Campaign, CampaignPoint

router = Router(tags=["surveys"])


class Error(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ChoiceOut(Schema):
    code: str
    label: str
    is_other: bool


class LevelOut(Schema):
    value: int
    label: str


class QuestionOut(Schema):
    code: str
    text: str
    help_text: str
    kind: str
    required: bool
    min_value: int | None
    max_value: int | None
    levels: list[LevelOut]
    choices: list[ChoiceOut]
    source: str


class SectionOut(Schema):
    code: str
    title: str
    in_index: bool
    questions: list[QuestionOut]


class SurveyOut(Schema):
    slug: str
    title: str
    unit: str
    template: str
    version: int
    introduction: str
    starts_on: str
    ends_on: str
    allows_partial: bool
    asks_demographics: bool
    sections: list[SectionOut]


class ResponseIn(Schema):
    answers: dict[str, int | str | list[str] | None]
    point: str | None = None
    channel: str = Channel.LINK
    demographics: dict[str, str] | None = None


class ResponseCreated(Schema):
    id: int
    answered_on: str


# Channels an API client may claim (kiosk apps, paper forms typed in later
# come through staff pages; invitations through the web page).
API_CHANNELS = (Channel.LINK, Channel.QR, Channel.KIOSK)


def _open_campaign(slug: str) -> Campaign:
    campaign = (
        Campaign.objects.select_related("unit", "version__template").filter(slug=slug).first()
    )
    if campaign is None or campaign_state(campaign) == "draft":
        raise HttpError(404, _("No survey has this address."))
    if campaign_state(campaign) == "closed":
        raise HttpError(410, _("This survey is closed and no longer accepts answers."))
    if campaign.for_dossier_ratings:
        raise HttpError(
            403, _("This rating is answered with the link sent after the dossier's result.")
        )
    return campaign


def _levels(question: Any) -> list[dict[str, Any]]:
    if question.kind != QuestionKind.LIKERT:
        return []
    scale = Scale.QUALITY if question.scale == Scale.QUALITY else Scale.SATISFACTION
    labels = SCALE_LABELS[scale]
    levels = [{"value": v, "label": str(label)} for v, label in labels.items()]
    if likert_allows_no_opinion(question):
        levels.append({"value": 0, "label": str(_("No opinion / not used"))})
    return levels


@router.get(
    "/surveys/{slug}", response={200: SurveyOut, 403: Error, 404: Error, 410: Error, 422: Error}
)
def get_survey(request: HttpRequest, slug: str):
    """The questionnaire of an open survey."""
    campaign = _open_campaign(slug)
    version = campaign.version
    sections: list[dict[str, Any]] = []
    for question in questions_of(campaign):
        if not sections or sections[-1]["_pk"] != question.section_id:
            section = question.section
            sections.append(
                {
                    "_pk": section.pk,
                    "code": section.code,
                    "title": section.title,
                    "in_index": section.in_index,
                    "questions": [],
                }
            )
        sections[-1]["questions"].append(
            {
                "code": question.code,
                "text": question.text,
                "help_text": question.help_text,
                "kind": question.kind,
                "required": question.required or not version.allows_partial,
                "min_value": question.min_value,
                "max_value": question.max_value,
                "levels": _levels(question),
                "choices": [
                    {"code": c.code, "label": c.label, "is_other": c.is_other}
                    for c in question.choices.all()
                ],
                "source": question.source,
            }
        )
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "unit": campaign.unit.name,
        "template": version.template.code,
        "version": version.number,
        "introduction": version.introduction,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "allows_partial": version.allows_partial,
        "asks_demographics": version.asks_demographics,
        "sections": sections,
    }


@router.post(
    "/surveys/{slug}/responses",
    response={
        201: ResponseCreated,
        400: ValidationErrorOut,
        403: Error,
        404: Error,
        410: Error,
        422: Error,
        429: Error,
    },
)
def post_response(request: HttpRequest, slug: str, payload: ResponseIn):
    """Submit one anonymous response. 400 lists the problems per question
    code (``__all__`` for the response as a whole)."""
    campaign = _open_campaign(slug)
    from motcua.surveys import views

    limit = ratelimit.hit(
        f"surveys:submit:api:{request.META.get('REMOTE_ADDR', '') or 'unknown'}",
        limit=views.SUBMIT_LIMIT,
        window=views.SUBMIT_WINDOW,
    )
    if not limit.allowed:
        raise HttpError(429, _("Too many answers from your connection: please try again later."))
    if payload.channel not in API_CHANNELS:
        return Status(
            400,
            {
                "detail": _("There is a problem"),
                "errors": {"channel": [_("Unknown channel.")]},
            },
        )
    point = None
    if payload.point:
        point = CampaignPoint.objects.filter(campaign=campaign, code=payload.point).first()
        if point is None:
            return Status(
                400,
                {
                    "detail": _("There is a problem"),
                    "errors": {"point": [_("This counter does not belong to this survey.")]},
                },
            )
    try:
        response = submit_response(
            campaign,
            answers=payload.answers,
            channel=payload.channel,
            point=point,
            demographics=payload.demographics,
            now=timezone.now(),
        )
    except ValidationError as exc:
        if getattr(exc, "code", None) == "closed":
            raise HttpError(410, exc.messages[0]) from exc
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Status(400, {"detail": _("There is a problem"), "errors": errors})
    return Status(201, {"id": response.pk, "answered_on": response.answered_on.isoformat()})
