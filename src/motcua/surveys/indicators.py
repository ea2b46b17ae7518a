"""Indicators the surveys app measures, for plans and dashboards (registered
on import; ``SurveysConfig.ready()`` and ``core`` import this module).

Rates follow ``surveys.selectors`` (0 = no opinion left out; satisfied = 4
and 5; several templates pooled by the Ministry of Health rule). A scope
covers the responses of its unit's subtree.

* ``surveys.satisfaction_rate`` (QĐ 766/QĐ-TTg nhóm 5, "mức độ hài lòng
  trong tiếp nhận, giải quyết TTHC" as surveys measure it): the one-stop
  questionnaires — SIPAS-style and the rating after a result — pooled.
* ``surveys.satisfaction_rate_<kind>``: per standard template kind.
* ``surveys.sipas_index``: the SIPAS-style questionnaire under its own
  version's aggregation rule (the official SIPAS formula is not published).
* ``surveys.dossiers_rated_unsatisfied``: the input of QĐ 766 chỉ số 5c —
  dossiers whose rating after the result gave the overall criterion
  ("Đánh giá tổng thể", R1) 1 or 2. 5c itself also subtracts late dossiers
  and dossiers with feedback about their handling, which the dossiers and
  feedback apps count.
* awareness: "reached" (target ≥ 90 %), "understands and uses" (30–40 %),
  and the three staff items (``surveys.standard`` names the codes).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from motcua.core.constants import IndicatorDirection, IndicatorUnit
from motcua.core.indicators import Scope, register_indicator
from motcua.org.models import Unit
from motcua.surveys import selectors
from motcua.surveys.constants import RemediationStatus, TemplateKind


def _units(scope: Scope) -> Any:
    """The scope's subtree as a QuerySet of units (``None``: everything)."""
    if scope.unit is None:
        return None
    return scope.filter(Unit.objects.all(), "")


ONE_STOP_KINDS = (TemplateKind.SIPAS, TemplateKind.DOSSIER_RATING)


@register_indicator("surveys.satisfaction_rate")
def satisfaction_rate(start: date, end: date, scope: Scope) -> Any:
    """One-stop questionnaires pooled: (4 + 5) ÷ answered items."""
    return selectors.summary(kinds=ONE_STOP_KINDS, units=_units(scope), start=start, end=end).rate


@register_indicator("surveys.sipas_index")
def sipas_index(start: date, end: date, scope: Scope) -> Any:
    from motcua.surveys.models import SurveyTemplate
    from motcua.surveys.standard import SIPAS_CODE

    template = SurveyTemplate.objects.filter(code=SIPAS_CODE).first()
    if template is None:
        return None
    return selectors.summary(template=template, units=_units(scope), start=start, end=end).rate


_KIND_NAMES = {
    TemplateKind.SIPAS: "Tỷ lệ hài lòng về phục vụ hành chính (phiếu khảo sát kiểu SIPAS)",
    TemplateKind.MOH_OUTPATIENT: "Tỷ lệ hài lòng của người bệnh ngoại trú",
    TemplateKind.MOH_INPATIENT: "Tỷ lệ hài lòng của người bệnh nội trú",
    TemplateKind.DOSSIER_RATING: "Tỷ lệ hài lòng khi đánh giá sau nhận kết quả hồ sơ",
}


def _kind_rate(kind: str) -> Any:
    def compute(start: date, end: date, scope: Scope) -> Any:
        return selectors.summary(kinds=[kind], units=_units(scope), start=start, end=end).rate

    compute.__qualname__ = f"satisfaction_rate_{kind}"
    return compute


def _kind_comprehensive(kind: str) -> Any:
    def compute(start: date, end: date, scope: Scope) -> Any:
        return selectors.summary(
            kinds=[kind], units=_units(scope), start=start, end=end
        ).comprehensive_rate

    compute.__qualname__ = f"comprehensive_rate_{kind}"
    return compute


for _kind, _name in _KIND_NAMES.items():
    register_indicator(
        f"surveys.satisfaction_rate_{_kind}",
        _kind_rate(_kind),
        name=_name,
        unit=IndicatorUnit.PERCENT,
        source="Khảo sát sự hài lòng",
    )
