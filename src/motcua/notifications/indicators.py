"""Indicators the notifications app measures (registered on import;
``core`` imports this module for every app)."""

from __future__ import annotations

from datetime import date

from motcua.core.indicators import Scope, register_indicator
from motcua.notifications.selectors import campaign_messages_sent


@register_indicator("notifications.campaign_messages_sent")
def messages_sent(start: date, end: date, scope: Scope) -> int:
    """Campaign e-mails and SMS handed to a gateway in the window, by
    campaigns of units in the scope."""
    unit = scope.unit
    return campaign_messages_sent(
        start, end, unit_path=getattr(unit, "path", None) if unit else None
    )
