"""``{% may_configure_payments as may_configure %}``: whether the signed-in
officer administers the payment settings of some unit (the link in the
payments navigation; the pages check again)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.org.selectors import has_role
from motcua.payments.constants import SETTINGS_ROLES

register = template.Library()


@register.simple_tag(takes_context=True)
def may_configure_payments(context: Any) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and has_role(user, list(SETTINGS_ROLES))
