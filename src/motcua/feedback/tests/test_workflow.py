"""The handling workflow: who may do what, in which state, and what the
citizen is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.feedback import actions
from motcua.feedback.constants import AuditEvent, FeedbackStatus, Rating
from motcua.feedback.models import FeedbackItem
from motcua.notifications.constants import Event
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db


def _events(item):
    return list(AuditEntry.objects.for_object(item).order_by("id").values_list("event", flat=True))


def test_the_full_path_to_a_published_rated_answer(make_item, personas):
    item = make_item("drafted", content="Tôi là Nguyễn Văn An, số 0905 123 456. Xin hỏi thủ tục?")
    item = actions.do_approve_answer(
        item,
        acting_user=personas.approver,
        answer="Chào ông Nguyễn Văn An, hồ sơ gồm đơn đề nghị.",
        publish=True,
    )
    assert item.status == FeedbackStatus.APPROVED and not item.is_published
    item = actions.do_send_answer(item, acting_user=personas.approver)
    assert item.status == FeedbackStatus.ANSWERED and item.is_published and item.answered_at
    assert (
        "0905 123 456" not in item.public_question and "Nguyễn Văn An" not in item.public_question
    )
    assert "Nguyễn Văn An" not in item.public_answer
    assert (
        Message.objects.filter(
            event=Event.FEEDBACK_ANSWERED, recipient="congdan@motcua.test"
        ).count()
        == 1
    )
    item = actions.do_rate_feedback(item, rating=Rating.SATISFIED, comment="Cảm ơn")
    assert item.status == FeedbackStatus.CLOSED and item.rating == Rating.SATISFIED
    assert _events(item) == [
        AuditEvent.RECEIVED,
        AuditEvent.CLASSIFIED,
        AuditEvent.ASSIGNED,
        AuditEvent.DRAFTED,
        AuditEvent.APPROVED,
        AuditEvent.SENT,
        AuditEvent.PUBLISHED,
        AuditEvent.RATED,
    ]


def test_the_receipt_gives_code_key_and_deadline(make_item):
    item = make_item()
    message = Message.objects.get(event=Event.FEEDBACK_RECEIVED)
    assert message.recipient == "congdan@motcua.test"
    assert item.code in message.body_text and item.lookup_key in message.body_text
    assert f"{item.due_date:%d/%m/%Y}" in message.body_text
    assert f"/phan-anh-kien-nghi/{item.code}/?k={item.lookup_key}" in message.body_text


def test_codes_follow_the_format_and_do_not_repeat(make_item):
    codes = [make_item().code for _ in range(3)]
    today = timezone.localdate()
    assert codes == [f"PAKN-{today:%y%m%d}-{n:04d}" for n in (1, 2, 3)]


def test_a_handler_cannot_approve_and_an_approver_of_another_unit_cannot_touch(
    make_item, personas, org
):
    from motcua.org.constants import Role
    from motcua.testing.factories import make_member

    item = make_item("drafted")
    with pytest.raises(PermissionDenied):
        actions.do_approve_answer(item, acting_user=personas.handler)
    hospital_approver = make_member(Role.APPROVER, org.hospital, email="pd.bv@motcua.test")
    with pytest.raises(PermissionDenied):
        actions.do_approve_answer(item, acting_user=hospital_approver)
    with pytest.raises(PermissionDenied):
        actions.do_return_answer(item, acting_user=personas.outsider, reason="x")
    assert FeedbackItem.objects.get(pk=item.pk).status == FeedbackStatus.DRAFTED


def test_steps_out_of_order_are_refused(make_item, personas):
    item = make_item("classified")
    with pytest.raises(ValidationError):
        actions.do_send_answer(item, acting_user=personas.approver)
    with pytest.raises(ValidationError):
        actions.do_rate_feedback(item, rating=Rating.SATISFIED)


def test_only_the_assignee_or_an_approver_drafts(make_item, personas, org):
    from motcua.org.constants import Role
    from motcua.testing.factories import make_member

    other = make_member(Role.HANDLER, org.pharmacy, email="thuly2@motcua.test")
    item = make_item("assigned")
    with pytest.raises(PermissionDenied):
        actions.do_draft_answer(item, acting_user=other, answer="Trả lời")
    actions.do_draft_answer(item, acting_user=personas.approver, answer="Trả lời")


def test_a_handler_may_take_an_item_but_not_give_it_to_someone_else(make_item, personas, org):
    from motcua.org.constants import Role
    from motcua.testing.factories import make_member

    other = make_member(Role.HANDLER, org.pharmacy, email="thuly3@motcua.test")
    item = make_item()
    with pytest.raises(PermissionDenied):
        actions.do_assign_feedback(item, acting_user=personas.handler, handler=other)
    item = actions.do_assign_feedback(item, acting_user=personas.handler, handler=personas.handler)
    assert item.assignee == personas.handler


def test_publication_needs_the_senders_consent(make_item, personas):
    item = make_item("drafted", consent_publish=False)
    with pytest.raises(ValidationError):
        actions.do_approve_answer(item, acting_user=personas.approver, publish=True)
    item = actions.do_approve_answer(item, acting_user=personas.approver, publish=False)
    item = actions.do_send_answer(item, acting_user=personas.approver)
    assert not item.is_published
    with pytest.raises(ValidationError):
        actions.do_set_publication(item, acting_user=personas.approver, publish=True)


def test_transfer_keeps_the_deadline_and_tells_the_citizen(make_item, personas, org):
    item = make_item("assigned")
    due = item.due_date
    item = actions.do_transfer_feedback(
        item, acting_user=personas.approver, to_unit=org.hospital, reason="Thuộc bệnh viện"
    )
    assert (
        item.unit == org.hospital
        and item.status == FeedbackStatus.RECEIVED
        and item.assignee is None
    )
    assert item.due_date == due
    message = Message.objects.get(event=Event.FEEDBACK_TRANSFERRED)
    assert org.hospital.name in message.body_text
    # The pharmacy room no longer sees it.
    assert not FeedbackItem.objects.visible_to(personas.handler).filter(pk=item.pk).exists()


def test_outside_competence_names_where_to_go_and_leaves_the_on_time_rate(make_item, personas):
    from motcua.feedback import selectors

    item = make_item("classified")
    with pytest.raises(ValidationError):
        actions.do_decline_feedback(item, acting_user=personas.approver, referral="  ")
    item = actions.do_decline_feedback(
        item, acting_user=personas.approver, referral="Bảo hiểm xã hội tỉnh, 02 Lê Thánh Tôn"
    )
    assert item.status == FeedbackStatus.OUTSIDE_COMPETENCE
    message = Message.objects.get(event=Event.FEEDBACK_OUTSIDE_COMPETENCE)
    assert "Bảo hiểm xã hội tỉnh, 02 Lê Thánh Tôn" in message.body_text
    today = timezone.localdate()
    figures = selectors.figures(today, today)
    assert figures.total == 0 and figures.outside_competence == 1


def test_an_unsatisfied_citizen_reopens_within_the_allowed_days(make_item, personas, settings):
    settings.FEEDBACK_REOPEN_DAYS = 10
    item = make_item("answered")
    with pytest.raises(ValidationError):
        actions.do_reopen_feedback(item, reason="Chưa rõ")  # not rated unsatisfied yet
    item = actions.do_rate_feedback(item, rating=Rating.UNSATISFIED, comment="Chưa rõ")
    assert item.status == FeedbackStatus.ANSWERED  # unsatisfied does not close
    item = actions.do_reopen_feedback(item, reason="Chưa trả lời đúng câu hỏi")
    assert item.status == FeedbackStatus.ASSIGNED and item.assignee == personas.handler
    assert item.reopen_count == 1 and not item.is_published
    # Answered again, the citizen is told again.
    item = actions.do_draft_answer(item, acting_user=personas.handler, answer="Trả lời bổ sung")
    item = actions.do_approve_answer(item, acting_user=personas.approver, publish=False)
    actions.do_send_answer(item, acting_user=personas.approver)
    assert Message.objects.filter(event=Event.FEEDBACK_ANSWERED).count() == 2


def test_reopening_is_refused_after_the_allowed_days(make_item, settings):
    settings.FEEDBACK_REOPEN_DAYS = 10
    item = make_item("answered")
    item = actions.do_rate_feedback(item, rating=Rating.UNSATISFIED)
    FeedbackItem.objects.filter(pk=item.pk).update(answered_at=timezone.now() - timedelta(days=11))
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_reopen_feedback(item, reason="Muộn")


def test_a_closed_item_can_still_be_rated_unsatisfied_and_reopened(make_item):
    item = make_item("closed")
    item = actions.do_rate_feedback(item, rating=Rating.UNSATISFIED)
    assert item.status == FeedbackStatus.CLOSED
    item = actions.do_reopen_feedback(item, reason="Không giải quyết được")
    assert item.is_open
