"""``python -m motcua export_dvcqg --since <iso>``."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers.models import DossierStep
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_it_writes_every_page_and_the_next_cursor(tmp_path, org, settings):
    settings.DVCQG_EXPORT_PAGE_SIZE = 2
    procedure = ProcedureFactory(unit=org.pharmacy, code="1.014076")
    since = timezone.now() - timedelta(hours=1)
    dossiers = [make_dossier(procedure=procedure) for _ in range(3)]
    DossierStep.objects.all().delete()
    steps = [
        DossierStep.objects.create(
            dossier=d,
            action="receive",
            from_status=1,
            to_status=2,
            created_at=since + timedelta(minutes=i + 1),
        )
        for i, d in enumerate(dossiers)
    ]
    out = tmp_path / "changes.json"
    call_command("export_dvcqg", "--since", since.isoformat(), "--output", str(out))
    document = json.loads(out.read_text("utf-8"))
    assert document["count"] == 3
    assert [r["change"]["step_id"] for r in document["records"]] == [s.pk for s in steps]
    assert [r["code"] for r in document["records"]] == [d.code for d in dossiers]
    # Starting again from the cursor gives nothing new.
    again = tmp_path / "again.json"
    call_command("export_dvcqg", "--since", document["next"], "--output", str(again))
    assert json.loads(again.read_text("utf-8"))["count"] == 0


def test_a_bad_since_is_a_clear_error(db):
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("export_dvcqg", "--since", "last week")
