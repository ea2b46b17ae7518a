"""Survey indices, computed in SQL (issue 9 §5; domain-vn.md §2.3).

Every figure is a ``GROUP BY`` over ``Answer`` (whose rows carry the
response's unit, campaign and local date) or ``Response``, with conditional
counts; Python only combines the handful of grouped rows. The rules:

* Likert answers 1–5 count; 0 ("không sử dụng, không có ý kiến") is left
  out of every numerator and denominator (QĐ 3869/QĐ-BYT, domain-vn.md §2.2).
* mean score = Σ scores ÷ answered; satisfaction rate = (# at 4 + # at 5) ÷
  answered × 100 (the Ministry of Health rule, §2.3).
* a template's overall figure follows its version's ``Aggregation``:
  ``pooled`` (the MoH rule: every answered item of the index sections
  pooled), ``section_mean`` (mean of the section figures) or
  ``section_weighted`` (weighted by ``Section.weight``). Only ``in_index``
  sections and Likert questions count.
* comprehensive satisfaction (chỉ số hài lòng toàn diện) = share of the
  respondents with at least one answered index item whose answered index
  items are all 4 or 5 (a respondent who answered only 0s is not counted).
* 95 % margin of error of a rate = 1.96·√(p(1−p)/n), in percentage points;
  n is the number of answers for an item and the number of respondents for
  a template's overall figure (answers of one person are not independent).
  A figure with n < ``SURVEYS_MIN_SAMPLE`` or a margin above
  ``SURVEYS_MAX_MOE`` is a small sample: shown, flagged, never ranked.

Percentages are ``Decimal`` 0–100 rounded to 2 places, means to 2 places;
``None`` when nothing was answered.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from motcua.org.models import Unit
from motcua.surveys.constants import (
    LIKERT_MAX,
    LIKERT_MIN,
    SATISFIED_LEVELS,
    AgeBand,
    Aggregation,
    Channel,
    Education,
    Occupation,
    QuestionKind,
    Sex,
    TemplateKind,
    VersionStatus,
)
from motcua.surveys.models import (
    Answer,
    Campaign,
    Question,
    Response,
    SurveyTemplate,
    TemplateVersion,
)

TWO_PLACES = Decimal("0.01")
Z_95 = 1.96

ANSWERED = Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX)
SATISFIED = Q(value__in=SATISFIED_LEVELS)
LOW = Q(value__gte=LIKERT_MIN, value__lt=min(SATISFIED_LEVELS))


# ------------------------------------------------------------------ figures
@dataclass(frozen=True)
class QuestionFigure:
    """One Likert item's figures (per unit when ``unit_id`` is set)."""

    unit_id: int | None
    section_code: str
    question_code: str
    text: str
    answered: int
    mean: Decimal | None
    satisfied: int
    rate: Decimal | None
    moe: Decimal | None
    small_sample: bool
    in_index: bool = True
    no_opinion: int = 0
    low: int = 0


@dataclass(frozen=True)
class SectionFigure:
    code: str
    title: str
    answered: int
    mean: Decimal | None
    rate: Decimal | None
    satisfied: int = 0
    weight: int = 1
    in_index: bool = True
    total: int = 0  # Σ scores


@dataclass(frozen=True)
class Summary:
    """A template's figures for a scope and period."""

    responses: int
    answered: int
    mean: Decimal | None
    rate: Decimal | None
    comprehensive_rate: Decimal | None
    moe: Decimal | None
    small_sample: bool
    sections: list[SectionFigure] = field(default_factory=list)
    # Responses with at least one answered index item (n of the margin),
    # and those of them whose every answered index item is 4 or 5.
    respondents: int = 0
    comprehensive: int = 0
    aggregation: str = Aggregation.POOLED


@dataclass(frozen=True)
class UnitFigure:
    unit_id: int
    unit_name: str
    responses: int
    mean: Decimal | None
    rate: Decimal | None
    comprehensive_rate: Decimal | None
    moe: Decimal | None
    small_sample: bool
    respondents: int = 0
    # 1 = highest rate; None for small samples and units without answers.
    rank: int | None = None