for _kind in (TemplateKind.MOH_OUTPATIENT, TemplateKind.MOH_INPATIENT):
    register_indicator(
        f"surveys.comprehensive_rate_{_kind}",
        _kind_comprehensive(_kind),
        name=_KIND_NAMES[_kind].replace("Tỷ lệ hài lòng", "Chỉ số hài lòng toàn diện"),
        unit=IndicatorUnit.PERCENT,
        source="QĐ 3869/QĐ-BYT",
    )


@register_indicator(
    "surveys.dossiers_rated_unsatisfied",
    name="Số hồ sơ bị đánh giá “không hài lòng” sau khi nhận kết quả",
    direction=IndicatorDirection.LOWER,
    source="QĐ 766/QĐ-TTg, chỉ số 5c",
)
def dossiers_rated_unsatisfied(start: date, end: date, scope: Scope) -> int:
    """Overall criterion (R1) rated 1 or 2."""
    return selectors.dossier_ratings(units=_units(scope), start=start, end=end).unsatisfied


@register_indicator(
    "surveys.dossier_rating_satisfied_rate",
    name="Tỷ lệ hồ sơ được đánh giá hài lòng sau khi nhận kết quả",
    unit=IndicatorUnit.PERCENT,
    source="QĐ 766/QĐ-TTg, chỉ số 5c",
)
def dossier_rating_satisfied_rate(start: date, end: date, scope: Scope) -> Any:
    """Overall criterion (R1) 4 or 5 ÷ dossiers rated."""
    return selectors.dossier_ratings(units=_units(scope), start=start, end=end).satisfied_rate


def _share(code_and_choices: tuple[str, frozenset[str]], kind: str) -> Any:
    code, choices = code_and_choices

    def compute(start: date, end: date, scope: Scope) -> Any:
        return selectors.choice_share(
            code, choices, kinds=[kind], units=_units(scope), start=start, end=end
        ).rate

    compute.__qualname__ = f"share_{kind}_{code}"
    return compute


def _register_awareness() -> None:
    from motcua.surveys import standard

    register_indicator(
        "surveys.awareness_reached_rate",
        _share(standard.AWARENESS_REACHED, TemplateKind.AWARENESS),
        description="Mục tiêu: tối thiểu 90%.",
    )
    register_indicator(
        "surveys.online_services_use_rate",
        _share(standard.AWARENESS_UNDERSTANDS_AND_USES, TemplateKind.AWARENESS),
        description="Mục tiêu: 30–40%.",
    )
    register_indicator(
        "surveys.staff_reform_knowledge_rate",
        _share(standard.STAFF_AWARENESS_PLAN, TemplateKind.STAFF_AWARENESS),
    )
    register_indicator(
        "surveys.staff_one_stop_knowledge_rate",
        _share(standard.STAFF_AWARENESS_ONE_STOP, TemplateKind.STAFF_AWARENESS),
        name="Tỷ lệ công chức, viên chức nắm được quy định về cơ chế một cửa, một cửa liên thông",
        unit=IndicatorUnit.PERCENT,
        source="Khảo sát nội bộ",
    )
    register_indicator(
        "surveys.staff_online_guidance_rate",
        _share(standard.STAFF_AWARENESS_ONLINE, TemplateKind.STAFF_AWARENESS),
        name="Tỷ lệ công chức, viên chức hướng dẫn được người dân nộp hồ sơ trực tuyến",
        unit=IndicatorUnit.PERCENT,
        source="Khảo sát nội bộ",
    )


_register_awareness()


def _remediations(start: date, end: date, scope: Scope) -> Any:
    from motcua.surveys.models import RemediationAction

    return scope.filter(RemediationAction.objects.filter(created_at__date__lte=end), "unit")


@register_indicator("surveys.remediation_open")
def remediation_open(start: date, end: date, scope: Scope) -> int:
    """Actions created by the end of the period and not finished (today's
    status: the history of statuses is in the audit log, not here)."""
    return (
        _remediations(start, end, scope)
        .filter(status__in=[RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS])
        .count()
    )


@register_indicator("surveys.remediation_done")
def remediation_done(start: date, end: date, scope: Scope) -> int:
    """Actions done (awaiting the next figure) or closed, created by the end
    of the period."""
    return (
        _remediations(start, end, scope)
        .filter(Q(status=RemediationStatus.DONE) | Q(status=RemediationStatus.CLOSED))
        .count()
    )
