"""The statistics' local dates and durations computed in SQL agree with
Django's ``TruncDate`` / ``TruncMonth`` and timestamp subtraction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.statistics import LocalDate, LocalMonth, _Elapsed, fixed_offset
from motcua.testing.lookup_factories import make_dossier


def test_the_site_zone_has_a_fixed_offset():
    # Asia/Ho_Chi_Minh: +07:00, no DST; LocalDate relies on it on SQLite.
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert fixed_offset(settings.TIME_ZONE) == timedelta(hours=7)
    assert fixed_offset("Europe/Paris") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resolved", "received"),
    [
        # Around local midnight (17:00 UTC) and month ends, with and without microseconds.
        (datetime(2025, 10, 9, 16, 59, 59, 999999, UTC), datetime(2025, 10, 1, 0, 0, tzinfo=UTC)),
        (datetime(2025, 10, 9, 17, 0, tzinfo=UTC), datetime(2025, 9, 30, 16, 59, 59, tzinfo=UTC)),
        (datetime(2025, 12, 31, 17, 0, 0, 1, UTC), datetime(2025, 12, 31, 16, 0, 0, 5, UTC)),
        (datetime(2024, 2, 29, 23, 0, tzinfo=UTC), datetime(2024, 2, 28, 17, 30, 0, 250, UTC)),
    ],
)
def test_sql_local_dates_and_durations_match_django(resolved, received):
    dossier = make_dossier()
    Dossier.objects.filter(pk=dossier.pk).update(resolved_at=resolved, received_at=received)
    site = timezone.get_default_timezone()
    row = (
        Dossier.objects.filter(pk=dossier.pk)
        .annotate(
            local_date=LocalDate("resolved_at"),
            trunc_date=TruncDate("resolved_at", tzinfo=site),
            local_month=LocalMonth("received_at"),
            trunc_month=TruncMonth("received_at", tzinfo=site),
            elapsed=_Elapsed(F("resolved_at"), F("received_at")),
            diff=ExpressionWrapper(
                F("resolved_at") - F("received_at"), output_field=DurationField()
            ),
        )
        .values("local_date", "trunc_date", "local_month", "trunc_month", "elapsed", "diff")
        .get()
    )
    assert row["local_date"] == row["trunc_date"] == resolved.astimezone(site).date()
    month = row["trunc_month"]
    if isinstance(month, datetime):
        month = timezone.localtime(month, site).date()
    assert row["local_month"] == month == received.astimezone(site).date().replace(day=1)
    assert row["elapsed"] == row["diff"] == resolved - received
    # The lookups compare the same way.
    assert (
        Dossier.objects.filter(pk=dossier.pk, resolved_at__isnull=False)
        .annotate(d=LocalDate("resolved_at"))
        .filter(d=resolved.astimezone(site).date())
        .exists()
    )


@pytest.mark.django_db
def test_the_scan_plan_gives_the_same_figures():
    from datetime import date

    from motcua.dossiers import statistics

    for day in (1, 15, 31):
        dossier = make_dossier()
        Dossier.objects.filter(pk=dossier.pk).update(
            received_at=datetime(2025, 10, day, 3, tzinfo=UTC),
            due_at=datetime(2025, 10, day, 10, tzinfo=UTC),
            resolved_at=datetime(2025, 10, day, 9, 30, 0, 7, UTC),
        )
    start, end = date(2025, 10, 1), date(2025, 10, 31)
    for group in statistics.GROUPS:
        plain = statistics._figures_by(group, start, end)
        scan = statistics._figures_by(group, start, end, wide=True)
        assert plain == scan
        assert plain[1]["received"] == 3
