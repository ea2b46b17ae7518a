"""Indicators registered by surveys, measured through the core registry on
the shipped templates (responses stored by ``submit_response``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core.indicators import measure, registered_indicators
from motcua.dossiers.constants import DossierStatus
from motcua.surveys import standard
from motcua.surveys.constants import RemediationStatus
from motcua.surveys.models import RemediationAction
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.survey_factories import make_campaign, make_response, make_template

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
DAY = date(2026, 2, 2)


def test_the_catalogue_keys_are_registered():
    keys = {i.key for i in registered_indicators()}
    assert {
        "surveys.satisfaction_rate",
        "surveys.sipas_index",
        "surveys.awareness_reached_rate",
        "surveys.online_services_use_rate",
        "surveys.staff_reform_knowledge_rate",
        "surveys.dossiers_rated_unsatisfied",
        "surveys.dossier_rating_satisfied_rate",
        "surveys.satisfaction_rate_moh_outpatient",
        "surveys.remediation_open",
        "surveys.remediation_done",
    } <= keys


def test_awareness_shares_by_unit_subtree(org):
    version = standard.standard_version(standard.AWARENESS_CODE)
    campaign = make_campaign(org.hospital, version)
    # 4 respondents: AW1 yes, yes, yes, no → reached 75 %;
    # AW4 uses, understands, none, none → understands and uses 25 %.
    for aw1, aw4 in [("yes", "uses"), ("yes", "understands"), ("yes", "none"), ("no", "none")]:
        make_response(campaign, {"AW1": aw1, "AW4": aw4}, answered_on=DAY)
    elsewhere = make_campaign(org.other, version)
    make_response(elsewhere, {"AW1": "no", "AW4": "none"}, answered_on=DAY)

    reached = measure("surveys.awareness_reached_rate", *Q1, unit=org.dept)
    assert reached.value == Decimal(75)
    assert measure("surveys.online_services_use_rate", *Q1, unit=org.dept).value == Decimal(25)
    # The whole platform: 3 of 5.
    assert measure("surveys.awareness_reached_rate", *Q1).value == Decimal(60)
    # Outside the period: no data.
    assert (
        measure("surveys.awareness_reached_rate", date(2026, 4, 1), date(2026, 6, 30)).value is None
    )


def test_staff_awareness(org):
    version = standard.standard_version(standard.STAFF_AWARENESS_CODE)
    campaign = make_campaign(org.office, version)
    for st1 in ["clear", "partial", "heard", "none", "clear"]:
        make_response(campaign, {"ST1": st1, "ST2": "clear", "ST3": "no"}, answered_on=DAY)
    # ST1 in (clear, partial): 3 of 5.
    assert measure("surveys.staff_reform_knowledge_rate", *Q1, unit=org.dept).value == Decimal(60)
    assert measure("surveys.staff_one_stop_knowledge_rate", *Q1).value == Decimal(100)
    assert measure("surveys.staff_online_guidance_rate", *Q1).value == Decimal(0)


def test_ratings_after_a_result_feed_qd766_5c(org):
    version = standard.standard_version(standard.DOSSIER_RATING_CODE)
    campaign = make_campaign(org.office, version, for_dossier_ratings=True)
    # Overall criterion R1: 5, 4, 2, 1, 3 → satisfied 2 of 5 (40 %), "không hài lòng" 2.
    for value in (5, 4, 2, 1, 3):
        make_response(
            campaign,
            {"R1": value, "R2": 5},
            answered_on=DAY,
            dossier=make_dossier(status=DossierStatus.RETURNED),
            channel="dossier",
        )
    # A rating without a dossier (e.g. a test link) is not a dossier's rating.
    make_response(campaign, {"R1": 1}, answered_on=DAY)
    assert measure("surveys.dossiers_rated_unsatisfied", *Q1).value == 2
    assert measure("surveys.dossier_rating_satisfied_rate", *Q1).value == Decimal(40)
    # Pooled one-stop satisfaction: R1 and R2 of every response:
    # R1 5 4 2 1 3 1, R2 5×5 → 2 + 5 = 7 satisfied of 11 answers.
    assert measure("surveys.satisfaction_rate", *Q1).value == Decimal("63.64")
    assert measure("surveys.satisfaction_rate_dossier_rating", *Q1).value == Decimal("63.64")
    assert measure("surveys.satisfaction_rate", *Q1, unit=org.hospital).value is None


def test_satisfaction_rate_per_kind_and_comprehensive(org):
    version = standard.standard_version(standard.MOH_OUTPATIENT_CODE)
    campaign = make_campaign(org.hospital, version)
    make_response(campaign, {"A1": 5, "A2": 4, "B1": 0}, answered_on=DAY)
    make_response(campaign, {"A1": 3, "A2": 4}, answered_on=DAY)
    # 3 satisfied of 4 answered (the 0 left out); comprehensive 1 of 2.
    key = "surveys.satisfaction_rate_moh_outpatient"
    assert measure(key, *Q1, unit=org.hospital).value == Decimal(75)
    assert measure("surveys.comprehensive_rate_moh_outpatient", *Q1).value == Decimal(50)
    assert measure("surveys.satisfaction_rate_moh_inpatient", *Q1).value is None


def test_sipas_index_uses_the_shipped_template(org):
    version = standard.standard_version(standard.SIPAS_CODE)
    campaign = make_campaign(org.office, version)
    code = version.questions.filter(kind="likert").order_by("section__position", "position")[0].code
    make_response(campaign, {code: 4}, answered_on=DAY)
    make_response(campaign, {code: 2}, answered_on=DAY)
    assert measure("surveys.sipas_index", *Q1).value == Decimal(50)
    # Another template does not count in the SIPAS index.
    other = make_campaign(org.office, make_template())
    make_response(other, {"A1": 1}, answered_on=DAY)
    assert measure("surveys.sipas_index", *Q1).value == Decimal(50)


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (RemediationStatus.OPEN, "surveys.remediation_open"),
        (RemediationStatus.IN_PROGRESS, "surveys.remediation_open"),
        (RemediationStatus.DONE, "surveys.remediation_done"),
        (RemediationStatus.CLOSED, "surveys.remediation_done"),
    ],
)
def test_remediation_counts(org, status, key):
    version = make_template()
    today = timezone.localdate()
    RemediationAction.objects.create(
        unit=org.hospital,
        template=version.template,
        question_code="A1",
        item_text="Câu A1",
        period_start=today - timedelta(days=90),
        period_end=today,
        observed_rate=Decimal("60.00"),
        threshold=80,
        description="Bổ sung biển chỉ dẫn",
        due_date=today + timedelta(days=30),
        status=status,
    )
    start, end = today - timedelta(days=30), today + timedelta(days=1)
    other = (
        "surveys.remediation_done"
        if key == "surveys.remediation_open"
        else "surveys.remediation_open"
    )
    assert measure(key, start, end, unit=org.dept).value == 1
    assert measure(other, start, end, unit=org.dept).value == 0
    assert measure(key, start, end, unit=org.pharmacy).value == 0
