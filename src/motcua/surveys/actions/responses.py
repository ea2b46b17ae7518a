"""Writes of respondents: submitting a response (every channel), the
invitation after a dossier's result, e-mail invitations.

``submit_response`` is the single way a response enters the database; the
web form, the kiosk, the API and the test factories all go through it. It
checks every answer against the campaign's version (codes, scale, ranges,
choices, required items), stores the response and one ``Answer`` row per
answered item (per choice for multiple choice) with the denormalised unit,
campaign and local date that the indices group by.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.text import nfc
from motcua.surveys.constants import (
    LIKERT_MAX,
    LIKERT_MIN,
    NO_OPINION,
    AgeBand,
    AuditEvent,
    CampaignStatus,
    Channel,
    Education,
    Occupation,
    QuestionKind,
    Sex,
)
from motcua.surveys.models import (
    Answer,
    Campaign,
    CampaignPoint,
    Invitation,
    Question,
    Response,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier

__all__ = [
    "DEMOGRAPHIC_FIELDS",
    "TEXT_MAX_LENGTH",
    "campaign_state",
    "dossier_campaign_for",
    "invite_for_dossier",
    "send_email_invitations",
    "submit_response",
]

# Free text longer than this is refused (a page of text is plenty).
TEXT_MAX_LENGTH = 4000
# Demographic answer -> the choices it may take (all optional).
DEMOGRAPHIC_FIELDS: dict[str, type] = {
    "sex": Sex,
    "age_band": AgeBand,
    "education": Education,
    "occupation": Occupation,
}
# The "other" text of a single or multiple choice travels as "<code>.other".
OTHER_SUFFIX = ".other"


# ------------------------------------------------------------------ campaign
def campaign_state(campaign: Campaign, on: date | None = None) -> str:
    """``"open"`` when the campaign accepts answers on ``on`` (local date),
    ``"draft"`` before it has opened (not yet open, or before its first
    day), ``"closed"`` once closed or past its last day."""
    on = on or timezone.localdate()
    if campaign.status == CampaignStatus.CLOSED or on > campaign.ends_on:
        return "closed"
    if campaign.status == CampaignStatus.DRAFT or on < campaign.starts_on:
        return "draft"
    return "open"


def _ensure_open(campaign: Campaign, on: date) -> None:
    state = campaign_state(campaign, on)
    if state == "closed":
        raise ValidationError(
            _("This survey is closed and no longer accepts answers."), code="closed"
        )
    if state == "draft":
        raise ValidationError(_("This survey is not open yet."), code="not_open")


# ------------------------------------------------------------------- answers
def _as_int(raw: Any) -> int | None:
    """An int from an int or a string of digits (forms send strings)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if text.lstrip("-").isdigit() and len(text) <= 9:
            return int(text)
    return None


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | set):
        return len(raw) == 0
    return False


def likert_allows_no_opinion(question: Question) -> bool:
    """0 ("không sử dụng, không có ý kiến") is allowed unless the question's
    minimum is set to 1 (forms without that option, e.g. SIPAS)."""
    return question.min_value is None or question.min_value <= NO_OPINION


def _clean_one(
    question: Question, raw: Any, other_text: str
) -> tuple[list[tuple[int | None, int | None, str]], str | None]:
    """(rows, error) for one answered question. A row is (choice id,
    value, text)."""
    kind = question.kind
    if kind == QuestionKind.LIKERT:
        value = _as_int(raw)
        low = NO_OPINION if likert_allows_no_opinion(question) else LIKERT_MIN
        if value is None or not low <= value <= LIKERT_MAX:
            return [], _("Choose a level from %(low)s to %(high)s.") % {
                "low": low,
                "high": LIKERT_MAX,
            }
        return [(None, value, "")], None
    if kind == QuestionKind.NUMBER:
        value = _as_int(raw)
        if value is None:
            return [], _("Enter a whole number.")
        lowest, highest = question.min_value, question.max_value
        if (lowest is not None and value < lowest) or (highest is not None and value > highest):
            return [], _("Enter a number from %(low)s to %(high)s.") % {
                "low": lowest if lowest is not None else "…",
                "high": highest if highest is not None else "…",
            }
        return [(None, value, "")], None
    if kind == QuestionKind.TEXT:
        if not isinstance(raw, str):
            return [], _("Enter text.")
        text = nfc(raw).strip()
        if len(text) > TEXT_MAX_LENGTH:
            return [], _("Keep the text under %(max)s characters.") % {"max": TEXT_MAX_LENGTH}
        return [(None, None, text)], None
    choices = {c.code: c for c in question.choices.all()}
    if kind == QuestionKind.SINGLE:
        if not isinstance(raw, str) or raw not in choices:
            return [], _("Choose one of the options.")
        codes = [raw]
    else:  # MULTIPLE
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            return [], _("Choose among the options.")
        if any(v not in choices for v in values):
            return [], _("Choose among the options.")
        codes = list(dict.fromkeys(values))
    other = nfc(other_text or "").strip()[:500]
    rows: list[tuple[int | None, int | None, str]] = []
    for code in codes:
        choice = choices[code]
        rows.append((choice.pk, choice.score, other if choice.is_other else ""))
    return rows, None


