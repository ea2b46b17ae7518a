"""Forms of the staff pages of payments (lists, counter payments,
statement imports, manual matching, refunds)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text
from motcua.payments.constants import Method, PaymentStatus, Provider
from motcua.payments.reconciliation import MAX_FILE_BYTES


class PaymentFilterForm(forms.Form):
    """Filters of ``/can-bo/thanh-toan/`` (all optional; ``q`` = dossier
    code, payment reference or payer)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Dossier code, payment reference or payer"),
    )
    don_vi = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    tu_ngay = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    den_ngay = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    trang_thai = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *list(PaymentStatus.choices)]
    )
    kenh = forms.ChoiceField(
        label=_("Paid by"), required=False, choices=[("", _("All")), *list(Provider.choices)]
    )

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].choices = [("", _("All my units"))] + [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        return clean_text(self.cleaned_data.get("q") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("The end date is before the start date."))
        return data


class CounterPaymentForm(forms.Form):
    """Cash or card taken at the one-stop counter."""

    method = forms.ChoiceField(
        label=_("Paid by"),
        choices=[(Method.CASH.value, Method.CASH.label), (Method.CARD.value, Method.CARD.label)],
        widget=forms.RadioSelect,
        initial=Method.CASH,
    )
    counter_receipt_no = forms.CharField(
        label=_("Counter receipt or card slip number"),
        max_length=40,
        help_text=_("The number on the paper receipt or the card terminal's slip."),
    )
    payer_name = forms.CharField(label=_("Payer"), max_length=200, required=False)

    def clean_counter_receipt_no(self) -> str:
        return clean_text(self.cleaned_data["counter_receipt_no"])

    def clean_payer_name(self) -> str:
        return clean_text(self.cleaned_data.get("payer_name") or "")


class StatementImportForm(forms.Form):
    """A bank statement file of one account; the columns default to the
    account's mapping."""

    account = forms.TypedChoiceField(label=_("Account"), coerce=int)
    file = forms.FileField(
        label=_("Statement file (CSV or XLSX)"),
        help_text=_("As exported by the bank's online banking; at most 5 MB."),
    )
    date_column = forms.CharField(label=_("Date column"), required=False, max_length=100)
    amount_column = forms.CharField(label=_("Credit amount column"), required=False, max_length=100)
    note_column = forms.CharField(label=_("Transfer note column"), required=False, max_length=100)
    reference_column = forms.CharField(
        label=_("Bank reference column"), required=False, max_length=100
    )
    header_row = forms.IntegerField(
        label=_("Header row"), required=False, min_value=1, max_value=50
    )

    def __init__(self, *args: Any, accounts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [  # type: ignore[attr-defined]
            (a.pk, f"{a.unit.name} — {a.bank_name} {a.account_number}") for a in accounts
        ]
        if len(accounts) == 1:
            self.fields["account"].initial = accounts[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("The file is not a CSV or XLSX statement."))
        return upload

    def mapping(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = {
            "date": clean_text(data.get("date_column") or ""),
            "amount": clean_text(data.get("amount_column") or ""),
            "note": clean_text(data.get("note_column") or ""),
            "reference": clean_text(data.get("reference_column") or ""),
            "header_row": data.get("header_row"),
        }
        return {k: v for k, v in chosen.items() if v}


class MatchLineForm(forms.Form):
    payment = forms.CharField(
        label=_("Payment reference or dossier code"),
        max_length=40,
        help_text=_("One of the candidates, or the code of the dossier the transfer pays for."),
    )


class RefundRequestForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount to refund (VND)"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"])


class RefundDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class RefundCompleteForm(forms.Form):
    completion_ref = forms.CharField(label=_("Refund transfer or voucher number"), max_length=100)

    def clean_completion_ref(self) -> str:
        return clean_text(self.cleaned_data["completion_ref"])
