"""Every formula of ``surveys.selectors`` on a tiny, hand-computed fixture.

The form: section A (weight 1) with A1, A2; section B (weight 3) with B1;
section G (not in the index) with G1 (number) and G2 (Likert); T1 text.

Responses of the hospital in Q1 2026 (— = not answered):

        A1  A2  B1  G2
  R1     5   4   4   1    every answered index item 4/5 → comprehensive
  R2     3   0   5   —    one 3 → not comprehensive
  R3     0   0   0   —    only "no opinion" → not a respondent at all
  R4     4   2   —   —    a 2 → not comprehensive
  R5     5   5   1   —    a 1 → not comprehensive

A1: 5 3 4 5 → answered 4, Σ 17, mean 4.25, satisfied 3, rate 75.00
A2: 4 2 5   → answered 3, Σ 11, mean 3.67, satisfied 2, rate 66.67
B1: 4 5 1   → answered 3, Σ 10, mean 3.33, satisfied 2, rate 66.67
Section A: answered 7, Σ 28, mean 4.00, satisfied 5, rate 71.43 (5/7)
Section B: answered 3, Σ 10, mean 3.33, satisfied 2, rate 66.67
pooled (MoH): answered 10, Σ 38 → mean 3.80; 7/10 → rate 70.00
section_mean: rate (71.428571 + 66.666667)/2 = 69.05; mean (4 + 3.3333)/2 = 3.67
section_weighted (1, 3): rate (71.428571 + 3 × 66.666667)/4 = 67.86;
                         mean (4 + 3 × 3.3333)/4 = 3.50
respondents R1 R2 R4 R5 = 4; comprehensive R1 → 25.00 %; responses 5
margin of the pooled rate over 4 respondents: 1.96·√(0.7·0.3/4) = 44.91 → small sample
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.surveys import selectors
from motcua.surveys.constants import (
    Aggregation,
    CampaignStatus,
    Channel,
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
    Section,
    SurveyTemplate,
    TemplateVersion,
)
from motcua.testing.factories import UnitFactory

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
_seq = itertools.count()


def make_form(kind: str = TemplateKind.OTHER, aggregation: str = Aggregation.POOLED):
    template = SurveyTemplate.objects.create(
        code=f"mau-{next(_seq)}", name="Phiếu thử nghiệm", kind=kind
    )
    version = TemplateVersion.objects.create(
        template=template,
        number=1,
        status=VersionStatus.PUBLISHED,
        title="Phiếu thử nghiệm",
        aggregation=aggregation,
    )
    a = Section.objects.create(version=version, code="A", title="Tiếp cận", position=1, weight=1)
    b = Section.objects.create(version=version, code="B", title="Minh bạch", position=2, weight=3)
    g = Section.objects.create(
        version=version, code="G", title="Thông tin bổ sung", position=3, in_index=False
    )
    questions = {}
    for pos, (section, code, kind_) in enumerate(
        [
            (a, "A1", QuestionKind.LIKERT),
            (a, "A2", QuestionKind.LIKERT),
            (b, "B1", QuestionKind.LIKERT),
            (g, "G1", QuestionKind.NUMBER),
            (g, "G2", QuestionKind.LIKERT),
            (g, "T1", QuestionKind.TEXT),
        ]
    ):
        questions[code] = Question.objects.create(
            version=version,
            section=section,
            code=code,
            text=f"Câu {code}",
            kind=kind_,
            position=pos,
        )
    return SimpleNamespace(template=template, version=version, q=questions)


def make_campaign(form, unit, start=date(2025, 10, 1), end=date(2026, 12, 31)):
    return Campaign.objects.create(
        slug=f"khao-sat-{next(_seq)}",
        title="Khảo sát",
        version=form.version,
        unit=unit,
        starts_on=start,
        ends_on=end,
        status=CampaignStatus.OPEN,
    )


def respond(campaign, day: date, channel=Channel.LINK, sex="", **answers):
    """One response with its answers (None = not answered; str = text)."""
    response = Response.objects.create(
        campaign=campaign,
        version=campaign.version,
        unit=campaign.unit,
        channel=channel,
        submitted_at=timezone.make_aware(datetime.combine(day, time(9))),
        answered_on=day,
        sex=sex,
    )
    questions = {q.code: q for q in campaign.version.questions.all()}
    rows = []
    for code, value in answers.items():
        if value is None:
            continue
        rows.append(
            Answer(
                response=response,
                question=questions[code],
                value=value if isinstance(value, int) else None,
                text=value if isinstance(value, str) else "",
                unit_id=campaign.unit_id,
                campaign=campaign,
                answered_on=day,
            )
        )
    Answer.objects.bulk_create(rows)
    return response


@pytest.fixture
def fx(org):
    form = make_form()
    campaign = make_campaign(form, org.hospital)
    day = date(2026, 2, 10)
    respond(campaign, day, A1=5, A2=4, B1=4, G2=1, G1=90, T1="Nhân viên rất tận tình")
    respond(campaign, day, A1=3, A2=0, B1=5)
    respond(campaign, date(2026, 1, 1), A1=0, A2=0, B1=0)
    respond(campaign, date(2026, 3, 31), A1=4, A2=2)
    respond(campaign, day, channel=Channel.KIOSK, A1=5, A2=5, B1=1)
    # Outside the period, both sides.
    respond(campaign, date(2025, 12, 31), A1=1, A2=1, B1=1)
    respond(campaign, date(2026, 4, 1), A1=1, A2=1, B1=1)
    # Another unit, same template.
    other = make_campaign(form, org.pharmacy)
    respond(other, day, A1=1, A2=1, B1=1)
    return SimpleNamespace(form=form, campaign=campaign, other=other, org=org)


def by_code(figures):
    return {f.question_code: f for f in figures}


def test_item_figures_leave_out_no_opinion(fx):
    items = by_code(
        selectors.question_figures(
            template=fx.form.template, units=[fx.org.hospital], start=Q1[0], end=Q1[1]
        )
    )
    assert [*items] == ["A1", "A2", "B1", "G2"]  # Likert items only, in the form's order
    a1 = items["A1"]
    assert (a1.answered, a1.mean, a1.satisfied, a1.rate) == (
        4,
        Decimal("4.25"),
        3,
        Decimal("75.00"),
    )
    assert (a1.no_opinion, a1.low, a1.section_code) == (1, 1, "A")
    a2 = items["A2"]
    assert (a2.answered, a2.mean, a2.rate) == (3, Decimal("3.67"), Decimal("66.67"))
    b1 = items["B1"]
    assert (b1.answered, b1.mean, b1.rate) == (3, Decimal("3.33"), Decimal("66.67"))
    assert items["G2"].in_index is False
    assert a1.small_sample  # 4 answers


def test_pooled_summary_is_the_moh_rule(fx):
    s = selectors.summary(
        template=fx.form.template, units=[fx.org.hospital], start=Q1[0], end=Q1[1]
    )
    assert s.aggregation == Aggregation.POOLED
    assert (s.responses, s.answered, s.mean, s.rate) == (5, 10, Decimal("3.80"), Decimal("70.00"))
    assert (s.respondents, s.comprehensive, s.comprehensive_rate) == (4, 1, Decimal("25.00"))
    assert s.moe == Decimal("44.91")
    assert s.small_sample is True
    sections = {sec.code: sec for sec in s.sections}
    assert (sections["A"].answered, sections["A"].mean, sections["A"].rate) == (
        7,
        Decimal("4.00"),
        Decimal("71.43"),
    )
    assert (sections["B"].answered, sections["B"].mean, sections["B"].rate) == (
        3,
        Decimal("3.33"),
        Decimal("66.67"),
    )
    assert sections["G"].in_index is False  # shown, not counted
    assert sections["A"].title == "Tiếp cận"


@pytest.mark.parametrize(
    ("aggregation", "mean", "rate"),
    [
        (Aggregation.POOLED, "3.80", "70.00"),
        (Aggregation.SECTION_MEAN, "3.67", "69.05"),
        (Aggregation.SECTION_WEIGHTED, "3.50", "67.86"),
    ],
)
def test_the_aggregation_rule_of_the_version_applies(fx, aggregation, mean, rate):
    TemplateVersion.objects.filter(pk=fx.form.version.pk).update(aggregation=aggregation)
    s = selectors.summary(
        template=fx.form.template, units=[fx.org.hospital], start=Q1[0], end=Q1[1]
    )
    assert (s.mean, s.rate) == (Decimal(mean), Decimal(rate))
    # Comprehensive satisfaction does not depend on the rule.
    assert s.comprehensive_rate == Decimal("25.00")


def test_period_bounds_are_inclusive_and_units_scope(fx):
    both = selectors.summary(
        template=fx.form.template,
        units=[fx.org.hospital, fx.org.pharmacy],
        start=Q1[0],
        end=Q1[1],
    )
    # + the pharmacy's 1 1 1: answered 13, satisfied 7 → 53.85 %.
    assert (both.responses, both.answered, both.rate) == (6, 13, Decimal("53.85"))
    january_1 = selectors.summary(
        template=fx.form.template, units=[fx.org.hospital], start=Q1[0], end=Q1[0]
    )
    assert (january_1.responses, january_1.answered, january_1.respondents) == (1, 0, 0)
    assert january_1.rate is None and january_1.mean is None
    assert january_1.comprehensive_rate is None
    # A campaign scope is that campaign only.
    campaign = selectors.summary(campaign=fx.other, start=Q1[0], end=Q1[1])
    assert (campaign.responses, campaign.rate) == (1, Decimal("0.00"))


def test_margin_of_error_and_small_sample(settings):
    assert selectors.margin_of_error(80, 100) == Decimal("7.84")
    assert selectors.margin_of_error(0, 0) is None
    assert selectors.margin_of_error(200, 400) == Decimal("4.90")
    assert selectors.is_small_sample(100, Decimal("7.84")) is False
    assert selectors.is_small_sample(29, Decimal("0.00")) is True  # n < 30
    # n = 30, p = 0.5: 1.96·√(0.25/30) = 17.89 points > 10
    moe = selectors.margin_of_error(15, 30)
    assert moe == Decimal("17.89")
    assert selectors.is_small_sample(30, moe) is True
    settings.SURVEYS_MAX_MOE = 20
    assert selectors.is_small_sample(30, moe) is False
    settings.SURVEYS_MIN_SAMPLE = 50
    assert selectors.is_small_sample(30, moe) is True


def test_unsatisfied_items_need_a_real_sample(org):
    form = make_form()
    campaign = make_campaign(form, org.hospital)
    day = date(2026, 2, 1)
    # 40 respondents: A1 always 3 (0 %), A2 always 5 (100 %), B1 4 for 31 of
    # them and 2 for 9 (77.5 %, margin 12.94 points → small sample).
    for i in range(40):
        respond(campaign, day, A1=3, A2=5, B1=4 if i < 31 else 2)
    # A few answers to G2 (not in the index): never an unsatisfied item.
    items = selectors.unsatisfied_items(
        template=form.template, unit=org.hospital, start=Q1[0], end=Q1[1]
    )
    assert [f.question_code for f in items] == ["A1"]
    assert items[0].rate == Decimal("0.00")
    b1 = by_code(
        selectors.question_figures(
            version=form.version, units=[org.hospital], start=Q1[0], end=Q1[1]
        )
    )["B1"]
    assert (b1.rate, b1.moe, b1.small_sample) == (Decimal("77.50"), Decimal("12.94"), True)
    # A threshold given explicitly.
    assert (
        selectors.unsatisfied_items(
            template=form.template, unit=org.hospital, start=Q1[0], end=Q1[1], threshold=0
        )
        == []
    )


def test_unit_table_ranks_only_real_samples(org):
    form = make_form()
    day = date(2026, 3, 1)
    big = make_campaign(form, org.hospital)
    for i in range(40):  # A1 5 or 3, every one answers A2 = 5 → 60/80 = 75 %
        respond(big, day, A1=5 if i < 20 else 3, A2=5)
    small = make_campaign(form, org.pharmacy)
    respond(small, day, A1=5, A2=5)  # 100 % but 1 respondent
    rows = selectors.unit_table(
        template=form.template,
        units=[org.hospital, org.pharmacy, org.office],
        start=Q1[0],
        end=Q1[1],
    )
    table = {r.unit_id: r for r in rows}
    hospital = table[org.hospital.pk]
    assert (hospital.responses, hospital.respondents, hospital.rate) == (40, 40, Decimal("75.00"))
    assert hospital.comprehensive_rate == Decimal("50.00")
    # 1.96·√(0.75·0.25/40) = 13.42 points over 40 respondents → flagged.
    assert (hospital.moe, hospital.small_sample, hospital.rank) == (Decimal("13.42"), True, None)
    assert table[org.pharmacy.pk].rate == Decimal("100.00")
    assert table[org.pharmacy.pk].rank is None
    office = table[org.office.pk]
    assert (office.responses, office.rate, office.rank) == (0, None, None)
    assert [r.unit_name for r in rows] == [
        "Văn phòng Sở",
        "Phòng Nghiệp vụ Dược",
        "Bệnh viện Đa khoa tỉnh",
    ]


def test_rank_ties_share_a_rank(settings):
    settings.SURVEYS_MAX_MOE = 100
    settings.SURVEYS_MIN_SAMPLE = 1

    def row(pk, rate, small=False):
        return selectors.UnitFigure(pk, str(pk), 10, None, rate, None, None, small, 10)

    ranked = selectors.rank_units(
        [
            row(1, Decimal("80")),
            row(2, Decimal("90")),
            row(3, Decimal("80")),
            row(4, Decimal("99"), small=True),
            row(5, None),
        ]
    )
    assert [r.rank for r in ranked] == [2, 1, 2, None, None]


def test_unit_table_query_count_does_not_grow_with_units(org):
    form = make_form()
    units = [org.hospital] + [UnitFactory(parent=org.dept) for _ in range(4)]
    for unit in units:
        campaign = make_campaign(form, unit)
        respond(campaign, date(2026, 2, 2), A1=4, A2=5, B1=3)

    def count(chosen):
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.unit_table(
                template=form.template, units=chosen, start=Q1[0], end=Q1[1]
            )
            selectors.question_figures(
                template=form.template, units=chosen, start=Q1[0], end=Q1[1], by_unit=True
            )
        return len(ctx.captured_queries), rows

    one, rows1 = count(units[:1])
    five, rows5 = count(units)
    assert one == five
    assert len(rows1) == 1 and len(rows5) == 5
    assert all(r.rate == Decimal("66.67") for r in rows5)


def test_previous_period():
    assert selectors.previous_period(date(2026, 4, 1), date(2026, 6, 30)) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )
    assert selectors.previous_period(date(2026, 1, 1), date(2026, 6, 30)) == (
        date(2025, 7, 1),
        date(2025, 12, 31),
    )
    assert selectors.previous_period(date(2026, 1, 1), date(2026, 12, 31)) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert selectors.previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (
        date(2026, 2, 1),
        date(2026, 2, 28),
    )
    # Any other window: the same number of days just before.
    assert selectors.previous_period(date(2026, 3, 11), date(2026, 3, 20)) == (
        date(2026, 3, 1),
        date(2026, 3, 10),
    )


def test_compare_periods_gives_deltas_in_points(fx):
    q2 = (date(2026, 4, 1), date(2026, 6, 30))
    # Q2 so far: the 1 1 1 of 01/04 plus one response 5 5 5.
    respond(fx.campaign, date(2026, 5, 5), A1=5, A2=5, B1=5)
    cmp = selectors.compare_periods(
        template=fx.form.template, units=[fx.org.hospital], start=q2[0], end=q2[1]
    )
    assert (cmp.previous_start, cmp.previous_end) == Q1
    assert cmp.current.rate == Decimal("50.00")  # 3 of 6
    assert cmp.previous.rate == Decimal("70.00")
    assert cmp.delta_rate == Decimal("-20.00")
    items = {i.question_code: i for i in cmp.items}
    assert items["A1"].delta == Decimal("50.00") - Decimal("75.00")
    # A campaign scope compares the campaign's template for the same unit.
    by_campaign = selectors.compare_periods(campaign=fx.campaign, start=q2[0], end=q2[1])
    assert by_campaign.previous.rate == Decimal("70.00")


def test_counts_by_channel_and_demographics(fx):
    Response.objects.filter(campaign=fx.campaign, answered_on=date(2026, 2, 10)).update(
        sex=Sex.FEMALE
    )
    kwargs = {
        "template": fx.form.template,
        "units": [fx.org.hospital],
        "start": Q1[0],
        "end": Q1[1],
    }
    channels = {c.value: c.count for c in selectors.channel_counts(**kwargs)}
    assert channels[Channel.LINK] == 4 and channels[Channel.KIOSK] == 1
    assert channels[Channel.QR] == 0
    sexes = {c.value: c.count for c in selectors.demographics(**kwargs)["sex"]}
    assert sexes[Sex.FEMALE] == 3 and sexes[""] == 2 and sexes[Sex.MALE] == 0
    # Cells under 5 suppressed for publication.
    suppressed = {c.value: c.count for c in selectors.demographics(**kwargs, min_cell=5)["sex"]}
    assert suppressed[Sex.FEMALE] is None and suppressed[Sex.MALE] == 0
    texts = list(selectors.free_text_answers(**kwargs))
    assert [a.text for a in texts] == ["Nhân viên rất tận tình"]


@pytest.mark.parametrize(
    ("kind", "return_rate"),
    [(TemplateKind.MOH_INPATIENT, "66.67"), (TemplateKind.MOH_OUTPATIENT, "33.33")],
)
def test_moh_expectation_and_return_rate(org, kind, return_rate):
    form = make_form(kind=kind)
    campaign = make_campaign(form, org.hospital)
    day = date(2026, 2, 3)
    # G1: 80, 100, 110 → 290 / 3 = 96.67 (may exceed 100).
    # G2: 5, 4, 2 answered, one 0 (left out) → inpatient (4+5) 2/3; outpatient (3+4) 1/3.
    respond(campaign, day, A1=4, G1=80, G2=5)
    respond(campaign, day, A1=4, G1=100, G2=4)
    respond(campaign, day, A1=4, G1=110, G2=2)
    respond(campaign, day, A1=4, G2=0)
    figures = selectors.moh_figures(template=form.template, start=Q1[0], end=Q1[1])
    assert figures is not None
    assert (figures.expectation_mean, figures.expectation_answered) == (Decimal("96.67"), 3)
    # inpatient: 5 and 4 of 3 answers; outpatient: only the 4 (levels 3, 4).
    assert figures.return_answered == 3
    assert figures.return_rate == Decimal(return_rate)


def test_moh_figures_only_for_moh_forms(fx):
    assert selectors.moh_figures(template=fx.form.template, start=Q1[0], end=Q1[1]) is None


def test_a_scope_needs_a_template_version_or_campaign():
    with pytest.raises(TypeError):
        selectors.summary(start=Q1[0], end=Q1[1])