def _clean_answers(
    questions: list[Question], answers: Mapping[str, Any], *, allows_partial: bool
) -> tuple[list[tuple[Question, int | None, int | None, str]], bool]:
    """Validate every answer; return the rows to store and whether every
    question was answered. Raises ``ValidationError`` keyed by question
    code (unknown codes under ``__all__``)."""
    by_code = {q.code: q for q in questions}
    errors: dict[str, list[str]] = {}
    unknown = sorted(
        str(code)
        for code in answers
        if str(code) not in by_code
        and not (str(code).endswith(OTHER_SUFFIX) and str(code)[: -len(OTHER_SUFFIX)] in by_code)
    )
    if unknown:
        errors[NON_FIELD_ERRORS] = [
            _("These questions are not part of this questionnaire: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        ]
    rows: list[tuple[Question, int | None, int | None, str]] = []
    complete = True
    for question in questions:
        raw = answers.get(question.code)
        if _is_blank(raw):
            complete = False
            if question.required or not allows_partial:
                errors[question.code] = [_("Answer this question.")]
            continue
        other = answers.get(question.code + OTHER_SUFFIX) or ""
        cleaned, error = _clean_one(question, raw, other if isinstance(other, str) else "")
        if error:
            errors[question.code] = [error]
            continue
        rows.extend((question, choice, value, text) for choice, value, text in cleaned)
    if errors:
        raise ValidationError(errors)
    return rows, complete


def _clean_demographics(demographics: Mapping[str, Any] | None, *, asked: bool) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key, raw in (demographics or {}).items():
        if _is_blank(raw):
            continue
        choices = DEMOGRAPHIC_FIELDS.get(key)
        if choices is None or not asked:
            errors[NON_FIELD_ERRORS] = [
                _("This questionnaire does not ask about %(field)s.") % {"field": key}
            ]
            continue
        if raw not in choices.values:  # type: ignore[attr-defined]
            errors[key] = [_("Choose one of the options.")]
            continue
        cleaned[key] = str(raw)
    if errors:
        raise ValidationError(errors)
    return cleaned


def questions_of(campaign: Campaign) -> list[Question]:
    """The questions of the campaign's version with their choices, in
    order (two queries)."""
    return list(
        Question.objects.filter(version_id=campaign.version_id)
        .select_related("section")
        .prefetch_related("choices")
        .order_by("section__position", "section__pk", "position", "pk")
    )


# -------------------------------------------------------------------- submit
def submit_response(
    campaign: Campaign,
    *,
    answers: Mapping[str, Any],
    channel: str,
    point: CampaignPoint | None = None,
    dossier: Dossier | None = None,
    invitation: Invitation | None = None,
    demographics: Mapping[str, Any] | None = None,
    now: datetime | None = None,
    check_campaign: bool = True,
    questions: list[Question] | None = None,
) -> Response:
    """Validate and store one response to ``campaign``.

    ``answers`` maps a question code to an int (Likert 0–5, number), a
    string (single choice code, free text), a list of choice codes
    (multiple choice) or ``None`` (not answered); ``"<code>.other"`` holds
    the text of an "other" choice. Refused with ``ValidationError``: a
    campaign not open today (``code="closed"`` / ``"not_open"``), a code of
    another version, a level outside the scale, a number outside its range,
    an unknown choice, a missing required answer, a second response for the
    same dossier or invitation (``code="duplicate"``). Free text is stored
    NFC-normalised, as typed. No personal data: no user, no IP address.

    ``check_campaign=False`` skips the open/period check (test factories and
    paper forms entered afterwards); everything else is still checked.
    """
    now = now or timezone.now()
    answered_on = timezone.localdate(now)
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."), code="channel")
    if check_campaign:
        _ensure_open(campaign, answered_on)
    if point is not None and point.campaign_id != campaign.pk:
        raise ValidationError(_("This counter does not belong to this survey."), code="point")
    if invitation is not None:
        if invitation.campaign_id != campaign.pk:
            raise ValidationError(_("This invitation is for another survey."), code="invitation")
        if dossier is None and invitation.dossier_id is not None:
            dossier = invitation.dossier
    version = campaign.version
    questions = questions if questions is not None else questions_of(campaign)
    rows, complete = _clean_answers(questions, answers, allows_partial=version.allows_partial)
    people = _clean_demographics(demographics, asked=version.asks_demographics)
    if not rows:
        raise ValidationError(_("Answer at least one question."), code="empty")
    duplicate = ValidationError(
        _("This dossier has already been rated. Thank you."), code="duplicate"
    )
    try:
        with transaction.atomic():
            if invitation is not None:
                # Conditional update: two tabs submitting the same token race
                # here, and only one of them wins the row.
                won = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                    used_at=now
                )
                if not won:
                    raise duplicate
            if dossier is not None and Response.objects.filter(dossier=dossier).exists():
                raise duplicate
            response = Response.objects.create(
                campaign=campaign,
                version_id=campaign.version_id,
                unit_id=campaign.unit_id,
                point=point,
                channel=channel,
                dossier=dossier,
                invitation=invitation,
                submitted_at=now,
                answered_on=answered_on,
                is_complete=complete,
                **people,
            )
            Answer.objects.bulk_create(
                [
                    Answer(
                        response=response,
                        question=question,
                        choice_id=choice,
                        value=value,
                        text=text,
                        unit_id=campaign.unit_id,
                        campaign=campaign,
                        answered_on=answered_on,
                    )
                    for question, choice, value, text in rows
                ]
            )
            record_audit(
                response,
                None,
                AuditEvent.RESPONSE_SUBMITTED,
                new={"campaign": campaign.slug, "channel": channel, "answers": len(rows)},
            )
    except IntegrityError as exc:
        # The one-to-one on dossier / invitation: a concurrent second rating.
        raise duplicate from exc
    if invitation is not None:
        invitation.used_at = now
    return response


# --------------------------------------------------------------- invitations
def _new_token() -> str:
    return secrets.token_urlsafe(24)


def dossier_campaign_for(unit_id: int, ancestor_ids: Iterable[int], on: date) -> Campaign | None:
    """The open rating campaign (``for_dossier_ratings``) of the unit or its
    nearest ancestor, open on ``on``."""
    ids = list(ancestor_ids) or [unit_id]
    candidates = list(
        Campaign.objects.filter(
            unit_id__in=ids,
            for_dossier_ratings=True,
            status=CampaignStatus.OPEN,
            starts_on__lte=on,
            ends_on__gte=on,
        ).order_by("-starts_on", "pk")
    )
    depth = {unit: i for i, unit in enumerate(ids)}
    candidates.sort(key=lambda c: -depth.get(c.unit_id, -1))
    return candidates[0] if candidates else None


def rating_url(invitation: Invitation, dossier: Dossier) -> str:
    """``SITE_URL/khao-sat/<slug>/?ma=<code>&k=<key>`` (sent by SMS/e-mail)."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse

    path = reverse("surveys:detail", args=[invitation.campaign.slug])
    query = urlencode({"ma": dossier.code, "k": dossier.lookup_key})
    return f"{settings.SITE_URL}{path}?{query}"


def invitation_url(invitation: Invitation) -> str:
    """``SITE_URL/khao-sat/<slug>/?t=<token>`` (e-mail invitations)."""
    from django.conf import settings
    from django.urls import reverse

    path = reverse("surveys:detail", args=[invitation.campaign.slug])
    return f"{settings.SITE_URL}{path}?t={invitation.token}"


@transaction.atomic
def invite_for_dossier(dossier: Dossier) -> Invitation | None:
    """Invite the applicant to rate the service once the dossier's result
    has been returned (domain-vn.md §4.7; QĐ 766 item 5c inputs).

    Finds the open rating campaign of the dossier's unit or its nearest
    ancestor, creates the invitation (one per dossier) and queues the SMS
    and e-mail to the applicant on commit. Idempotent: a second call
    returns the existing invitation and sends nothing. ``None`` when no
    rating campaign is open or the dossier has no code yet."""
    from motcua.dossiers.actions import notify_applicant

    existing = Invitation.objects.filter(dossier=dossier).select_related("campaign").first()
    if existing is not None:
        return existing
    if not dossier.code or not dossier.lookup_key:
        return None
    unit = dossier.unit
    campaign = dossier_campaign_for(unit.pk, unit.ancestor_ids(), timezone.localdate())
    if campaign is None:
        return None
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                campaign=campaign, token=_new_token(), dossier=dossier, sent_at=now
            )
    except IntegrityError:
        # A concurrent call created it first.
        return Invitation.objects.filter(dossier=dossier).first()
    record_audit(
        invitation,
        None,
        AuditEvent.INVITATIONS_SENT,
        new={"campaign": campaign.slug, "dossier": dossier.code, "count": 1},
    )
    notify_applicant(
        dossier,
        "surveys.rating_invitation",
        {"survey_url": rating_url(invitation, dossier), "survey": campaign.title},
        key=f"surveys:rating:{dossier.pk}",
    )
    return invitation


def _withdrawn_addresses(emails: list[str]) -> set[str]:
    """Lower-cased addresses of users who withdrew their consent to be
    contacted for surveys and have not given it again."""
    from motcua.accounts.constants import ConsentPurpose
    from motcua.accounts.models import Consent, User

    withdrawn = Consent.objects.filter(
        purpose=ConsentPurpose.SURVEYS, withdrawn_at__isnull=False
    ).values("user_id")
    current = Consent.objects.current().filter(purpose=ConsentPurpose.SURVEYS).values("user_id")
    query = Q()
    for email in emails:
        query |= Q(email__iexact=email)
    if not emails:
        return set()
    users = (
        User.objects.filter(query, pk__in=withdrawn)
        .exclude(pk__in=current)
        .values_list("email", flat=True)
    )
    return {e.lower() for e in users}


@transaction.atomic
def send_email_invitations(
    campaign: Campaign, emails: Iterable[str], *, acting_user: User
) -> list[Invitation]:
    """One invitation (token, one response) per address, e-mailed on
    commit. Addresses are trimmed and lower-cased, duplicates dropped;
    addresses already invited to this campaign and those of users who
    withdrew their consent to survey contacts (``accounts``, purpose
    "surveys") are skipped. Returns the invitations created."""
    from django.core.validators import validate_email

    from motcua.notifications.actions import queue_message_on_commit
    from motcua.notifications.constants import Channel as MessageChannel

    if campaign_state(campaign) == "closed":
        raise ValidationError(
            _("This survey is closed and no longer accepts answers."), code="closed"
        )
    addresses: list[str] = []
    bad: list[str] = []
    for raw in emails:
        email = nfc(str(raw)).strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            bad.append(email)
            continue
        if email not in addresses:
            addresses.append(email)
    if bad:
        raise ValidationError(
            _("These addresses are not valid e-mail addresses: %(emails)s.")
            % {"emails": ", ".join(bad[:10])},
            code="invalid",
        )
    already = set(
        Invitation.objects.filter(campaign=campaign, email__in=addresses).values_list(
            "email", flat=True
        )
    )
    skipped = _withdrawn_addresses(addresses)
    now = timezone.now()
    created = []
    for email in addresses:
        if email in already or email in skipped:
            continue
        invitation = Invitation.objects.create(
            campaign=campaign, token=_new_token(), email=email, sent_at=now
        )
        queue_message_on_commit(
            MessageChannel.EMAIL,
            email,
            "surveys.invitation",
            {
                "survey": campaign.title,
                "unit": campaign.unit.name,
                "survey_url": invitation_url(invitation),
                "ends_on": campaign.ends_on.strftime("%d/%m/%Y"),
            },
            related=campaign,
            unit=campaign.unit,
            idempotency_key=f"surveys:invitation:{invitation.pk}",
        )
        created.append(invitation)
    record_audit(
        campaign,
        acting_user,
        AuditEvent.INVITATIONS_SENT,
        new={"count": len(created), "skipped": len(addresses) - len(created)},
    )
    return created
