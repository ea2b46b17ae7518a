"""Writes of the surveys app. Other apps and modules import from here.

S1 (respondents) lives in ``responses``; campaigns, remediation and
reports append their own re-exports below."""

from motcua.surveys.actions.campaigns import (  # noqa: F401
    add_point,
    close_campaign,
    create_campaign,
    ensure_manages,
    managed_units,
    open_campaign,
    update_campaign,
)
from motcua.surveys.actions.remediation import (  # noqa: F401
    create_remediation,
    create_remediations_from_figures,
    update_remediation,
)
from motcua.surveys.actions.reports import publish_report  # noqa: F401
from motcua.surveys.actions.responses import (  # noqa: F401
    campaign_state,
    invite_for_dossier,
    send_email_invitations,
    submit_response,
)
