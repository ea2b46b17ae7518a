"""Every write with business meaning on plans and reports (STYLE.md): each
function locks what it changes, checks the actor and the move, saves,
writes the audit log, and queues e-mail on commit.

Errors the person can fix raise ``ValidationError`` with a Vietnamese
message (views show it with a 4xx); acting where one may not raises
``PermissionDenied``. ``acting_user=None`` is the system (demo data, the
periodic reminders).

The package re-exports every action, so callers write
``from motcua.plans import actions; actions.do_submit_report(…)``.
"""

from motcua.plans.actions.common import mail_on_commit, without_mail
from motcua.plans.actions.consolidated import (
    CONSOLIDATED_FIELDS,
    do_approve_consolidated,
    do_draft_consolidated,
    do_publish_consolidated,
    do_revise_consolidated,
    do_save_catalogue_item,
    do_submit_consolidated,
    do_update_consolidated,
)
from motcua.plans.actions.plans import (
    ActivityData,
    do_add_period,
    do_close_period,
    do_copy_plan,
    do_create_plan,
    do_delete_activity,
    do_delete_objective,
    do_delete_target,
    do_finish_plan,
    do_import_activities,
    do_issue_plan,
    do_reopen_period,
    do_save_activity,
    do_save_objective,
    do_save_target,
    do_set_reporting_units,
    do_update_period,
    do_update_plan,
)
from motcua.plans.actions.reminders import do_remind_unit, send_due_reminders
from motcua.plans.actions.reports import (
    do_add_evidence,
    do_approve_report,
    do_delete_result,
    do_remove_evidence,
    do_return_report,
    do_revise_report,
    do_save_report_narrative,
    do_save_result,
    do_send_report_for_approval,
    do_start_report,
    do_submit_report,
)

__all__ = [
    "CONSOLIDATED_FIELDS",
    "ActivityData",
    "do_add_evidence",
    "do_add_period",
    "do_approve_consolidated",
    "do_approve_report",
    "do_close_period",
    "do_copy_plan",
    "do_create_plan",
    "do_delete_activity",
    "do_delete_objective",
    "do_delete_result",
    "do_delete_target",
    "do_draft_consolidated",
    "do_finish_plan",
    "do_import_activities",
    "do_issue_plan",
    "do_publish_consolidated",
    "do_remind_unit",
    "do_remove_evidence",
    "do_reopen_period",
    "do_return_report",
    "do_revise_consolidated",
    "do_revise_report",
    "do_save_activity",
    "do_save_catalogue_item",
    "do_save_objective",
    "do_save_report_narrative",
    "do_save_result",
    "do_save_target",
    "do_send_report_for_approval",
    "do_set_reporting_units",
    "do_start_report",
    "do_submit_consolidated",
    "do_submit_report",
    "do_update_consolidated",
    "do_update_period",
    "do_update_plan",
    "mail_on_commit",
    "send_due_reminders",
    "without_mail",
]
