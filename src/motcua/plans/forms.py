"""Forms of the plan and report screens (input cleaning only; the rules
are in ``actions``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core import indicators
from motcua.core.money import parse_vnd
from motcua.core.text import clean_text
from motcua.org.models import Unit
from motcua.plans.constants import (
    OUTPUTS,
    Audience,
    EvidenceKind,
    ObjectiveKind,
    PeriodKind,
    Schedule,
)
from motcua.plans.models import CommunicationForm, Objective, Plan, Topic

DATE_HELP = _("dd/mm/yyyy")


def _date_field(
    label: Any, *, required: bool = False, help_text: Any = DATE_HELP
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, e.g. 05/04/2026.")},
    )


class CountField(forms.IntegerField):
    """A whole number, zero or more ("1.200" is read as 1200)."""

    default_error_messages = {
        "invalid": _("Enter a whole number, zero or more."),
        "min_value": _("Enter a whole number, zero or more."),
        "max_value": _("The number is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2_000_000_000)
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().replace(".", "").replace(" ", "")
            if value == "":
                return 0
            if not value.lstrip("-").isdigit():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        result = super().to_python(value)
        return 0 if result is None else result


class VNDField(forms.CharField):
    """An amount in đồng: "1.500.000", "1500000" or "1.500.000 đ"; never negative."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("In đồng, e.g. 1.500.000"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "num"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int:  # type: ignore[override]
        text = (value or "").strip()
        if not text:
            if self.required:
                raise forms.ValidationError(_("Enter an amount in đồng."))
            return 0
        try:
            amount = parse_vnd(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a whole number of đồng, e.g. 1.500.000 (no decimals).")
            ) from None
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."))
        if amount > 10**15:
            raise forms.ValidationError(_("The amount is too large."))
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class PercentOrNumberField(forms.CharField):
    """A target value: "90", "90,5" or "90.5"; zero or more."""

    def clean(self, value: Any) -> Decimal:  # type: ignore[override]
        text = (value or "").strip().replace("%", "").replace(" ", "")
        if not text:
            raise forms.ValidationError(_("Enter the value to reach."))
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        elif text.count(".") > 1 or ("." in text and "," in text):
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter a number, e.g. 90 or 90,5.")) from None
        if not number.is_finite() or number < 0:
            raise forms.ValidationError(_("The value must be zero or more."))
        if number >= Decimal("1e17"):
            raise forms.ValidationError(_("The value is too large."))
        return number.quantize(Decimal("0.01"))

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}"
            return text.replace(".", ",")
        return value


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{'— ' * max(0, obj.depth - 2)}{obj.name} ({obj.code})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


# ------------------------------------------------------------------ plans
class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "number",
            "symbol",
            "issued_on",
            "parent_body",
            "issuer_name",
            "place",
            "legal_basis",
            "requirements",
            "audiences",
            "budget_source",
            "implementation",
            "report_to",
            "report_symbol",
            "unit_deadline_days",
            "department_deadline_days",
            "remind_before_days",
            "remind_every_days",
            "is_shared_model",
            "source_note",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "audiences": forms.Textarea(attrs={"rows": 3}),
            "budget_source": forms.Textarea(attrs={"rows": 2}),
            "implementation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "title": _(
                "The subject line, e.g. “Tuyên truyền cải cách hành chính năm 2026 của Sở Y tế”."
            ),
            "number": _("Given by the clerk when the plan is issued; leave empty for a draft."),
        }

    def __init__(
        self, *args: Any, departments: Any = None, creating: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued_on"] = _date_field(_("Date of issue"))
        if self.instance and self.instance.issued_on:
            self.initial["issued_on"] = self.instance.issued_on
        for name in ("parent_body", "issuer_name", "place"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Filled from the unit tree when left empty.")
        if creating:
            self.fields["department"] = forms.ModelChoiceField(
                label=_("Issuing department"), queryset=departments, empty_label=None
            )
            self.fields["year"] = forms.IntegerField(
                label=_("Year"),
                min_value=2000,
                max_value=2100,
                error_messages={
                    "invalid": _("Enter a year, e.g. 2026."),
                    "min_value": _("Enter a year between 2000 and 2100."),
                    "max_value": _("Enter a year between 2000 and 2100."),
                },
            )
            self.order_fields(["department", "year", "title"])

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])


