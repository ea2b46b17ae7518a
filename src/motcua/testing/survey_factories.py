"""Factories for the survey engine (owned by the surveys app).

Usage (stable API — the campaign, poster, index and report tests rely on it)::

    from motcua.testing.survey_factories import make_campaign, make_response, make_template

    version = make_template()                     # published version 1 of a new template:
                                                  # section A (A1, A2) and B (B1), Likert 0–5
    version.template                              # the SurveyTemplate
    version = make_template(
        kind=TemplateKind.MOH_OUTPATIENT,
        questions=[
            "A1", "A2",                           # Likert, section = the code's letters ("A")
            {"code": "G1", "kind": "number", "min": 0, "max": 200},
            {"code": "G2", "kind": "single", "choices": [("yes", "Có"), ("no", "Không")]},
            {"code": "G3", "kind": "text"},
            {"code": "C1", "kind": "multiple", "choices": ["web", "sms"], "required": True},
        ],
        sections={"G": {"in_index": False}, "A": {"weight": 2, "title": "Tiếp cận"}},
        aggregation=Aggregation.SECTION_MEAN,    # also threshold=…, allows_partial=…,
    )                                            # asks_demographics=…, code=…, name=…

    campaign = make_campaign()                    # open, a new template, unit org.hospital-like
    campaign = make_campaign(unit=org.hospital, version=version, points=["quay-1", "khoa-noi"])
    campaign = make_campaign(status=CampaignStatus.DRAFT, for_dossier_ratings=True,
                             starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31))

    response = make_response(campaign, {"A1": 5, "A2": 0, "B1": 4})
    response = make_response(campaign, {"A1": 2}, answered_on=date(2026, 2, 3),
                             channel=Channel.QR, point="quay-1", sex="female")

``make_response`` goes through ``surveys.actions.submit_response`` (so the
stored rows are exactly what the site stores) but skips the campaign's
open/period check, so responses can be dated anywhere (``answered_on``, a
local date; noon local time is used). Likert questions accept 0 ("no
opinion") unless created with ``"min": 1``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from motcua.org.models import Unit
from motcua.surveys.constants import (
    Aggregation,
    CampaignStatus,
    Channel,
    ItemSource,
    QuestionKind,
    Scale,
    TemplateKind,
    VersionStatus,
)
from motcua.surveys.models import (
    Campaign,
    CampaignPoint,
    Choice,
    Question,
    Response,
    Section,
    SurveyTemplate,
    TemplateVersion,
)

_counter = itertools.count(1)

QuestionSpec = str | Mapping[str, Any]
DEFAULT_QUESTIONS: tuple[QuestionSpec, ...] = ("A1", "A2", "B1")


def _section_code(code: str) -> str:
    match = re.match(r"^(.*?)(\d+)$", code)
    return (match.group(1) if match else code).rstrip(".") or code


def make_template(
    kind: str = TemplateKind.OTHER,
    questions: Sequence[QuestionSpec] | None = None,
    *,
    sections: Mapping[str, Mapping[str, Any]] | None = None,
    code: str | None = None,
    name: str | None = None,
    aggregation: str = Aggregation.POOLED,
    threshold: int = 80,
    allows_partial: bool = True,
    asks_demographics: bool = True,
    status: str = VersionStatus.PUBLISHED,
    number: int = 1,
    template: SurveyTemplate | None = None,
) -> TemplateVersion:
    """A template with one version; returns the version (``.template`` is
    the template). Pass ``template=`` to add version ``number`` to an
    existing template. Question specs: a code (Likert) or a dict with
    ``code`` and optional ``kind``, ``text``, ``section``, ``required``,
    ``min``, ``max``, ``scale``, ``source``, ``choices`` (codes, or
    ``(code, label)`` / ``(code, label, score)`` tuples)."""
    n = next(_counter)
    if template is None:
        template = SurveyTemplate.objects.create(
            code=code or f"mau-{n}",
            name=name or f"Phiếu khảo sát thử {n}",
            kind=kind,
        )
    version = TemplateVersion.objects.create(
        template=template,
        number=number,
        status=status,
        title=template.name,
        aggregation=aggregation,
        threshold=threshold,
        allows_partial=allows_partial,
        asks_demographics=asks_demographics,
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    specs = [
        {"code": spec} if isinstance(spec, str) else dict(spec)
        for spec in (questions if questions is not None else DEFAULT_QUESTIONS)
    ]
    section_options = dict(sections or {})
    section_rows: dict[str, Section] = {}
    for position, spec in enumerate(specs):
        qcode = spec["code"]
        scode = spec.get("section") or _section_code(qcode)
        if scode not in section_rows:
            options = dict(section_options.get(scode, {}))
            section_rows[scode] = Section.objects.create(
                version=version,
                code=scode,
                title=options.pop("title", f"Phần {scode}"),
                position=len(section_rows),
                **options,
            )
        qkind = spec.get("kind", QuestionKind.LIKERT)
        question = Question.objects.create(
            version=version,
            section=section_rows[scode],
            code=qcode,
            text=spec.get("text", f"Câu hỏi {qcode}"),
            kind=qkind,
            scale=spec.get("scale", Scale.SATISFACTION if qkind == QuestionKind.LIKERT else ""),
            required=bool(spec.get("required", False)),
            min_value=spec.get("min"),
            max_value=spec.get("max"),
            position=position,
            source=spec.get("source", ItemSource.OURS),
        )
        for cpos, choice in enumerate(spec.get("choices", ())):
            if isinstance(choice, str):
                choice = (choice, choice)
            Choice.objects.create(
                question=question,
                code=choice[0],
                label=choice[1],
                score=choice[2] if len(choice) > 2 else None,
                position=cpos,
                is_other=choice[0] == "other",
            )
    return version


def make_campaign(
    unit: Unit | None = None,
    version: TemplateVersion | None = None,
    *,
    status: str = CampaignStatus.OPEN,
    starts_on: date | None = None,
    ends_on: date | None = None,
    slug: str | None = None,
    title: str | None = None,
    points: Iterable[str | tuple[str, str]] = (),
    **kw: Any,
) -> Campaign:
    """A campaign (open by default, from 30 days ago to 30 days ahead).
    ``unit`` defaults to a new unit, ``version`` to ``make_template()``;
    ``points`` creates counters (codes, or ``(code, name)``). Other keywords
    go to the model (``for_dossier_ratings``, ``kiosk_idle_seconds``…)."""
    from motcua.testing.factories import UnitFactory

    n = next(_counter)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        slug=slug or f"khao-sat-{n}",
        title=title or f"Khảo sát thử {n}",
        version=version or make_template(),
        unit=unit if unit is not None else UnitFactory(),  # type: ignore[misc]
        starts_on=starts_on or today - timedelta(days=30),
        ends_on=ends_on or today + timedelta(days=30),
        status=status,
        **kw,
    )
    for position, point in enumerate(points):
        pcode, pname = (point, f"Quầy {point}") if isinstance(point, str) else point
        CampaignPoint.objects.create(campaign=campaign, code=pcode, name=pname, position=position)
    return campaign


def make_response(
    campaign: Campaign,
    answers: Mapping[str, Any],
    *,
    channel: str = Channel.LINK,
    answered_on: date | None = None,
    point: CampaignPoint | str | None = None,
    **kw: Any,
) -> Response:
    """A response through ``submit_response`` (all answer checks), dated
    ``answered_on`` (local; default today) whatever the campaign's period.
    Other keywords: ``dossier``, ``invitation``, and the demographics
    (``sex``, ``age_band``, ``education``, ``occupation``)."""
    from motcua.surveys.actions.responses import DEMOGRAPHIC_FIELDS, submit_response

    if isinstance(point, str):
        point = CampaignPoint.objects.get(campaign=campaign, code=point)
    demographics = {k: kw.pop(k) for k in list(kw) if k in DEMOGRAPHIC_FIELDS}
    now = None
    if answered_on is not None:
        now = timezone.make_aware(datetime.combine(answered_on, time(12, 0)))
    return submit_response(
        campaign,
        answers=answers,
        channel=channel,
        point=point,
        demographics=demographics,
        now=now,
        check_campaign=False,
        **kw,
    )


__all__ = ["DEFAULT_QUESTIONS", "make_campaign", "make_response", "make_template"]
