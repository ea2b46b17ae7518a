"""Delete unsent online drafts untouched for DOSSIER_DRAFT_RETENTION_DAYS.
A periodic job: run it daily from the timer (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.dossiers.actions import delete_stale_drafts


class Command(BaseCommand):
    help = "Delete unsent dossier drafts older than DOSSIER_DRAFT_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = delete_stale_drafts()
        self.stdout.write(f"{count} draft(s) deleted")
