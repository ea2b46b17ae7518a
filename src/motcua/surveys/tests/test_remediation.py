"""Remediation lifecycle: creation (by hand and from the figures), closing
needs evidence, items already open are skipped, the next period's figure."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.surveys import actions
from motcua.surveys.constants import AuditEvent, RemediationStatus
from motcua.surveys.models import RemediationAction
from motcua.surveys.staff_views import follow_up, next_period
from motcua.testing.survey_factories import make_campaign, make_response

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _action(org, user, **kw):
    campaign = kw.pop("campaign", None) or make_campaign(unit=org.hospital)
    values = {
        "unit": org.hospital,
        "template": campaign.version.template,
        "question_code": "A1",
        "period_start": Q1[0],
        "period_end": Q1[1],
        "observed_rate": Decimal("62.5"),
        "threshold": 80,
        "responses": 40,
        "description": "Bổ sung biển chỉ dẫn tới khoa Khám bệnh.",
        "due_date": date(2026, 5, 31),
        "campaign": campaign,
    }
    values.update(kw)
    return actions.create_remediation(acting_user=user, **values)


def test_create_copies_the_item_wording_and_audits(org, personas):
    action = _action(org, personas.focal_point)
    assert action.item_text == "Câu hỏi A1"
    assert action.status == RemediationStatus.OPEN
    assert action.observed_rate == Decimal("62.50")
    assert AuditEntry.objects.filter(
        event=AuditEvent.REMEDIATION_CREATED, target_id=str(action.pk)
    ).exists()


def test_unknown_item_and_other_units_are_refused(org, personas):
    with pytest.raises(ValidationError):
        _action(org, personas.focal_point, question_code="Z9")
    with pytest.raises(PermissionDenied):
        _action(org, personas.focal_point, unit=org.pharmacy)
    action = _action(org, personas.coordinator)
    with pytest.raises(PermissionDenied):
        actions.update_remediation(action, acting_user=personas.outsider, status="in_progress")


def test_closing_needs_evidence(org, personas):
    action = _action(org, personas.focal_point)
    actions.update_remediation(action, acting_user=personas.focal_point, status="in_progress")
    with pytest.raises(ValidationError) as excinfo:
        actions.update_remediation(action, acting_user=personas.focal_point, status="closed")
    assert "evidence" in excinfo.value.message_dict
    action.refresh_from_db()
    assert action.status == RemediationStatus.IN_PROGRESS
    action = actions.update_remediation(
        action,
        acting_user=personas.focal_point,
        status="closed",
        evidence="Đã lắp 6 biển chỉ dẫn mới ngày 15/4/2026.",
    )
    assert action.status == RemediationStatus.CLOSED
    assert action.closed_at is not None
    # Reopened: no longer closed.
    action = actions.update_remediation(
        action, acting_user=personas.focal_point, status="in_progress"
    )
    assert action.closed_at is None


def test_an_evidence_file_is_enough_and_checked(org, personas):
    action = _action(org, personas.focal_point)
    with pytest.raises(ValidationError):
        actions.update_remediation(
            action,
            acting_user=personas.focal_point,
            status="done",
            evidence_file=SimpleUploadedFile("anh.jpg", b"not an image at all"),
        )
    action = actions.update_remediation(
        action,
        acting_user=personas.focal_point,
        status="done",
        evidence_file=SimpleUploadedFile("bien-ban.pdf", PDF),
    )
    assert action.evidence_file.name.endswith(".pdf")
    assert action.status == RemediationStatus.DONE


def _answers(campaign, code_rates: dict[str, tuple[int, int]], on: date) -> None:
    """``code_rates``: item → (satisfied answers, unsatisfied answers) of 40 respondents."""
    n = max(sum(v) for v in code_rates.values())
    for i in range(n):
        answers = {}
        for code, (good, _bad) in code_rates.items():
            answers[code] = 5 if i < good else 2
        make_response(campaign, answers, answered_on=on)


def test_from_figures_creates_one_action_per_weak_item_and_skips_open_ones(org, personas, settings):
    # 40 answers: widen the accepted margin so that the figures are not "small samples".
    settings.SURVEYS_MAX_MOE = 20
    campaign = make_campaign(unit=org.hospital)
    # A1: 20/40 satisfied (50 %); A2: 38/40 (95 %); B1: 24/40 (60 %).
    _answers(campaign, {"A1": (20, 20), "A2": (38, 2), "B1": (24, 16)}, date(2026, 2, 10))
    template = campaign.version.template
    created = actions.create_remediations_from_figures(
        acting_user=personas.focal_point,
        template=template,
        unit=org.hospital,
        start=Q1[0],
        end=Q1[1],
        due_date=date(2026, 6, 30),
        campaign=campaign,
    )
    assert sorted(a.question_code for a in created) == ["A1", "B1"]
    a1 = next(a for a in created if a.question_code == "A1")
    assert a1.observed_rate == Decimal("50.00")
    assert a1.responses == 40
    assert a1.threshold == 80
    # A second run skips items whose action is unfinished; a closed one does not block.
    actions.update_remediation(
        a1, acting_user=personas.focal_point, status="closed", evidence="Đã xử lý."
    )
    again = actions.create_remediations_from_figures(
        acting_user=personas.focal_point,
        template=template,
        unit=org.hospital,
        start=Q1[0],
        end=Q1[1],
        due_date=date(2026, 6, 30),
        campaign=campaign,
    )
    assert [a.question_code for a in again] == ["A1"]
    assert RemediationAction.objects.filter(unit=org.hospital, question_code="B1").count() == 1


def test_next_period_is_the_following_quarter_or_window():
    assert next_period(date(2026, 1, 1), date(2026, 3, 31)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert next_period(date(2027, 1, 1), date(2027, 1, 31)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert next_period(date(2026, 7, 1), date(2026, 12, 31)) == (
        date(2027, 1, 1),
        date(2027, 6, 30),
    )
    assert next_period(date(2026, 1, 5), date(2026, 1, 14)) == (
        date(2026, 1, 15),
        date(2026, 1, 24),
    )


def test_follow_up_shows_the_item_in_the_next_period(org, personas):
    campaign = make_campaign(unit=org.hospital, starts_on=date(2026, 1, 1))
    today = timezone.localdate()
    start = today - timedelta(days=59)
    end = today - timedelta(days=30)
    action = _action(
        org,
        personas.focal_point,
        campaign=campaign,
        period_start=start,
        period_end=end,
        observed_rate=Decimal("60"),
        due_date=today,
    )
    before = follow_up(action)
    assert before.started and before.rate is None
    # Next window: 36 of 40 satisfied with A1 = 90 %, up 30 points.
    _answers(campaign, {"A1": (36, 4)}, end + timedelta(days=2))
    after = follow_up(action)
    assert after.rate == Decimal("90.00")
    assert after.delta == Decimal("30.00")
    assert after.answered == 40
