"""Forms of the payment settings (/can-bo/thanh-toan/cai-dat/): a unit's
collecting bank account with its statement columns, its receipt series,
and fee reductions. They clean input; ``payments.actions.save_*`` decide."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text
from motcua.payments.constants import BANK_BINS
from motcua.payments.reconciliation import DATE_FORMATS

OTHER_BANK = "other"
_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
_CODE = re.compile(r"^[0-9A-Za-z/-]{1,20}$")


def date_format_label(fmt: str) -> str:
    return (
        fmt.replace("%d", "dd")
        .replace("%m", "mm")
        .replace("%Y", "yyyy")
        .replace("%y", "yy")
        .replace("%H", "hh")
        .replace("%M", "mm")
        .replace("%S", "ss")
    )


def _unit_choices(units: list[Any]) -> list[tuple[Any, str]]:
    return [(u.pk, u.name) for u in units]


class BankAccountForm(forms.Form):
    """A unit's collecting account. The bank is chosen from the list, or
    entered by its BIN (six digits) and name."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    bank = forms.ChoiceField(label=_("Bank"))
    bank_bin = forms.CharField(
        label=_("Bank BIN (another bank)"),
        required=False,
        max_length=6,
        help_text=_("Six digits, from the State Bank's list; only for a bank not in the list."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    bank_name = forms.CharField(label=_("Bank name (another bank)"), required=False, max_length=120)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=30,
        help_text=_("Up to 19 letters or digits, without spaces."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    account_name = forms.CharField(
        label=_("Account holder"),
        max_length=120,
        help_text=_("As registered at the bank, e.g. SO Y TE TINH …"),
    )
    is_active = forms.BooleanField(
        label=_("Collect on this account"),
        required=False,
        help_text=_("The unit's other account in use is taken out of use at the same time."),
    )
    date_column = forms.CharField(label=_("Date column"), required=False, max_length=100)
    amount_column = forms.CharField(label=_("Credit amount column"), required=False, max_length=100)
    note_column = forms.CharField(label=_("Transfer note column"), required=False, max_length=100)
    reference_column = forms.CharField(
        label=_("Bank reference column"), required=False, max_length=100
    )
    header_row = forms.IntegerField(
        label=_("Header row"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("The row of the file holding the column names (1 = the first row)."),
    )
    date_format = forms.ChoiceField(label=_("Date format"), required=False)

    BANK_FIELDS = ("unit", "bank", "bank_bin", "bank_name", "account_number", "account_name")
    MAPPING_FIELDS = (
        "date_column",
        "amount_column",
        "note_column",
        "reference_column",
        "header_row",
        "date_format",
    )

    def __init__(self, *args: Any, units: list[Any], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            # The unit of an existing account does not change.
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk
        self.fields["bank"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(bin_, f"{name} ({bin_})") for bin_, name in BANK_BINS],
            (OTHER_BANK, _("Another bank: enter its BIN and name")),
        ]
        self.fields["date_format"].choices = [  # type: ignore[attr-defined]
            ("", _("Recognise automatically")),
            *[(fmt, date_format_label(fmt)) for fmt in DATE_FORMATS],
        ]

    @classmethod
    def initial_for(cls, account: Any) -> dict[str, Any]:
        mapping = account.statement_mapping or {}
        known = dict(BANK_BINS)
        in_list = known.get(account.bank_bin) == account.bank_name
        return {
            "bank": account.bank_bin if in_list else OTHER_BANK,
            "bank_bin": "" if in_list else account.bank_bin,
            "bank_name": "" if in_list else account.bank_name,
            "account_number": account.account_number,
            "account_name": account.account_name,
            "is_active": account.is_active,
            "date_column": mapping.get("date", ""),
            "amount_column": mapping.get("amount", ""),
            "note_column": mapping.get("note", ""),
            "reference_column": mapping.get("reference", ""),
            "header_row": mapping.get("header_row"),
            "date_format": mapping.get("date_format", ""),
        }

    def bank_fields(self) -> list[Any]:
        return [self[name] for name in self.BANK_FIELDS if name in self.fields] + [
            self["is_active"]
        ]

    def mapping_fields(self) -> list[Any]:
        return [self[name] for name in self.MAPPING_FIELDS]

    def clean_account_number(self) -> str:
        value = re.sub(r"[\s.-]", "", self.cleaned_data.get("account_number") or "")
        if not _ACCOUNT.match(value):
            raise forms.ValidationError(_("Up to 19 letters or digits."))
        return value

    def clean_account_name(self) -> str:
        return clean_text(self.cleaned_data.get("account_name") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bank = data.get("bank") or ""
        if bank == OTHER_BANK:
            bin_ = (data.get("bank_bin") or "").strip()
            name = clean_text(data.get("bank_name") or "")
            if not _BIN.match(bin_):
                self.add_error("bank_bin", _("A bank BIN has six digits."))
            if not name:
                self.add_error("bank_name", _("Enter the bank's name."))
            data["bin"], data["name"] = bin_, name
        elif bank:
            data["bin"], data["name"] = bank, dict(BANK_BINS)[bank]
        return data

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "date": clean_text(data.get("date_column") or ""),
            "amount": clean_text(data.get("amount_column") or ""),
            "note": clean_text(data.get("note_column") or ""),
            "reference": clean_text(data.get("reference_column") or ""),
            "header_row": data.get("header_row"),
            "date_format": data.get("date_format") or "",
        }


class ReceiptSeriesForm(forms.Form):
    """A receipt series: form number (mẫu số), symbol (ký hiệu), the next
    number (only ever up), digits printed, in use."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    form_code = forms.CharField(
        label=_("Form number (mẫu số)"),
        max_length=20,
        help_text=_("E.g. 01BLP2-001."),
    )
    symbol = forms.CharField(
        label=_("Symbol (ký hiệu)"), max_length=20, help_text=_("E.g. SYT-26P.")
    )
    next_number = forms.IntegerField(
        label=_("Next number"),
        min_value=1,
        max_value=9_999_999_999,
        initial=1,
        help_text=_("The number of the next receipt. It may only go up, never down."),
    )
    number_width = forms.IntegerField(
        label=_("Digits"),
        min_value=1,
        max_value=10,
        initial=7,
        help_text=_("How many digits the number is printed with (0000042 has 7)."),
    )
    is_active = forms.BooleanField(
        label=_("Number receipts from this series"),
        required=False,
        initial=True,
        help_text=_("The unit's other series in use is taken out of use at the same time."),
    )

    def __init__(self, *args: Any, units: list[Any], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = _unit_choices(units)  # type: ignore[attr-defined]
            if len(units) == 1:
                self.fields["unit"].initial = units[0].pk

    def _code(self, name: str) -> str:
        value = clean_text(self.cleaned_data.get(name) or "").upper()
        if not _CODE.match(value):
            raise forms.ValidationError(_("Letters, digits, dashes and slashes only."))
        return value

    def clean_form_code(self) -> str:
        return self._code("form_code")

    def clean_symbol(self) -> str:
        return self._code("symbol")


class FeeReductionForm(forms.Form):
    """An exemption or reduction, with its legal basis; limited to one
    procedure or for all."""

    name = forms.CharField(
        label=_("Name of the reduction"),
        max_length=255,
        help_text=_("E.g. Giảm 50 % cho cơ sở tại địa bàn có điều kiện kinh tế - xã hội khó khăn."),
    )
    percent = forms.IntegerField(
        label=_("Reduction (%)"),
        min_value=1,
        max_value=100,
        help_text=_("From 1 to 100; 100 means a full exemption."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=500,
        help_text=_("E.g. Nghị định 31/2021/NĐ-CP."),
    )
    procedure = forms.TypedChoiceField(
        label=_("Only for procedure"), required=False, coerce=int, empty_value=None
    )
    applies_to_postal = forms.BooleanField(label=_("Also reduces the postal fee"), required=False)
    is_active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_("Officers may choose it when asking for a fee."),
    )

    def __init__(self, *args: Any, procedures: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedures = {p.pk: p for p in procedures}
        self.fields["procedure"].choices = [  # type: ignore[attr-defined]
            ("", _("Every procedure")),
            *[(p.pk, f"{p.code} — {p.name}" if p.code else p.name) for p in procedures],
        ]

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data.get("name") or "")

    def clean_legal_basis(self) -> str:
        return clean_text(self.cleaned_data.get("legal_basis") or "")

    def clean_procedure(self) -> Any:
        pk = self.cleaned_data.get("procedure")
        if pk is None:
            return None
        procedure = self.procedures.get(pk)
        if procedure is None:
            raise forms.ValidationError(_("Choose one of the procedures of your units."))
        return procedure
