"""The audit log: one append-only table, written in the transaction of the
change it records."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from motcua.core.audit import changed_fields, record_audit
from motcua.core.constants import AuditEvent, CalendarOverrideKind
from motcua.core.models import AppendOnlyError, AuditEntry, CalendarOverride
from motcua.core.selectors import audit_entries
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def override() -> CalendarOverride:
    return CalendarOverride.objects.create(
        date=date(2026, 9, 3), kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định"
    )


@pytest.fixture
def officer():
    return UserFactory(email="canbo@motcua.test", full_name="Trần Thị Bình")


def test_an_entry_says_who_when_what_and_old_to_new(override, officer):
    before = timezone.now()
    entry = record_audit(
        override,
        officer,
        AuditEvent.CALENDAR_CHANGED,
        old={"kind": "day_off", "date": date(2026, 9, 3)},
        new={"kind": "working_day", "date": date(2026, 9, 3)},
        ip_address="10.0.0.7",
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == officer
    assert entry.actor_repr == "Trần Thị Bình"
    assert before <= entry.created_at <= timezone.now()
    assert entry.event == "core.calendar_changed"
    assert entry.target_type == ContentType.objects.get_for_model(CalendarOverride)
    assert entry.target_id == str(override.pk)
    assert entry.target_repr == str(override)
    assert entry.target_repr.startswith("03/09/2026: ")
    assert entry.old == {"kind": "day_off", "date": "2026-09-03"}
    assert entry.new == {"kind": "working_day", "date": "2026-09-03"}
    assert entry.ip_address == "10.0.0.7"


def test_an_anonymous_or_missing_actor_is_recorded_as_nobody(override):
    for actor in (None, AnonymousUser()):
        entry = record_audit(override, actor, "core.test_event")
        assert entry.actor is None
        assert entry.actor_repr == ""
        assert entry.old == {} and entry.new == {}


def test_an_entry_without_a_target_is_allowed(officer):
    entry = record_audit(None, officer, "accounts.login_failed", new={"email": "x@motcua.test"})
    assert entry.target_type is None
    assert entry.target_id == ""
    assert entry.target_repr == ""


def test_a_rollback_removes_the_entry_with_the_change(officer):
    with pytest.raises(RuntimeError), transaction.atomic():
        item = CalendarOverride.objects.create(
            date=date(2026, 9, 3), kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định"
        )
        record_audit(item, officer, AuditEvent.CALENDAR_CHANGED, new={"kind": item.kind})
        assert AuditEntry.objects.count() == 1
        raise RuntimeError("the change fails after the entry is written")
    assert not CalendarOverride.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_entry_cannot_be_changed_or_deleted(override, officer):
    entry = record_audit(override, officer, AuditEvent.CALENDAR_CHANGED, new={"kind": "day_off"})
    entry.event = "core.tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(event="core.tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(event="core.tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    # bulk_update opens an atomic block without a savepoint: give it one.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["event"])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.event == "core.calendar_changed"
    assert AuditEntry.objects.count() == 1


def test_deleting_the_actor_keeps_the_entry_and_the_name(override, officer):
    entry = record_audit(override, officer, AuditEvent.CALENDAR_CHANGED)
    officer.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None
    assert entry.actor_repr == "Trần Thị Bình"


def test_deleting_the_target_keeps_the_entry(override, officer):
    entry = record_audit(override, officer, AuditEvent.CALENDAR_CHANGED)
    recorded = str(override)
    override.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.target_repr == recorded
    assert entry.target_type == ContentType.objects.get_for_model(CalendarOverride)


def test_entries_come_newest_first_with_ties_broken_by_id(override, officer):
    other = CalendarOverride.objects.create(
        date=date(2026, 9, 4), kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định"
    )
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now - timedelta(hours=1)):
        oldest = record_audit(override, officer, "core.first")
    with mock.patch("django.utils.timezone.now", return_value=now):
        tie_a = record_audit(override, officer, "core.second")
        tie_b = record_audit(other, officer, "core.third")
        tie_c = record_audit(override, officer, "core.fourth")
    assert tie_a.created_at == tie_b.created_at == tie_c.created_at

    expected = [tie_c.pk, tie_b.pk, tie_a.pk, oldest.pk]
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == expected
    assert [e.pk for e in audit_entries()] == expected
    assert list(AuditEntry.objects.for_object(override).values_list("event", flat=True)) == [
        "core.fourth",
        "core.second",
        "core.first",
    ]
    assert list(AuditEntry.objects.for_object(other).values_list("event", flat=True)) == [
        "core.third"
    ]


def test_the_log_loads_actors_and_types_in_one_query(override, officer, django_assert_num_queries):
    for n in range(5):
        record_audit(override, officer, f"core.event_{n}")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(1):
        rows = [(e.actor.email, e.target_type.model) for e in audit_entries()]
    assert rows == [("canbo@motcua.test", "calendaroverride")] * 5


def test_changed_fields_keeps_only_what_changed(override):
    before = {"kind": override.kind, "reason": override.reason, "date": override.date}
    override.kind = CalendarOverrideKind.WORKING_DAY
    assert changed_fields(override, before, ["kind", "reason", "date"]) == (
        {"kind": "day_off"},
        {"kind": "working_day"},
    )
    assert changed_fields(override, {**before, "kind": "working_day"}, ["kind", "reason"]) == (
        {},
        {},
    )
