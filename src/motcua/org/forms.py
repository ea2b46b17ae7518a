"""Forms for the organisation screens (input cleaning only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from motcua.core.constants import CalendarOverrideKind
from motcua.org.constants import Role
from motcua.org.models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "address",
            "phone",
            "hotline",
            "email",
            "is_active",
        ]

    def __init__(self, *args: Any, parents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"].queryset = parents
        self.fields["parent"].required = True
        self.fields["parent"].empty_label = _("— Choose the parent unit —")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        clash = Unit.objects.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another unit already has this code."))
        return code


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the staff member"),
        help_text=_("The person must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Position"), required=False, max_length=128)

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(
                _("No account has this e-mail address. Ask the person to create one first.")
            )
        return user


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        help_text=_("dd/mm/yyyy"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(label=_("This day is"), choices=CalendarOverrideKind.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("The notice that decides it, e.g. “Thông báo 6150/TB-BLĐTBXH”."),
    )
