"""Fast, deterministic bulk generation of survey responses (the demo's
figures and ``bench/survey_indices.py``). Rows go in with ``bulk_create``
in batches, with the same denormalised fields ``submit_response`` writes;
nothing is validated one by one, so use it only for demonstration and
measurement data, never for real answers.

Distributions (per Likert item): mostly 4–5, some 3, a few 1–2, about 4 %
"no opinion" (0); "weak" items lean to 2–3 so they fall below the
remediation threshold. Optional questions are skipped now and then;
demographics are left blank by about a third of respondents.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from motcua.surveys.constants import (
    AgeBand,
    Channel,
    Education,
    Occupation,
    QuestionKind,
    Sex,
)
from motcua.surveys.models import Answer, Campaign, Question, Response

LEVELS = (0, 1, 2, 3, 4, 5)
NORMAL = (4, 1, 3, 10, 44, 38)
WEAK = (4, 8, 20, 30, 28, 10)
# About a quarter of respondents are satisfied with everything (the 2025
# outpatient study in domain-vn.md §2.3 found 25.5 % comprehensive
# satisfaction): their answers are 4, 5 or 0 except on weak items.
CONTENT = (4, 0, 0, 0, 48, 48)
CONTENT_SHARE = 0.27
CHANNELS = (Channel.QR, Channel.LINK, Channel.KIOSK, Channel.DOSSIER, Channel.PAPER)
CHANNEL_WEIGHTS = (40, 20, 25, 5, 10)
SKIP_OPTIONAL = 0.06
TEXTS = (
    "Nhân viên hướng dẫn tận tình, chu đáo.",
    "Thời gian chờ còn lâu, cần thêm quầy tiếp nhận.",
    "Nên có thêm ghế ngồi chờ và nước uống.",
    "Thủ tục nhanh gọn, rất hài lòng.",
    "Biển chỉ dẫn khó tìm, đề nghị bổ sung.",
)


def _cumulative(weights: Iterable[int]) -> list[int]:
    out, total = [], 0
    for w in weights:
        total += w
        out.append(total)
    return out


def generate_responses(
    campaign: Campaign,
    n: int,
    *,
    seed: int = 0,
    start: date | None = None,
    end: date | None = None,
    weak_items: Iterable[str] = (),
    batch: int = 5000,
) -> int:
    """Add ``n`` responses to ``campaign``, dated uniformly in [start, end]
    (default: the campaign's period), the same for the same seed. Items in
    ``weak_items`` (question codes) get low scores. Returns the number of
    answers written."""
    rng = random.Random(f"{seed}:{campaign.pk}")
    start = start or campaign.starts_on
    end = end or campaign.ends_on
    days = (end - start).days + 1
    weak = set(weak_items)
    questions = list(
        Question.objects.filter(version_id=campaign.version_id)
        .prefetch_related("choices")
        .order_by("section__position", "position")
    )
    plans: list[tuple[Question, list[Any], list[int], list[int], bool]] = []
    for q in questions:
        choices = list(q.choices.all())
        weights = _cumulative(WEAK if q.code in weak else NORMAL)
        content = _cumulative(WEAK if q.code in weak else CONTENT)
        plans.append((q, choices, weights, content, q.required))
    points = list(campaign.points.values_list("pk", flat=True))
    channel_cum = _cumulative(CHANNEL_WEIGHTS)
    zone = timezone.get_current_timezone()
    asks = campaign.version.asks_demographics
    dates_as_objects = connection.vendor != "sqlite"
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(name)
        for name in (
            "response_id",
            "question_id",
            "choice_id",
            "value",
            "text",
            "unit_id",
            "campaign_id",
            "answered_on",
        )
    )
    insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
    written = 0
    remaining = n
    while remaining > 0:
        size = min(batch, remaining)
        remaining -= size
        responses = []
        for _ in range(size):
            day = start + timedelta(days=rng.randrange(days))
            at = datetime.combine(day, time(7 + rng.randrange(10), rng.randrange(60)), zone)
            channel = rng.choices(CHANNELS, cum_weights=channel_cum)[0]
            demo = asks and rng.random() > 0.35
            responses.append(
                Response(
                    campaign_id=campaign.pk,
                    version_id=campaign.version_id,
                    unit_id=campaign.unit_id,
                    point_id=rng.choice(points)
                    if points and channel in (Channel.QR, Channel.KIOSK)
                    else None,
                    channel=channel,
                    submitted_at=at,
                    answered_on=day,
                    sex=rng.choice(Sex.values) if demo else "",
                    age_band=rng.choice(AgeBand.values) if demo else "",
                    education=rng.choice(Education.values) if demo else "",
                    occupation=rng.choice(Occupation.values) if demo else "",
                )
            )
        with transaction.atomic():
            Response.objects.bulk_create(responses, batch_size=batch)
            answers: list[tuple[Any, ...]] = []
            incomplete = []
            for response in responses:
                complete = True
                day_value = response.answered_on if dates_as_objects else str(response.answered_on)
                head = (response.pk,)
                tail = (response.unit_id, response.campaign_id, day_value)
                is_content = rng.random() < CONTENT_SHARE
                for q, choices, normal, content, required in plans:
                    weights = content if is_content else normal
                    if not required and rng.random() < SKIP_OPTIONAL:
                        complete = False
                        continue
                    if q.kind == QuestionKind.LIKERT:
                        value = rng.choices(LEVELS, cum_weights=weights)[0]
                        if q.min_value and value < q.min_value:
                            value = 4
                        answers.append((*head, q.pk, None, value, "", *tail))
                    elif q.kind == QuestionKind.NUMBER:
                        low = q.min_value if q.min_value is not None else 0
                        high = q.max_value if q.max_value is not None else 100
                        value = max(low, min(high, int(rng.gauss(85, 12))))
                        answers.append((*head, q.pk, None, value, "", *tail))
                    elif q.kind == QuestionKind.SINGLE and choices:
                        choice = rng.choices(choices, weights=range(len(choices), 0, -1))[0]
                        answers.append((*head, q.pk, choice.pk, None, "", *tail))
                    elif q.kind == QuestionKind.MULTIPLE and choices:
                        for choice in rng.sample(choices, min(len(choices), rng.randint(1, 3))):
                            answers.append((*head, q.pk, choice.pk, None, "", *tail))
                    elif q.kind == QuestionKind.TEXT:
                        if rng.random() < 0.05:
                            answers.append((*head, q.pk, None, None, rng.choice(TEXTS), *tail))
                        else:
                            complete = False
                if not complete:
                    incomplete.append(response.pk)
            # Plain executemany: millions of rows without building a model
            # instance per answer (the bench generates 66 million).
            with connection.cursor() as cursor:
                cursor.executemany(insert, answers)
            for chunk in range(0, len(incomplete), 500):
                Response.objects.filter(pk__in=incomplete[chunk : chunk + 500]).update(
                    is_complete=False
                )
        written += len(answers)
    return written
