from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.testing.dossier_factories import make_draft
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_command_deletes_old_drafts_only(org, personas, settings):
    settings.DOSSIER_DRAFT_RETENTION_DAYS = 10
    old = make_draft(ProcedureFactory(unit=org.pharmacy), personas.citizen)
    fresh = make_draft(ProcedureFactory(unit=org.pharmacy), personas.citizen)
    Dossier.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=11)
    )
    out = io.StringIO()
    call_command("delete_stale_drafts", stdout=out)
    assert "1 draft(s) deleted" in out.getvalue()
    assert list(Dossier.objects.values_list("pk", flat=True)) == [fresh.pk]
