"""Citizen forms of the payments app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ProviderChoiceForm(forms.Form):
    """Which online provider the payer uses (radios, each described)."""

    provider = forms.ChoiceField(
        label=_("How do you want to pay?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to pay."),
            "invalid_choice": _("Choose how you want to pay."),
        },
    )

    def __init__(self, *args: Any, providers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = providers  # type: ignore[attr-defined]
        if len(providers) == 1:
            self.fields["provider"].initial = providers[0][0]
