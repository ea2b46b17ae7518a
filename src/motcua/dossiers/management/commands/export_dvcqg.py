"""Export the status changes since an instant, in the National Public
Service Portal format (docs/dvcqg-format.md), for sending back: the same
records as ``GET /api/v1/imports/dvcqg/changes``, all pages, as one JSON
document on standard output or in ``--output``. The ``next`` cursor of the
document is where the following run starts (``--since``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers import sync


class Command(BaseCommand):
    help = "Export dossier status changes for the National Public Service Portal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            required=True,
            help="ISO 8601 instant (2026-11-01T00:00:00+07:00) or a cursor printed before.",
        )
        parser.add_argument("--channel", default=None, help="Only this channel, e.g. dvcqg.")
        parser.add_argument("--output", default=None, help="Write to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            since, after_id = sync.parse_cursor(options["since"])
        except ValueError as exc:
            raise CommandError(f"--since must be an ISO 8601 instant: {exc}") from exc
        records: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = sync.export_changes(since=since, after_id=after_id, channel=options["channel"])
            records.extend(page.records)
            if page.next_cursor is None:
                break
            since, after_id = sync.parse_cursor(page.next_cursor)
        if records:
            last = records[-1]["change"]
            # Where the next run starts: after the last change exported.
            cursor = f"{sync.parse_cursor(last['at'])[0].isoformat()}|{last['step_id']}"
        document = {
            "format": sync.FORMAT_VERSION,
            "count": len(records),
            "next": cursor or options["since"],
            "records": records,
        }
        text = json.dumps(document, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"{len(records)} change(s) written to {options['output']}")
        else:
            self.stdout.write(text)
