"""The bulk generator: deterministic, realistic, and the figures read it."""

from __future__ import annotations

from datetime import date

from motcua.surveys import selectors
from motcua.surveys.generate import generate_responses
from motcua.surveys.models import Answer, Response
from motcua.testing.survey_factories import make_campaign, make_template

START, END = date(2026, 1, 1), date(2026, 3, 31)


def _snapshot(campaign):
    return list(
        Answer.objects.filter(campaign=campaign)
        .order_by("response__answered_on", "response__submitted_at", "question__code", "value")
        .values_list("question__code", "value", "answered_on")
    )


def test_it_is_deterministic_and_inside_the_period(org):
    version = make_template(
        questions=[
            "A1",
            "A2",
            "B1",
            {"code": "G1", "kind": "number", "min": 0, "max": 200},
            {"code": "G2", "kind": "single", "choices": [("yes", "Có"), ("no", "Không")]},
            {"code": "G3", "kind": "text"},
        ],
        sections={"G": {"in_index": False}},
    )
    first = make_campaign(org.hospital, version, starts_on=START, ends_on=END)
    second = make_campaign(org.pharmacy, version, starts_on=START, ends_on=END)
    written = generate_responses(first, 300, seed=3, batch=120)
    assert Response.objects.filter(campaign=first).count() == 300
    assert Answer.objects.filter(campaign=first).count() == written
    assert not Response.objects.filter(campaign=first).exclude(answered_on__range=(START, END))
    assert not Answer.objects.filter(campaign=first, value__gt=200).exists()
    # Answers carry the response's unit.
    assert Answer.objects.filter(campaign=first).exclude(unit=org.hospital).count() == 0
    generate_responses(second, 50, seed=3)
    assert Answer.objects.filter(campaign=second).exclude(unit=org.pharmacy).count() == 0


def test_same_seed_same_data(org):
    version = make_template()
    a = make_campaign(org.hospital, version, starts_on=START, ends_on=END)
    generate_responses(a, 80, seed=7)
    before = _snapshot(a)
    Answer.objects.filter(campaign=a).delete()
    Response.objects.filter(campaign=a).delete()
    generate_responses(a, 80, seed=7)
    assert _snapshot(a) == before


def test_weak_items_fall_below_the_threshold(org):
    version = make_template()
    campaign = make_campaign(org.hospital, version, starts_on=START, ends_on=END)
    generate_responses(campaign, 400, seed=1, weak_items=["A2"])
    items = {
        f.question_code: f
        for f in selectors.question_figures(campaign=campaign, start=START, end=END)
    }
    assert items["A1"].rate > 60 and items["A2"].rate < 60
    assert items["A1"].no_opinion > 0
    unsatisfied = selectors.unsatisfied_items(
        template=version.template, unit=org.hospital, start=START, end=END
    )
    assert "A2" in [f.question_code for f in unsatisfied]
