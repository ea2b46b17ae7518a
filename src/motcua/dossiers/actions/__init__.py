"""Writes of the dossiers app (STYLE.md: every change is an action).

``common``: the transition check, ``change_status`` (the one internal step
every change of state goes through), the applicant's messages and file
attachment; ``citizen``: the online form and the citizen's later moves;
``office``: the back office's transitions (reception, processing, results,
late dossiers and apologies). Callers import from ``motcua.dossiers.actions``;
the names below are the package's public surface.
"""

from __future__ import annotations

from motcua.dossiers.actions.citizen import (
    APPLICANT_FIELDS,
    DELIVERY_FIELDS,
    WIZARD_STEPS,
    MissingDocuments,
    _due_after_pause,
    delete_stale_drafts,
    do_create_draft,
    do_delete_draft,
    do_mark_documents_step,
    do_remove_file,
    do_save_applicant,
    do_save_delivery,
    do_submit_dossier,
    do_supply_supplement,
    do_withdraw_dossier,
)
from motcua.dossiers.actions.common import (
    SILENT_ACTIONS,
    STATUS_EVENTS,
    TransitionNotAllowed,
    _lock,
    change_status,
    do_attach_file,
    ensure_transition,
    incomplete_steps,
    lookup_url,
    message_context,
    missing_documents,
    notify_applicant,
    postal_fee_for,
    required_documents,
    stored_bytes,
)

__all__ = [
    "APPLICANT_FIELDS",
    "DELIVERY_FIELDS",
    "SILENT_ACTIONS",
    "STATUS_EVENTS",
    "WIZARD_STEPS",
    "MissingDocuments",
    "TransitionNotAllowed",
    "_due_after_pause",
    "_lock",
    "change_status",
    "delete_stale_drafts",
    "do_attach_file",
    "do_create_draft",
    "do_delete_draft",
    "do_mark_documents_step",
    "do_remove_file",
    "do_save_applicant",
    "do_save_delivery",
    "do_submit_dossier",
    "do_supply_supplement",
    "do_withdraw_dossier",
    "ensure_transition",
    "incomplete_steps",
    "lookup_url",
    "message_context",
    "missing_documents",
    "notify_applicant",
    "postal_fee_for",
    "required_documents",
    "stored_bytes",
]
