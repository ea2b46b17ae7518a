"""``python -m motcua generate_dossiers N`` (bench data)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.dossiers import codes
from motcua.dossiers.constants import OPEN_STATES, Channel, DossierStatus
from motcua.dossiers.models import Dossier, DossierSequence, DossierStep
from motcua.procedures.models import Procedure
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(org):
    return [
        ProcedureFactory(unit=org.pharmacy, code="1.014076"),
        ProcedureFactory(unit=org.hospital, code="1.002"),
        ProcedureFactory(unit=org.office, code="1.003"),
    ]


def test_it_generates_a_realistic_spread(catalogue, settings, capsys):
    settings.DEBUG = True
    call_command("generate_dossiers", "600", "--seed", "1", "--steps", "0.5", "--batch-size", "97")
    assert "600 dossier(s)" in capsys.readouterr().out
    rows = Dossier.objects.all()
    assert rows.count() == 600
    assert len(set(rows.values_list("code", flat=True))) == 600
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses[DossierStatus.RETURNED] > 100
    assert sum(statuses[s] for s in OPEN_STATES) > 20
    assert DossierStatus.DRAFT not in statuses
    channels = Counter(rows.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    assert len(set(rows.values_list("unit_id", flat=True))) == 3
    # Dates make sense.
    assert not rows.filter(received_at__lt=F("submitted_at")).exists()
    assert not rows.filter(due_at__lt=F("received_at")).exists()
    assert not rows.filter(returned_at__lt=F("resolved_at")).exists()
    assert not rows.filter(status=DossierStatus.RETURNED, returned_at__isnull=True).exists()
    assert (
        rows.filter(status__in=OPEN_STATES, received_at__isnull=False).exclude(due_at=None).exists()
    )
    late = rows.filter(resolved_at__gt=F("due_at")).count()
    assert 0 < late < rows.filter(resolved_at__isnull=False).count() / 2
    # Portal dossiers have a portal id.
    assert not rows.filter(channel=Channel.DVCQG, external_id__isnull=True).exists()
    # About half have their history, ending in their state.
    with_steps = Dossier.objects.filter(steps__isnull=False).distinct()
    assert 200 < with_steps.count() < 400
    d = with_steps.first()
    assert (
        list(d.steps.order_by("created_at", "pk").values_list("to_status", flat=True))[-1]
        == d.status
    )
    assert DossierStep.objects.filter(from_status__isnull=True).count() == with_steps.count()


def test_codes_stay_unique_for_dossiers_submitted_afterwards(catalogue, settings):
    settings.DEBUG = True
    call_command("generate_dossiers", "200", "--seed", "2", "--days", "3")
    d = Dossier.objects.order_by("-submitted_at").first()
    day = timezone.localdate(d.submitted_at)
    used = Dossier.objects.filter(unit=d.unit, code__startswith=f"{d.unit.code}-{day:%y%m%d}-")
    assert (
        DossierSequence.objects.get(prefix=codes.sequence_prefix(d.unit.code, day)).last_number
        == used.count()
    )
    with transaction.atomic():
        new = codes.next_code(d.unit.code, d.submitted_at)
    assert not Dossier.objects.filter(code=new).exists()


def test_running_twice_adds_more_without_clashes(catalogue, settings):
    settings.DEBUG = True
    call_command("generate_dossiers", "150", "--seed", "3", "--days", "2")
    call_command("generate_dossiers", "150", "--seed", "3", "--days", "2")
    assert Dossier.objects.count() == 300
    assert Dossier.objects.values("code").distinct().count() == 300


def test_it_loads_the_demo_catalogue_when_there_is_none(db, settings):
    settings.DEBUG = True
    call_command("generate_dossiers", "20", "--seed", "4")
    assert Procedure.objects.exists()
    assert Dossier.objects.count() == 20


def test_it_refuses_without_yes_when_debug_is_off(catalogue, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--yes"):
        call_command("generate_dossiers", "5")
    assert not Dossier.objects.exists()
    call_command("generate_dossiers", "5", "--yes")
    assert Dossier.objects.count() == 5
