"""QĐ 766 group 5 (domain-vn.md §3.2) on a hand-computed fixture:

5a = PAKN handled on time ÷ PAKN within competence;
5b = (Σ PAKN − unsatisfied, reopened or overdue) ÷ Σ PAKN.

Eight items received in March 2026 in the pharmacy room, one outside
competence; judged on 31/03/2026:

| # | outcome                               | on time | counts against 5b |
|---|---------------------------------------|---------|-------------------|
| 1 | answered on time, rated satisfied     | yes     | no                |
| 2 | answered on time, not rated           | yes     | no                |
| 3 | answered on time, rated unsatisfied   | yes     | yes (unsatisfied) |
| 4 | answered late, rated satisfied        | no      | yes (overdue)     |
| 5 | open, not yet due                     | yes     | no                |
| 6 | open, past due                        | no      | yes (overdue)     |
| 7 | answered on time, reopened, re-answered on time | yes | yes (complaint about the result) |
| 8 | outside competence                    | —       | —                 |

Σ = 7; on time = 5 → 5a = 5/7 = 71.4286%; against 5b = 4 → 5b = 3/7 = 42.8571%.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.core.indicators import measure
from motcua.feedback import actions, selectors
from motcua.feedback.constants import Rating
from motcua.feedback.models import FeedbackItem

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=HCM)  # a question is due 11/03


def _answer_at(item, when):
    FeedbackItem.objects.filter(pk=item.pk).update(answered_at=when)
    item.refresh_from_db()
    return item


@pytest.fixture
def march(make_item, personas, org):
    on_time = datetime(2026, 3, 10, 15, 0, tzinfo=HCM)
    late = datetime(2026, 3, 13, 15, 0, tzinfo=HCM)
    i1 = _answer_at(make_item("answered", received_at=MARCH_2), on_time)
    actions.do_rate_feedback(i1, rating=Rating.SATISFIED)
    _answer_at(make_item("answered", received_at=MARCH_2), on_time)
    i3 = _answer_at(make_item("answered", received_at=MARCH_2), on_time)
    actions.do_rate_feedback(i3, rating=Rating.UNSATISFIED)
    i4 = _answer_at(make_item("answered", received_at=MARCH_2), late)
    actions.do_rate_feedback(i4, rating=Rating.SATISFIED)
    make_item("assigned", received_at=datetime(2026, 3, 27, 9, 0, tzinfo=HCM))  # due 07/04
    make_item("assigned", received_at=MARCH_2)  # due 11/03, still open
    i7 = make_item("answered", received_at=MARCH_2)
    actions.do_rate_feedback(i7, rating=Rating.UNSATISFIED)
    i7 = actions.do_reopen_feedback(i7, reason="Chưa thỏa đáng")
    i7 = actions.do_draft_answer(i7, acting_user=personas.handler, answer="Bổ sung")
    i7 = actions.do_approve_answer(i7, acting_user=personas.approver)
    i7 = actions.do_send_answer(i7, acting_user=personas.approver)
    FeedbackItem.objects.filter(pk=i7.pk).update(answered_at=on_time, rating="")
    i8 = make_item("classified", received_at=MARCH_2)
    actions.do_decline_feedback(i8, acting_user=personas.approver, referral="BHXH tỉnh")
    # Outside the window: received in February and in April.
    make_item("assigned", received_at=datetime(2026, 2, 2, 9, 0, tzinfo=HCM))
    make_item("assigned", received_at=datetime(2026, 4, 1, 9, 0, tzinfo=HCM))


def test_the_counts_behind_5a_and_5b(march):
    f = selectors.figures(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 4, 15))
    assert (f.total, f.on_time, f.overdue, f.unsatisfied, f.outside_competence) == (7, 5, 2, 4, 1)
    assert f.on_time_rate == Decimal("71.4286")
    assert f.satisfaction_rate == Decimal("42.8571")


def test_the_registered_indicators_give_the_same_values(march, org):
    # The window is in the past: open items are judged at its end (31/03).
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    assert measure("feedback.on_time_rate", start, end).value == Decimal("71.4286")
    assert measure("feedback.satisfaction_rate", start, end).value == Decimal("42.8571")
    assert measure("feedback.received", start, end).value == 8
    assert measure("feedback.received_web", start, end).value == 8
    assert measure("feedback.kind_hoi_dap", start, end).value == 8
    assert measure("feedback.topic_pharmacy", start, end).value == 8
    # Per unit: the pharmacy room holds them all; the hospital has none.
    assert measure("feedback.on_time_rate", start, end, org.pharmacy).value == Decimal("71.4286")
    assert measure("feedback.on_time_rate", start, end, org.hospital).value is None
    assert measure("feedback.on_time_rate", start, end, org.other).value is None


def test_an_open_item_not_yet_due_counts_as_on_time_until_its_deadline(make_item):
    make_item("assigned", received_at=MARCH_2)  # due 11/03
    assert (
        selectors.figures(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 11)).on_time == 1
    )
    assert (
        selectors.figures(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 12)).overdue == 1
    )


def test_average_handling_time_in_working_days(make_item):
    # Received Mon 02/03, answered Fri 06/03 (4 working days) and Fri 13/03 (9).
    _answer_at(make_item("answered", received_at=MARCH_2), datetime(2026, 3, 6, 10, 0, tzinfo=HCM))
    _answer_at(make_item("answered", received_at=MARCH_2), datetime(2026, 3, 13, 10, 0, tzinfo=HCM))
    assert selectors.average_handling_days(date(2026, 3, 1), date(2026, 3, 31)) == Decimal("6.5")
    assert (
        measure("feedback.average_handling_days", date(2026, 3, 1), date(2026, 3, 31)).display
        == "6,5 ngày"
    )


def test_no_items_means_no_data():
    assert (
        measure("feedback.on_time_rate", date(2026, 3, 1), date(2026, 3, 31)).display
        == "chưa có số liệu"
    )