class ReportingUnitsForm(forms.Form):
    units = UnitMultipleChoiceField(
        label=_("Units that report on this plan"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = (
            Unit.objects.active()
            .subtree_of(plan.department)
            .exclude(pk=plan.department_id)
            .order_by("path")
        )
        if not self.is_bound:
            self.initial["units"] = list(plan.reporting_units.values_list("pk", flat=True))


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    issued_on = _date_field(_("Date of issue"))


class CopyForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year of the new plan"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Enter a year, e.g. 2026."),
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
    )
    title = forms.CharField(
        label=_("Title of the new plan"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to keep the title with the new year."),
    )

    def __init__(self, *args: Any, departments: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"] = forms.ModelChoiceField(
                label=_("Into the plans of"), queryset=departments, empty_label=None
            )


class ObjectiveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ObjectiveKind.choices)
    text = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 3}))
    order = CountField(label=_("Order"), max_value=999)


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Target"), max_length=300, help_text=_("As the plan states it."))
    indicator_key = forms.ChoiceField(
        label=_("Measured by the indicator"),
        help_text=_(
            "Indicators not computed yet show “no data yet” until their service is in use."
        ),
    )
    direction = forms.ChoiceField(
        label=_("The value must be"), choices=[("higher", _("at least")), ("lower", _("at most"))]
    )
    target_value = PercentOrNumberField(label=_("Target value"), help_text=_("E.g. 90 for 90%."))
    objective = forms.ModelChoiceField(
        label=_("Objective"), queryset=Objective.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    order = CountField(label=_("Order"), max_value=999)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = indicators.choices()
        self.fields["objective"].queryset = plan.objectives.all()
        self.fields["objective"].label_from_instance = lambda o: o.text[:100]


class ActivityForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("E.g. HĐ01."))
    title = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    forms_ = forms.ModelMultipleChoiceField(
        label=_("Forms of communication"),
        queryset=CommunicationForm.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinating_units = UnitMultipleChoiceField(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    all_units = forms.BooleanField(label=_("Every reporting unit carries it out"), required=False)
    schedule = forms.ChoiceField(label=_("When"), choices=Schedule.choices)
    starts_on = _date_field(_("From"), help_text=_("For “from a date to a date”: dd/mm/yyyy"))
    ends_on = _date_field(_("To"), help_text=_("For “from a date to a date”: dd/mm/yyyy"))
    budget_vnd = VNDField(label=_("Budget (đồng)"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forms_"].label = _("Forms of communication")
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["forms_"].queryset = CommunicationForm.objects.filter(is_active=True)
        units = Unit.objects.active().subtree_of(plan.department).order_by("path")
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        for name, label, _doc in OUTPUTS:
            self.fields[f"expected_{name}"] = CountField(label=label)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("schedule") == Schedule.RANGE:
            if not data.get("starts_on"):
                self.add_error("starts_on", _("Enter the start date."))
            if not data.get("ends_on"):
                self.add_error("ends_on", _("Enter the end date."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and start > end:
            self.add_error("ends_on", _("The activity cannot end before it starts."))
        return data


class PeriodForm(forms.Form):
    unit_deadline = _date_field(_("Deadline for the units"), required=True)
    department_deadline = _date_field(_("Deadline for the Department"), required=True)


class AddPeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = set(plan.periods.values_list("kind", flat=True))
        self.fields["kind"].choices = [c for c in PeriodKind.choices if c[0] not in existing]


# ----------------------------------------------------------- unit reports
class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Summary of the period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Main results, good practices, difficulties. It feeds the Department's report."
        ),
    )


class ResultForm(forms.Form):
    narrative = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    spending_vnd = VNDField(label=_("Spending (đồng)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, _doc in OUTPUTS:
            self.fields[name] = CountField(label=label)
        self.order_fields([name for name, _l, _d in OUTPUTS] + ["spending_vnd", "narrative"])


class EvidenceLinkForm(forms.Form):
    url = forms.CharField(
        label=_("Address of the page or document on the website"),
        max_length=500,
        help_text=_("E.g. /trang/12/ or /tai-lieu/5/ — the stable address shown on the page."),
    )
    title = forms.CharField(label=_("Description"), max_length=255, required=False)


class EvidenceUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(EvidenceKind.PHOTO, _("Photo")), (EvidenceKind.FILE, _("File"))],
        widget=forms.RadioSelect,
        initial=EvidenceKind.PHOTO,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Photos: JPEG, PNG or WebP. Files: PDF, Word, Excel, PowerPoint. At most 10 MB."
        ),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )
    title = forms.CharField(label=_("Description"), max_length=255, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be changed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the new version"), widget=forms.Textarea(attrs={"rows": 3})
    )


# ------------------------------------------------------ consolidated report
class ConsolidatedForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    number = forms.CharField(
        label=_("Number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty until it is issued."),
    )
    issued_on = _date_field(_("Date"))
    recipients = forms.CharField(
        label=_("To (Kính gửi)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One recipient per line."),
    )
    situation = forms.CharField(
        label=_("I. Direction and organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    assessment = forms.CharField(
        label=_("III. Overall assessment"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    next_steps = forms.CharField(
        label=_("IV. Tasks for the next period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    proposals = forms.CharField(
        label=_("V. Proposals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left out of the report when empty."),
    )
    copies_to = forms.CharField(
        label=_("Copies to (Nơi nhận)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line each, the last “Lưu: VT, VP.”."),
    )
    signer_authority = forms.CharField(
        label=_("Signing authority"),
        max_length=100,
        required=False,
        help_text=_("E.g. “KT. GIÁM ĐỐC”."),
    )
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)


class ApproveForm(forms.Form):
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("As the clerk registers it.")
    )
    issued_on = _date_field(_("Date"), help_text=_("dd/mm/yyyy; today when left empty."))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        help_text=_(
            "Use the columns of the exported file. A file with any wrong row is refused whole."
        ),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )


class CatalogueItemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    order = CountField(label=_("Order"), max_value=999)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
