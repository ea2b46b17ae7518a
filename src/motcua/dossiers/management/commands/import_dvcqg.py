"""Import dossiers synchronised from the National Public Service Portal
from a JSON file (the body of ``POST /api/v1/imports/dvcqg``, or a bare
list of records; docs/dvcqg-format.md). Each record is kept or rejected on
its own; the outcome of every record is printed, and the command fails
(exit status 1) when any record was rejected, so a timer notices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers import sync


class Command(BaseCommand):
    help = "Import dossiers from a National Public Service Portal JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file: {'format': '1', 'records': [...]} or [...]")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not JSON: {exc}") from exc
        if isinstance(data, dict):
            if str(data.get("format", sync.FORMAT_VERSION)) != sync.FORMAT_VERSION:
                raise CommandError(f"unknown format version {data.get('format')!r}")
            data = data.get("records")
        try:
            report = sync.import_records(data, source="file")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        summary = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            for result in report.results:
                line = f"#{result.index} {result.id or '?'}: {result.outcome}"
                if result.code:
                    line += f" {result.code} (status {result.status})"
                for message in result.errors + result.warnings:
                    line += f"\n    {message}"
                self.stdout.write(line)
            self.stdout.write(
                "{received} record(s): {created} created, {updated} updated, "
                "{unchanged} unchanged, {rejected} rejected".format(**summary)
            )
        if summary["rejected"]:
            raise CommandError(f"{summary['rejected']} record(s) rejected", returncode=1)
