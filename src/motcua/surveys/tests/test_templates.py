"""The standard questionnaires (domain-vn.md §1.3, §2.2, §4.7) and the
template factories."""

from __future__ import annotations

from collections import Counter

import pytest

from motcua.surveys import standard
from motcua.surveys.constants import (
    Aggregation,
    ItemSource,
    QuestionKind,
    TemplateKind,
    VersionStatus,
)
from motcua.surveys.models import Choice, Question, Section, SurveyTemplate
from motcua.testing.survey_factories import make_template

pytestmark = pytest.mark.django_db


def _counts(code: str) -> dict[str, int]:
    version = standard.standard_version(code)
    rows = Question.objects.filter(version=version).values_list("section__code", flat=True)
    return dict(Counter(rows))


def test_the_data_migration_installed_every_standard_template() -> None:
    templates = SurveyTemplate.objects.filter(is_standard=True)
    assert {t.code for t in templates} == {
        standard.SIPAS_CODE,
        standard.MOH_OUTPATIENT_CODE,
        standard.MOH_INPATIENT_CODE,
        standard.DOSSIER_RATING_CODE,
        standard.AWARENESS_CODE,
        standard.STAFF_AWARENESS_CODE,
    }
    for template in templates:
        version = template.versions.get()
        assert version.number == 1
        assert version.status == VersionStatus.PUBLISHED
        assert version.published_at is not None
        assert template.source_note


def test_installing_again_changes_nothing() -> None:
    before = (Question.objects.count(), Choice.objects.count(), Section.objects.count())
    assert standard.install_standard_templates() == 0
    assert (Question.objects.count(), Choice.objects.count(), Section.objects.count()) == before


def test_installing_restores_a_deleted_template_only() -> None:
    template = SurveyTemplate.objects.get(code=standard.AWARENESS_CODE)
    template.versions.all().delete()
    template.delete()
    assert standard.install_standard_templates() == 1
    version = standard.standard_version(standard.AWARENESS_CODE)
    assert version.questions.count() == 7


def test_moh_outpatient_form_has_the_item_counts_of_form_2() -> None:
    assert _counts(standard.MOH_OUTPATIENT_CODE) == {
        "A": 5,
        "B": 10,
        "C": 8,
        "D": 4,
        "E": 4,
        "G": 2,
    }


def test_moh_inpatient_form_has_the_item_counts_of_form_1() -> None:
    assert _counts(standard.MOH_INPATIENT_CODE) == {
        "A": 5,
        "B": 7,
        "C": 11,
        "D": 7,
        "E": 7,
        "G": 4,
    }


def test_moh_forms_allow_no_opinion_and_keep_g_out_of_the_index() -> None:
    version = standard.standard_version(standard.MOH_INPATIENT_CODE)
    likert = Question.objects.filter(version=version, kind=QuestionKind.LIKERT)
    assert likert.count() == 5 + 7 + 11 + 7 + 6  # A–E; E7 is a single choice
    assert all(q.min_value is None for q in likert)  # 0 = không có ý kiến allowed
    sections = {s.code: s.in_index for s in version.sections.all()}
    assert sections == {"A": True, "B": True, "C": True, "D": True, "E": True, "G": False}
    g1 = version.questions.get(code="G1")
    assert (g1.kind, g1.min_value, g1.max_value) == (QuestionKind.NUMBER, 0, 200)
    g2 = version.questions.get(code="G2")
    assert g2.kind == QuestionKind.SINGLE
    assert [c.score for c in g2.choices.all()] == [1, 2, 3, 4, 5, None]
    assert g2.choices.get(code="other").is_other
    e7 = version.questions.get(code="E7")
    assert e7.choices.count() == 6
    d7 = version.questions.get(code="D7")
    assert "bồi dưỡng" in d7.text


def test_every_item_says_where_it_comes_from() -> None:
    for question in Question.objects.filter(version__template__is_standard=True):
        assert question.source in ItemSource.values
        if question.source == ItemSource.ADAPTED:
            assert question.source_ref, question.code
    moh = Question.objects.filter(
        version__template__code=standard.MOH_OUTPATIENT_CODE, code="B6"
    ).get()
    assert moh.source == ItemSource.ADAPTED
    assert moh.source_ref.startswith("QĐ 3869/QĐ-BYT Mẫu 2, câu B6")
    assert "đối chiếu nguyên văn" in moh.source_ref


def test_sipas_template_has_blocks_a_to_e_and_documents_its_rule() -> None:
    version = standard.standard_version(standard.SIPAS_CODE)
    assert version.aggregation == Aggregation.POOLED
    assert "chưa được công bố" in version.template.description
    counts = _counts(standard.SIPAS_CODE)
    assert counts == {"II.A": 3, "II.B": 4, "II.C": 3, "II.D": 3, "II.E": 3, "III": 1}
    assert version.asks_demographics
    free = version.questions.get(code="Y1")
    assert (free.kind, free.source) == (QuestionKind.TEXT, ItemSource.OURS)
    assert "QĐ 1001/QĐ-BNV" in version.questions.get(code="A1").source_ref


def test_dossier_rating_has_the_twelve_criteria_with_overall_required() -> None:
    version = standard.standard_version(standard.DOSSIER_RATING_CODE)
    assert version.template.kind == TemplateKind.DOSSIER_RATING
    likert = list(version.questions.filter(kind=QuestionKind.LIKERT))
    assert [q.code for q in likert] == [f"R{n}" for n in range(1, 13)]
    assert likert[0].text == "Đánh giá tổng thể"
    assert [q.required for q in likert] == [True] + [False] * 11
    assert version.questions.filter(kind=QuestionKind.TEXT).count() == 1


def test_awareness_indicator_codes_exist_in_the_templates() -> None:
    pairs = [
        (standard.AWARENESS_CODE, standard.AWARENESS_REACHED),
        (standard.AWARENESS_CODE, standard.AWARENESS_UNDERSTANDS_AND_USES),
        *[(standard.STAFF_AWARENESS_CODE, item) for item in standard.STAFF_AWARENESS_ITEMS],
    ]
    for template_code, (question_code, choice_codes) in pairs:
        question = Question.objects.get(version__template__code=template_code, code=question_code)
        # Required, so every response answers it: the denominator is the responses.
        assert question.required
        assert question.kind == QuestionKind.SINGLE
        assert choice_codes <= set(question.choices.values_list("code", flat=True))
    channels = Question.objects.get(version__template__code=standard.AWARENESS_CODE, code="AW2")
    assert channels.kind == QuestionKind.MULTIPLE
    assert {"dvcqg", "mxh", "can_bo", "website_so"} <= set(
        channels.choices.values_list("code", flat=True)
    )


def test_make_template_builds_sections_from_codes() -> None:
    version = make_template(
        questions=[
            "A1",
            {"code": "G1", "kind": "number", "min": 0, "max": 200},
            {"code": "G2", "kind": "single", "choices": [("yes", "Có"), ("no", "Không")]},
        ],
        sections={"G": {"in_index": False, "title": "Thông tin thêm"}},
    )
    assert [(s.code, s.in_index) for s in version.sections.all()] == [("A", True), ("G", False)]
    assert version.questions.get(code="G2").choices.count() == 2
    assert version.template.versions.count() == 1
