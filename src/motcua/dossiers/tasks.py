"""Tasks of the dossiers app: thin, ids in, one action (STYLE.md)."""

from __future__ import annotations

from django.tasks import task

from motcua.dossiers import actions


@task()
def delete_stale_drafts_task() -> int:
    """Delete unsent drafts untouched for ``DOSSIER_DRAFT_RETENTION_DAYS``
    (personal data is not kept for nothing). Run daily by the timer."""
    return actions.delete_stale_drafts()


@task()
def mark_late_dossiers_task() -> dict[str, int]:
    """Warn handlers and approvers once of dossiers due soon and of late
    ones (``DOSSIER_DUE_SOON_WORKING_HOURS``). Run hourly by the timer."""
    return actions.mark_late_dossiers()