# ----------------------------------------------------------------- helpers
def _q2(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def percent(numerator: int, denominator: int) -> Decimal | None:
    """``numerator ÷ denominator × 100`` rounded to 2 places, ``None`` for 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def mean_of(total: int | None, count: int) -> Decimal | None:
    if not count:
        return None
    return (Decimal(total or 0) / Decimal(count)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def margin_of_error(successes: int, n: int) -> Decimal | None:
    """95 % margin of error of a proportion, in percentage points:
    1.96·√(p(1−p)/n) × 100 (normal approximation)."""
    if not n:
        return None
    p = successes / n
    return _q2(Z_95 * math.sqrt(p * (1 - p) / n) * 100)


def is_small_sample(n: int, moe: Decimal | None) -> bool:
    """Too few answers to rank: n below ``SURVEYS_MIN_SAMPLE`` or a margin
    above ``SURVEYS_MAX_MOE`` points."""
    if n < settings.SURVEYS_MIN_SAMPLE:
        return True
    return moe is not None and moe > Decimal(settings.SURVEYS_MAX_MOE)


def _unit_ids(units: Any) -> Any:
    """``units`` (a Unit, ids, Units or a QuerySet of units) for ``__in``."""
    if units is None:
        return None
    if isinstance(units, Unit):
        return [units.pk]
    if isinstance(units, int):
        return [units]
    if isinstance(units, QuerySet):
        return units.values("pk")
    return [getattr(u, "pk", u) for u in units]


@dataclass(frozen=True)
class _Scope:
    version: TemplateVersion | None
    template: SurveyTemplate | None
    campaign: Campaign | None
    unit_ids: Any
    start: date
    end: date
    kinds: tuple[str, ...] | None = None

    def questions(self) -> QuerySet[Question]:
        qs = Question.objects.all()
        if self.version is not None:
            qs = qs.filter(version_id=self.version.pk)
        elif self.template is not None:
            qs = qs.filter(version__template_id=self.template.pk)
        if self.kinds is not None:
            qs = qs.filter(version__template__kind__in=self.kinds)
        return qs.order_by()

    def _answers(self, questions: QuerySet[Question] | None) -> QuerySet[Answer]:
        qs = Answer.objects.filter(answered_on__gte=self.start, answered_on__lte=self.end)
        if self.campaign is not None:
            qs = qs.filter(campaign_id=self.campaign.pk)
        if questions is not None:
            # A subquery on the small question table, not a join per answer.
            qs = qs.filter(question_id__in=questions.values("pk"))
        if self.unit_ids is not None:
            qs = qs.filter(unit_id__in=self.unit_ids)
        return qs.order_by()

    def answers(self) -> QuerySet[Answer]:
        narrowed = self.version or self.template or self.kinds is not None
        return self._answers(self.questions() if narrowed else None)

    def likert(self) -> QuerySet[Answer]:
        return self._answers(self.questions().filter(kind=QuestionKind.LIKERT))

    def responses(self) -> QuerySet[Response]:
        qs = Response.objects.filter(answered_on__gte=self.start, answered_on__lte=self.end)
        if self.campaign is not None:
            qs = qs.filter(campaign_id=self.campaign.pk)
        if self.version is not None:
            qs = qs.filter(version_id=self.version.pk)
        elif self.template is not None:
            qs = qs.filter(version__template_id=self.template.pk)
        if self.kinds is not None:
            qs = qs.filter(version__template__kind__in=self.kinds)
        if self.unit_ids is not None:
            qs = qs.filter(unit_id__in=self.unit_ids)
        return qs.order_by()


def _scope(
    *,
    version: TemplateVersion | None,
    template: SurveyTemplate | None,
    campaign: Campaign | None,
    units: Any,
    start: date,
    end: date,
    kinds: Iterable[str] | None = None,
) -> _Scope:
    if version is None and template is None and campaign is None and kinds is None:
        raise TypeError("give a version, a template, a campaign or template kinds")
    return _Scope(
        version,
        template,
        campaign,
        _unit_ids(units),
        start,
        end,
        tuple(kinds) if kinds is not None else None,
    )


def reference_version(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
) -> TemplateVersion | None:
    """The version whose rules (aggregation, threshold) apply: the one
    given, the campaign's, or the template's latest published version."""
    if version is not None:
        return version
    if campaign is not None:
        return campaign.version
    if template is None:
        return None
    versions = TemplateVersion.objects.filter(template=template)
    return (
        versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()
        or versions.order_by("-number").first()
    )


def _figure(row: dict[str, Any], unit_id: int | None) -> QuestionFigure:
    answered = row["answered"]
    moe = margin_of_error(row["satisfied"], answered)
    return QuestionFigure(
        unit_id=unit_id,
        section_code=row["section_code"],
        question_code=row["code"],
        text=row["text"],
        answered=answered,
        mean=mean_of(row["total"], answered),
        satisfied=row["satisfied"],
        rate=percent(row["satisfied"], answered),
        moe=moe,
        small_sample=is_small_sample(answered, moe),
        in_index=bool(row["in_index"]),
        no_opinion=row["no_opinion"],
        low=row["low"],
    )


_COUNTS = ("answered", "total", "satisfied", "low", "no_opinion")


def _item_rows(scope: _Scope, *, by_unit: bool) -> list[dict[str, Any]]:
    """Counts per (unit,) Likert item: one ``GROUP BY unit_id, question_id``
    over the answers — the shape of the plain aggregate — then one query
    for the items' codes and sections; rows of several versions merge by
    section and question code (Python adds up a few hundred rows)."""
    group = ["unit_id", "question_id"] if by_unit else ["question_id"]
    counts = list(
        scope.likert()
        .values(*group)
        .annotate(
            answered=Count("pk", filter=ANSWERED),
            total=Sum("value", filter=ANSWERED),
            satisfied=Count("pk", filter=SATISFIED),
            low=Count("pk", filter=LOW),
            no_opinion=Count("pk", filter=Q(value=0)),
        )
    )
    meta = {
        row["pk"]: row
        for row in Question.objects.filter(pk__in={row["question_id"] for row in counts}).values(
            "pk",
            "code",
            "text",
            "position",
            "section__code",
            "section__title",
            "section__weight",
            "section__position",
            "section__in_index",
        )
    }
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in sorted(counts, key=lambda r: -r["question_id"]):  # newest wording first
        q = meta[row["question_id"]]
        unit_id = row.get("unit_id")
        key = (unit_id, q["section__code"], q["code"])
        item = merged.get(key)
        if item is None:
            item = merged[key] = {
                "unit_id": unit_id,
                "section_code": q["section__code"],
                "section_title": q["section__title"],
                "weight": q["section__weight"],
                "section_position": q["section__position"],
                "position": q["position"],
                "code": q["code"],
                "text": q["text"],
                "in_index": q["section__in_index"],
                **dict.fromkeys(_COUNTS, 0),
            }
        for name in _COUNTS:
            item[name] += row[name] or 0
        item["in_index"] = item["in_index"] or q["section__in_index"]
    return sorted(
        merged.values(),
        key=lambda r: (r["unit_id"] or 0, r["section_position"], r["position"], r["code"]),
    )


# ---------------------------------------------------------------- per item
def question_figures(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
    by_unit: bool = False,
) -> list[QuestionFigure]:
    """Figures of every Likert item (two queries), in the form's order;
    items of several versions of a template pool by code. With
    ``by_unit`` one row per unit and item, else ``unit_id`` is ``None``."""
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    return [_figure(row, row["unit_id"]) for row in _item_rows(scope, by_unit=by_unit)]


def _section_rows(scope: _Scope, *, by_unit: bool) -> list[dict[str, Any]]:
    """Per (unit,) section: the item rows added up (sums are exact)."""
    sections: dict[tuple[Any, str], dict[str, Any]] = {}
    for item in _item_rows(scope, by_unit=by_unit):
        key = (item["unit_id"], item["section_code"])
        row = sections.get(key)
        if row is None:
            row = sections[key] = {
                "unit_id": item["unit_id"],
                "question__section__code": item["section_code"],
                "title": item["section_title"],
                "weight": item["weight"],
                "position": item["section_position"],
                "in_index": item["in_index"],
                "answered": 0,
                "total": 0,
                "satisfied": 0,
            }
        for name in ("answered", "total", "satisfied"):
            row[name] += item[name]
    return sorted(sections.values(), key=lambda r: (r["unit_id"] or 0, r["position"]))


def _sections(rows: Iterable[dict[str, Any]]) -> list[SectionFigure]:
    return [
        SectionFigure(
            code=row["question__section__code"],
            title=row["title"],
            answered=row["answered"],
            mean=mean_of(row["total"], row["answered"]),
            rate=percent(row["satisfied"], row["answered"]),
            satisfied=row["satisfied"],
            weight=row["weight"] or 0,
            in_index=bool(row["in_index"]),
            total=row["total"] or 0,
        )
        for row in rows
    ]


def combine(
    sections: list[SectionFigure], aggregation: str
) -> tuple[int, Decimal | None, Decimal | None]:
    """(answered, mean, rate) of the index sections under ``aggregation``."""
    index = [s for s in sections if s.in_index and s.answered]
    answered = sum(s.answered for s in index)
    if not index:
        return 0, None, None
    if aggregation not in (Aggregation.SECTION_MEAN, Aggregation.SECTION_WEIGHTED):
        # MoH rule: every answered item of the index sections pooled.
        return (
            answered,
            mean_of(sum(s.total for s in index), answered),
            percent(sum(s.satisfied for s in index), answered),
        )
    weights = [1 if aggregation == Aggregation.SECTION_MEAN else s.weight for s in index]
    weight_sum = sum(weights)
    if not weight_sum:
        return answered, None, None
    # From the exact section ratios, not from their rounded values.
    mean = sum(w * Decimal(s.total) / s.answered for w, s in zip(weights, index, strict=True))
    rate = sum(
        w * Decimal(s.satisfied) * 100 / s.answered for w, s in zip(weights, index, strict=True)
    )
    return answered, _q2(mean / weight_sum), _q2(rate / weight_sum)


def _combine_rows(
    rows: list[dict[str, Any]], aggregation: str
) -> tuple[list[SectionFigure], int, Decimal | None, Decimal | None]:
    """Sections and the overall (answered, mean, rate)."""
    sections = _sections(rows)
    return (sections, *combine(sections, aggregation))


def _respondent_counts(scope: _Scope, *, by_unit: bool) -> Any:
    """Responses, respondents (≥ 1 answered index item) and comprehensive
    respondents (no answered index item at levels 1–3), one query."""
    index_answers = Answer.objects.filter(
        response=OuterRef("pk"),
        choice__isnull=True,
        question__kind=QuestionKind.LIKERT,
        question__section__in_index=True,
    )
    answered = Exists(index_answers.filter(ANSWERED))
    low = Exists(index_answers.filter(LOW))
    aggregates = {
        "responses": Count("pk"),
        "respondents": Count("pk", filter=Q(answered)),
        "comprehensive": Count("pk", filter=Q(answered) & ~Q(low)),
    }
    qs = scope.responses()
    if by_unit:
        return {row["unit_id"]: row for row in qs.values("unit_id").annotate(**aggregates)}
    return qs.aggregate(**aggregates)


def summary(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
    kinds: Iterable[str] | None = None,
) -> Summary:
    """A template's overall figures for the scope and period (3 queries:
    the reference version, sections, respondents). With ``kinds`` alone,
    every template of those kinds, pooled (the MoH rule)."""
    ref = reference_version(version=version, template=template, campaign=campaign)
    aggregation = ref.aggregation if ref is not None else Aggregation.POOLED
    scope = _scope(
        version=version,
        template=template,
        campaign=campaign,
        units=units,
        start=start,
        end=end,
        kinds=kinds,
    )
    sections, answered, mean, rate = _combine_rows(_section_rows(scope, by_unit=False), aggregation)
    counts = _respondent_counts(scope, by_unit=False)
    return _summary(sections, answered, mean, rate, counts, aggregation)


def _summary(
    sections: list[SectionFigure],
    answered: int,
    mean: Decimal | None,
    rate: Decimal | None,
    counts: dict[str, Any],
    aggregation: str,
) -> Summary:
    respondents = counts["respondents"] or 0
    comprehensive = counts["comprehensive"] or 0
    moe = None
    if rate is not None and respondents:
        moe = margin_of_error_rate(rate, respondents)
    return Summary(
        responses=counts["responses"] or 0,
        answered=answered,
        mean=mean,
        rate=rate,
        comprehensive_rate=percent(comprehensive, respondents),
        moe=moe,
        small_sample=is_small_sample(respondents, moe),
        sections=sections,
        respondents=respondents,
        comprehensive=comprehensive,
        aggregation=aggregation,
    )


def margin_of_error_rate(rate: Decimal, n: int) -> Decimal | None:
    """Margin of error of a rate given in percent, for n respondents."""
    if not n:
        return None
    p = float(rate) / 100
    return _q2(Z_95 * math.sqrt(max(p * (1 - p), 0.0) / n) * 100)


# ---------------------------------------------------------------- per unit
def unit_table(
    *,
    template: SurveyTemplate | None = None,
    units: Any,
    start: date,
    end: date,
    version: TemplateVersion | None = None,
    campaign: Campaign | None = None,
) -> list[UnitFigure]:
    """One row per unit of ``units`` (in tree order), whatever their
    number, in 4 queries. Units whose figure is not a small sample are
    ranked by rate (ties share a rank); small samples are never ranked."""
    ref = reference_version(version=version, template=template, campaign=campaign)
    aggregation = ref.aggregation if ref is not None else Aggregation.POOLED
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _section_rows(scope, by_unit=True):
        by_unit[row["unit_id"]].append(row)
    counts = _respondent_counts(scope, by_unit=True)
    unit_qs = (
        units if isinstance(units, QuerySet) else Unit.objects.filter(pk__in=scope.unit_ids or [])
    )
    empty = {"responses": 0, "respondents": 0, "comprehensive": 0}
    figures = []
    for unit_id, name in unit_qs.order_by("path").values_list("pk", "name"):
        _, answered, mean, rate = _combine_rows(by_unit.get(unit_id, []), aggregation)
        s = _summary([], answered, mean, rate, counts.get(unit_id, empty), aggregation)
        figures.append(
            UnitFigure(
                unit_id=unit_id,
                unit_name=name,
                responses=s.responses,
                mean=s.mean,
                rate=s.rate,
                comprehensive_rate=s.comprehensive_rate,
                moe=s.moe,
                small_sample=s.small_sample,
                respondents=s.respondents,
            )
        )
    return rank_units(figures)


def rank_units(figures: list[UnitFigure]) -> list[UnitFigure]:
    """Rank by rate (highest first, ties share a rank) the units whose
    figure is not a small sample; the order of the list is kept."""
    rates = [f.rate for f in figures if f.rate is not None and not f.small_sample]
    ranked = []
    for f in figures:
        rank = None
        if f.rate is not None and not f.small_sample:
            rank = 1 + sum(1 for r in rates if r > f.rate)
        ranked.append(replace(f, rank=rank))
    return ranked


# ------------------------------------------------------------- unsatisfied
def unsatisfied_items(
    *,
    template: SurveyTemplate,
    unit: Unit,
    start: date,
    end: date,
    threshold: int | Decimal | None = None,
) -> list[QuestionFigure]:
    """Likert items of the index sections whose satisfaction rate is below
    ``threshold`` (default: the template's version threshold) for ``unit``,
    lowest first; small samples are left out (they prove nothing)."""
    if threshold is None:
        ref = reference_version(template=template)
        threshold = ref.threshold if ref is not None else 80
    limit = Decimal(threshold)
    items = [
        f
        for f in question_figures(template=template, units=[unit], start=start, end=end)
        if f.in_index and not f.small_sample and f.rate is not None and f.rate < limit
    ]
    return sorted(items, key=lambda f: (f.rate, f.section_code, f.question_code))


# -------------------------------------------------------------- comparison
def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period before [start, end]: the previous calendar month,
    quarter, half-year or year when [start, end] is one, else the window of
    the same number of days just before ``start``."""
    if start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months in (1, 3, 6, 12) and (start.month - 1) % months == 0:
            month = start.month - months
            year = start.year
            while month < 1:
                month += 12
                year -= 1
            prev_start = date(year, month, 1)
            return prev_start, start - timedelta(days=1)
    length = (end - start).days
    prev_end = start - timedelta(days=1)
    return prev_end - timedelta(days=length), prev_end


@dataclass(frozen=True)
class ItemComparison:
    section_code: str
    question_code: str
    text: str
    current: QuestionFigure | None
    previous: QuestionFigure | None

    @property
    def delta(self) -> Decimal | None:
        """Change of the rate in percentage points."""
        if self.current is None or self.previous is None:
            return None
        if self.current.rate is None or self.previous.rate is None:
            return None
        return self.current.rate - self.previous.rate


@dataclass(frozen=True)
class PeriodComparison:
    start: date
    end: date
    previous_start: date
    previous_end: date
    current: Summary
    previous: Summary
    items: list[ItemComparison]

    @staticmethod
    def _delta(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        return None if a is None or b is None else a - b

    @property
    def delta_rate(self) -> Decimal | None:
        return self._delta(self.current.rate, self.previous.rate)

    @property
    def delta_mean(self) -> Decimal | None:
        return self._delta(self.current.mean, self.previous.mean)

    @property
    def delta_comprehensive(self) -> Decimal | None:
        return self._delta(self.current.comprehensive_rate, self.previous.comprehensive_rate)


def compare_periods(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
    previous: tuple[date, date] | None = None,
) -> PeriodComparison:
    """The period's figures beside the previous period's (``previous_period``
    unless given), per template and per item; deltas in points. A campaign
    scope compares the campaign's template, so that last period's campaign
    counts as well."""
    if campaign is not None and template is None and version is None:
        template = campaign.version.template
        campaign_units = units if units is not None else [campaign.unit_id]
        units, campaign = campaign_units, None
    prev_start, prev_end = previous or previous_period(start, end)
    kwargs = {"version": version, "template": template, "campaign": campaign, "units": units}
    current = summary(**kwargs, start=start, end=end)
    before = summary(**kwargs, start=prev_start, end=prev_end)
    now_items = question_figures(**kwargs, start=start, end=end)
    old_items = {
        (f.section_code, f.question_code): f
        for f in question_figures(**kwargs, start=prev_start, end=prev_end)
    }
    items = []
    seen = set()
    for f in now_items:
        key = (f.section_code, f.question_code)
        seen.add(key)
        items.append(ItemComparison(f.section_code, f.question_code, f.text, f, old_items.get(key)))
    for key, f in old_items.items():
        if key not in seen:
            items.append(ItemComparison(f.section_code, f.question_code, f.text, None, f))
    return PeriodComparison(start, end, prev_start, prev_end, current, before, items)


# ----------------------------------------------------- counts and breakdowns
@dataclass(frozen=True)
class Count_:
    value: str
    label: str
    count: int | None  # None: suppressed (a cell below the minimum size)


def channel_counts(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> list[Count_]:
    """Responses per channel (every channel listed, zeros included)."""
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    counts = dict(scope.responses().values_list("channel").annotate(n=Count("pk")))
    return [Count_(c.value, str(c.label), counts.get(c.value, 0)) for c in Channel]


def point_counts(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> list[Count_]:
    """Responses per counter or department (``point``); "" = no point."""
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    rows = (
        scope.responses()
        .values("point__code", "point__name")
        .annotate(n=Count("pk"))
        .order_by("point__name")
    )
    return [Count_(r["point__code"] or "", r["point__name"] or "", r["n"]) for r in rows]


DEMOGRAPHICS: dict[str, Any] = {
    "sex": Sex,
    "age_band": AgeBand,
    "education": Education,
    "occupation": Occupation,
}


def demographics(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
    min_cell: int = 0,
) -> dict[str, list[Count_]]:
    """Responses per band of each optional demographic (one query per
    field; "" = not given). Counts below ``min_cell`` are suppressed
    (``None``) so that published tables identify nobody."""
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    out: dict[str, list[Count_]] = {}
    for name, choices in DEMOGRAPHICS.items():
        counts = dict(scope.responses().values_list(name).annotate(n=Count("pk")))
        rows = [Count_(c.value, str(c.label), counts.get(c.value, 0)) for c in choices]
        rows.append(Count_("", "", counts.get("", 0)))
        out[name] = [
            Count_(r.value, r.label, None if r.count and r.count < min_cell else r.count)
            for r in rows
        ]
    return out


def free_text_answers(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> QuerySet[Answer]:
    """Free-text answers, newest first (paginate; show escaped)."""
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    return (
        scope.answers()
        .exclude(text="")
        .select_related("question", "unit")
        .order_by("-answered_on", "-pk")
    )


# ------------------------------------------------------- MoH extra figures
@dataclass(frozen=True)
class MohFigures:
    """Section G of QĐ 3869 forms (domain-vn.md §2.3)."""

    expectation_mean: Decimal | None  # G1: Σ "% đáp ứng so với mong đợi" ÷ answers
    expectation_answered: int
    return_rate: Decimal | None  # G2: would come back / recommend
    return_answered: int


EXPECTATION_CODE = "G1"
RETURN_CODE = "G2"
# G2 levels counted as "would return": inpatients (Mẫu 1) 4 + 5; outpatients
# (Mẫu 2) 3 + 4 as written in the published computation (§2.3, the options
# differ between the forms).
RETURN_LEVELS = {
    TemplateKind.MOH_INPATIENT: (4, 5),
    TemplateKind.MOH_OUTPATIENT: (3, 4),
}


def moh_figures(
    *,
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> MohFigures | None:
    """G1 and G2 of the Ministry of Health forms (one query), ``None`` for
    another kind of template. G2 is read from the Likert value or, for a
    single choice, from the chosen option's score; "Khác" (no score) is
    not an answer."""
    ref = reference_version(version=version, template=template, campaign=campaign)
    if ref is None or ref.template.kind not in RETURN_LEVELS:
        return None
    levels = RETURN_LEVELS[TemplateKind(ref.template.kind)]
    scope = _scope(
        version=version, template=template, campaign=campaign, units=units, start=start, end=end
    )
    g1 = Q(question__code=EXPECTATION_CODE, question__kind=QuestionKind.NUMBER, value__isnull=False)
    g2_value = Q(question__code=RETURN_CODE, value__gte=LIKERT_MIN, value__lte=LIKERT_MAX)
    g2_choice = Q(question__code=RETURN_CODE, choice__score__gte=LIKERT_MIN)
    row = (
        scope.answers()
        .filter(question__code__in=[EXPECTATION_CODE, RETURN_CODE])
        .aggregate(
            g1_n=Count("pk", filter=g1),
            g1_sum=Sum("value", filter=g1),
            g2_n=Count("pk", filter=g2_value | g2_choice),
            g2_yes=Count("pk", filter=(g2_value & Q(value__in=levels)))
            + Count("pk", filter=g2_choice & Q(choice__score__in=levels)),
        )
    )
    return MohFigures(
        expectation_mean=mean_of(row["g1_sum"], row["g1_n"]),
        expectation_answered=row["g1_n"],
        return_rate=percent(row["g2_yes"], row["g2_n"]),
        return_answered=row["g2_n"],
    )


# ----------------------------------------------------------- choice shares
@dataclass(frozen=True)
class Share:
    """Share of the respondents to one question whose answer is one of
    some choices (awareness targets)."""

    key: str
    question_code: str
    answered: int
    count: int
    rate: Decimal | None
    moe: Decimal | None
    small_sample: bool


def choice_share(
    question_code: str,
    choice_codes: Iterable[str],
    *,
    key: str = "",
    version: TemplateVersion | None = None,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    kinds: Iterable[str] | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> Share:
    """Respondents who chose one of ``choice_codes`` at ``question_code`` ÷
    respondents who answered it (distinct responses, so a multiple choice
    counts a person once). One query."""
    scope = _scope(
        version=version,
        template=template,
        campaign=campaign,
        units=units,
        start=start,
        end=end,
        kinds=kinds,
    )
    row = (
        scope.answers()
        .filter(question__code=question_code, choice__isnull=False)
        .aggregate(
            answered=Count("response_id", distinct=True),
            count=Count(
                "response_id", distinct=True, filter=Q(choice__code__in=list(choice_codes))
            ),
        )
    )
    answered, count = row["answered"] or 0, row["count"] or 0
    moe = margin_of_error(count, answered)
    return Share(
        key=key,
        question_code=question_code,
        answered=answered,
        count=count,
        rate=percent(count, answered),
        moe=moe,
        small_sample=is_small_sample(answered, moe),
    )


def awareness_shares(
    *,
    template: SurveyTemplate | None = None,
    campaign: Campaign | None = None,
    units: Any = None,
    start: date,
    end: date,
) -> list[Share]:
    """The awareness figures of an awareness or staff awareness template
    (codes of ``surveys.standard``): "reached" (target ≥ 90 %) and
    "understands and uses" (30–40 %) for the public; the three staff items.
    Empty for another kind of template."""
    from motcua.surveys import standard

    ref = reference_version(template=template, campaign=campaign)
    kind = ref.template.kind if ref is not None else None
    if kind == TemplateKind.AWARENESS:
        items = [
            ("reached", standard.AWARENESS_REACHED),
            ("understands_and_uses", standard.AWARENESS_UNDERSTANDS_AND_USES),
        ]
    elif kind == TemplateKind.STAFF_AWARENESS:
        items = [
            ("plan", standard.STAFF_AWARENESS_PLAN),
            ("one_stop", standard.STAFF_AWARENESS_ONE_STOP),
            ("online", standard.STAFF_AWARENESS_ONLINE),
        ]
    else:
        return []
    return [
        choice_share(
            code,
            choices,
            key=key,
            template=template,
            campaign=campaign,
            units=units,
            start=start,
            end=end,
        )
        for key, (code, choices) in items
    ]


# ------------------------------------------------ ratings after a result
# QĐ 766/QĐ-TTg chỉ số 5c counts dossiers rated "không hài lòng". The rating
# form's first criterion, "Đánh giá tổng thể" (R1, required), decides: 1 or
# 2 ("rất không hài lòng", "không hài lòng") is a dossier rated unsatisfied;
# 4 or 5 satisfied; 3 neither.
OVERALL_RATING_CODE = "R1"
UNSATISFIED_LEVELS = (1, 2)


@dataclass(frozen=True)
class RatingFigures:
    rated: int  # dossiers whose overall criterion was answered 1–5
    satisfied: int
    unsatisfied: int

    @property
    def satisfied_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.rated)

    @property
    def unsatisfied_rate(self) -> Decimal | None:
        return percent(self.unsatisfied, self.rated)


def dossier_ratings(*, units: Any = None, start: date, end: date) -> RatingFigures:
    """Ratings after a result (templates of kind ``dossier_rating``, answers
    linked to a dossier) by their overall criterion, one query."""
    scope = _scope(
        version=None,
        template=None,
        campaign=None,
        units=units,
        start=start,
        end=end,
        kinds=[TemplateKind.DOSSIER_RATING],
    )
    row = (
        scope.answers()
        .filter(question__code=OVERALL_RATING_CODE, response__dossier__isnull=False)
        .filter(ANSWERED)
        .aggregate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=SATISFIED),
            unsatisfied=Count("pk", filter=Q(value__in=UNSATISFIED_LEVELS)),
        )
    )
    return RatingFigures(row["rated"] or 0, row["satisfied"] or 0, row["unsatisfied"] or 0)
