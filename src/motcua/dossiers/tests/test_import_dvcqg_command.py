"""``python -m motcua import_dvcqg <file.json>``."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def _record(i: int, procedure_code: str = "1.014076") -> dict:
    return {
        "id": f"DVCQG-{i}",
        "procedure_code": procedure_code,
        "status": 1,
        "submitted_at": "2026-11-20T09:15:00+07:00",
        "applicant": {"name": "Lê Văn Bình", "id_number": "056090004321", "phone": "0905000111"},
    }


def test_it_imports_a_file_and_reports_each_record(tmp_path, org, capsys):
    ProcedureFactory(unit=org.pharmacy, code="1.014076")
    path = tmp_path / "batch.json"
    path.write_text(json.dumps({"format": "1", "records": [_record(1), _record(2)]}), "utf-8")
    call_command("import_dvcqg", str(path))
    out = capsys.readouterr().out
    assert "#0 DVCQG-1: created" in out
    assert "2 record(s): 2 created" in out
    assert Dossier.objects.filter(channel=Channel.DVCQG).count() == 2
    # Run again: idempotent.
    call_command("import_dvcqg", str(path))
    assert "2 unchanged" in capsys.readouterr().out
    assert Dossier.objects.count() == 2


def test_it_keeps_the_valid_records_and_fails_on_rejected_ones(tmp_path, org, capsys):
    ProcedureFactory(unit=org.pharmacy, code="1.014076")
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([_record(1), _record(2, "0.000000")]), "utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_dvcqg", str(path))
    assert exc.value.returncode == 1
    out = capsys.readouterr().out
    assert "0.000000" in out
    assert list(Dossier.objects.values_list("external_id", flat=True)) == ["DVCQG-1"]


def test_a_file_that_is_not_json_is_a_clear_error(tmp_path, db):
    path = tmp_path / "batch.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_dvcqg", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_dvcqg", str(tmp_path / "missing.json"))
    path.write_text('{"records": 5}', "utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_dvcqg", str(path))
    # Commands speak the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        assert str(exc.value) == translation.gettext("Expected a list of dossier records.")
