"""Filter forms of public lists (GET): wrong values get a Vietnamese
message and status 400, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.cms.constants import DocumentType


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the document"), required=False)
    loai = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *DocumentType.choices],
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )
    nam = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nam"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
