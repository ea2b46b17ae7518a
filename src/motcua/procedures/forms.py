"""Forms of the catalogue pages and the staff screens (input cleaning only;
the rules are in ``actions``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.money import parse_vnd
from motcua.core.text import clean_text
from motcua.org.constants import Role
from motcua.org.models import Unit
from motcua.procedures.constants import (
    CopyType,
    DeadlineUnit,
    FeeStatus,
    FeeTiming,
    OnlineLevel,
)
from motcua.procedures.models import ProcedureField

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
TEMPLATE_EXTENSIONS = {".pdf", ".docx", ".doc", ".odt", ".xlsx"}
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# Public filter "mucdo": "online" = either online level.
LEVEL_FILTERS = [
    ("", _("All levels")),
    ("online", _("Can be submitted online")),
    (OnlineLevel.FULL, _("Fully online")),
    (OnlineLevel.PARTIAL, _("Partly online")),
    (OnlineLevel.OFFLINE, _("In person or by post only")),
]


def _date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=_("dd/mm/yyyy"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, e.g. 05/04/2026.")},
    )


class VNDField(forms.CharField):
    """An amount in đồng: "1.500.000", "1500000" or "1.500.000 đ"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = (value or "").strip() if isinstance(value, str) else value
        if text in ("", None):
            if self.required:
                raise forms.ValidationError(_("Enter an amount in đồng."), code="required")
            return None
        if isinstance(text, int):
            return text
        try:
            amount = parse_vnd(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole number of đồng, e.g. 1.500.000 (no decimals).")
            ) from None
        if amount > 10**13:
            raise forms.ValidationError(_("The amount is too large."))
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class DeadlineField(forms.CharField):
    """A deadline amount: "20", "0", "0,5"; empty for "not published"."""

    def clean(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = (value or "").strip().replace(",", ".") if isinstance(value, str) else value
        if text in ("", None):
            return None
        try:
            number = Decimal(str(text))
        except InvalidOperation:
            raise forms.ValidationError(_("Enter a number, e.g. 20 or 0,5.")) from None
        if not number.is_finite() or number < 0:
            raise forms.ValidationError(_("The deadline must be zero or more."))
        if number >= 10000 or number != number.quantize(Decimal("0.1")):
            raise forms.ValidationError(_("Enter a number with at most one decimal, below 10000."))
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


# ================================================================ public
class CatalogueFilterForm(forms.Form):
    """Filters of /thu-tuc/ (GET). Unknown choices are errors, shown with 400."""

    q = forms.CharField(label=_("Search procedures"), required=False, max_length=200)
    linhvuc = forms.ChoiceField(label=_("Field"), required=False)
    mucdo = forms.ChoiceField(label=_("Online level"), required=False, choices=LEVEL_FILTERS)
    donvi = forms.ChoiceField(label=_("Handling unit"), required=False)

    def __init__(self, *args: Any, fields: list[Any], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fields_by_code = {f.code: f for f in fields}
        self._units_by_code = {u.code: u for u in units}
        self.fields["linhvuc"].choices = [("", _("All fields"))] + [
            (f.code, f"{f.name} ({f.n})") for f in fields
        ]
        self.fields["donvi"].choices = [("", _("All units"))] + [(u.code, u.name) for u in units]
        self.fields["q"].widget.attrs.update({"type": "search"})
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].help_text = _("Accents are optional: “chung chi hanh nghe duoc” works.")

    def clean_q(self) -> str:
        return clean_text(self.cleaned_data.get("q") or "")

    def field_obj(self) -> Any:
        return self._fields_by_code.get(self.cleaned_data.get("linhvuc") or "")

    def unit_obj(self) -> Any:
        return self._units_by_code.get(self.cleaned_data.get("donvi") or "")


# ================================================================ staff
class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


class ProcedureForm(forms.Form):
    code = forms.CharField(
        label=_("Procedure code"),
        max_length=32,
        help_text=_(
            "The national code (mã TTHC), e.g. 1.014076. A procedure without a national code gets a local code starting with SYT-, e.g. SYT-KCB-01."
        ),
    )
    name = forms.CharField(
        label=_("Name"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    field = forms.ModelChoiceField(label=_("Field"), queryset=ProcedureField.objects.all())
    unit = UnitChoiceField(label=_("Handling unit"), queryset=Unit.objects.none())
    online_level = forms.ChoiceField(label=_("Online level"), choices=OnlineLevel.choices)
    is_active = forms.BooleanField(
        label=_("In use (listed on the website)"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.visible_to(user, roles=[Role.SYSADMIN, Role.COORDINATOR, Role.APPROVER])
            .filter(is_active=True)
            .order_by("path")
        )

    def clean_code(self) -> str:
        code = clean_text(self.cleaned_data["code"]).replace(" ", "")
        if not code:
            raise forms.ValidationError(_("Enter the procedure code."))
        return code


class NewVersionForm(forms.Form):
    effective_from = _date_field(_("In force from"))


class VersionForm(forms.Form):
    """The facts of a draft version."""

    effective_from = _date_field(_("In force from"))
    decision = forms.CharField(label=_("Publication decision"), max_length=255, required=False)
    deadline_amount = DeadlineField(
        label=_("Deadline"),
        required=False,
        help_text=_("A number; 0 means on receipt. Leave empty if not published (“chưa công bố”)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "num"}),
    )
    deadline_unit = forms.ChoiceField(
        label=_("Counted in"), required=False, choices=[("", "—"), *DeadlineUnit.choices]
    )
    deadline_note = forms.CharField(label=_("Deadline note"), max_length=500, required=False)
    fee_status = forms.ChoiceField(label=_("Fees"), choices=FeeStatus.choices)
    fee_note = forms.CharField(label=_("Fee note"), max_length=500, required=False)
    fee_timing = forms.ChoiceField(label=_("Fee paid"), choices=FeeTiming.choices)
    result_type = forms.CharField(label=_("Result"), max_length=500, required=False)
    applicants = forms.CharField(label=_("Who may apply"), max_length=500, required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    delivers_at_counter = forms.BooleanField(
        label=_("Result at the one-stop counter"), required=False
    )
    delivers_by_post = forms.BooleanField(
        label=_("Result by public postal service"), required=False
    )
    accepts_post_submission = forms.BooleanField(
        label=_("Accepts dossiers sent by post"), required=False
    )
    in_person_note = forms.CharField(
        label=_("How to submit in person or by post"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where and when; shown on the public page."),
    )
    dossier_sets = forms.IntegerField(
        label=_("Number of sets"), min_value=1, max_value=20, initial=1
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount, unit = data.get("deadline_amount"), data.get("deadline_unit")
        if amount is not None and not unit:
            self.add_error("deadline_unit", _("Choose how the deadline is counted."))
        if amount is None and unit:
            data["deadline_unit"] = ""
        if not data.get("delivers_at_counter") and not data.get("delivers_by_post"):
            self.add_error(
                "delivers_at_counter", _("Choose at least one way to deliver the result.")
            )
        return data


class _RowForm(forms.Form):
    """A row of a list: an extra row counts as filled in only when its name
    is (checkboxes with a default would otherwise make every blank row
    "changed" when the browser leaves them unticked)."""

    def has_changed(self) -> bool:
        return bool((self.data.get(self.add_prefix("name")) or "").strip()) or bool(
            self.data.get(self.add_prefix("id"))
        )


class FeeLineForm(_RowForm):
    name = forms.CharField(label=_("Fee"), max_length=255)
    amount = VNDField(label=_("Amount (VND)"), required=True)
    is_optional = forms.BooleanField(label=_("Depends on the case"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DocumentForm(_RowForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Document"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    copy_type = forms.ChoiceField(label=_("Original or copy"), choices=CopyType.choices)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=99, initial=1)
    is_required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    template = forms.FileField(
        label=_("Form template (PDF, DOCX, ODT, XLSX)"),
        required=False,
        help_text=_("At most 10 MB."),
    )
    clear_template = forms.BooleanField(label=_("Remove the current template"), required=False)

    def clean_template(self) -> Any:
        upload = self.cleaned_data.get("template")
        if not upload:
            return None
        name = (upload.name or "").lower()
        ext = name[name.rfind(".") :] if "." in name else ""
        if ext not in TEMPLATE_EXTENSIONS:
            raise forms.ValidationError(
                _("The template must be a PDF, DOCX, DOC, ODT or XLSX file.")
            )
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The template is larger than 10 MB."))
        head = upload.read(8)
        upload.seek(0)
        if ext == ".pdf" and not head.startswith(b"%PDF"):
            raise forms.ValidationError(_("This file is not a real PDF."))
        if ext in {".docx", ".odt", ".xlsx"} and not head.startswith(b"PK\x03\x04"):
            raise forms.ValidationError(
                _("This file is not a real %(ext)s document.") % {"ext": ext[1:].upper()}
            )
        if ext == ".doc" and not head.startswith(b"\xd0\xcf\x11\xe0"):
            raise forms.ValidationError(_("This file is not a real DOC document."))
        return upload


class StepForm(_RowForm):
    name = forms.CharField(label=_("Step"), max_length=255)
    role = forms.ChoiceField(label=_("Done by"), required=False, choices=[("", "—"), *Role.choices])
    share_percent = forms.IntegerField(
        label=_("Share of the deadline (%)"), min_value=0, max_value=100, initial=0
    )


class _Formset(forms.BaseFormSet):
    """Blank extra rows are ignored; a row marked for deletion is dropped."""

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for form in self.forms:
            if not form.cleaned_data:  # a blank extra row
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            out.append(form.cleaned_data)
        return out


FeeLineFormSet = forms.formset_factory(
    FeeLineForm, formset=_Formset, extra=2, can_delete=True, max_num=30, validate_max=True
)
DocumentFormSet = forms.formset_factory(
    DocumentForm, formset=_Formset, extra=2, can_delete=True, max_num=40, validate_max=True
)
StepFormSet = forms.formset_factory(
    StepForm, formset=_Formset, extra=2, can_delete=True, max_num=20, validate_max=True
)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"), help_text=_("At most 5 MB."))
    publish = forms.BooleanField(
        label=_("Publish the imported versions at once"),
        required=False,
        help_text=_("Otherwise they are kept as drafts to check first."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file (.xlsx)."))
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("This file is not a real Excel (.xlsx) workbook."))
        return upload
