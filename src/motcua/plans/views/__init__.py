"""Staff screens of plans and reports, under /can-bo/ke-hoach/.

Each view authorises first through the QuerySets (``visible_to``: 404 for
what the user may not see), cleans input with a form, then calls one
action. An action's ``ValidationError`` is shown in Vietnamese with a 400
and nothing typed is lost; acting without the role is a 403.
"""

from motcua.plans.views.consolidated import (
    catalogue,
    consolidated_create,
    consolidated_detail,
    consolidated_download,
    consolidated_transition,
)
from motcua.plans.views.plans import (
    activities_export,
    activities_import,
    activity_delete,
    activity_edit,
    objective_delete,
    objective_edit,
    period_add,
    period_close,
    period_detail,
    period_edit,
    period_remind,
    plan_copy,
    plan_create,
    plan_detail,
    plan_document_download,
    plan_edit,
    plan_issue,
    plan_list,
    plan_units,
    target_delete,
    target_edit,
)
from motcua.plans.views.reports import (
    evidence_add,
    evidence_file,
    evidence_remove,
    report_detail,
    report_result,
    report_start,
    report_transition,
)

__all__ = [
    "activities_export",
    "activities_import",
    "activity_delete",
    "activity_edit",
    "catalogue",
    "consolidated_create",
    "consolidated_detail",
    "consolidated_download",
    "consolidated_transition",
    "evidence_add",
    "evidence_file",
    "evidence_remove",
    "objective_delete",
    "objective_edit",
    "period_add",
    "period_close",
    "period_detail",
    "period_edit",
    "period_remind",
    "plan_copy",
    "plan_create",
    "plan_detail",
    "plan_document_download",
    "plan_edit",
    "plan_issue",
    "plan_list",
    "plan_units",
    "report_detail",
    "report_result",
    "report_start",
    "report_transition",
    "target_delete",
    "target_edit",
]
