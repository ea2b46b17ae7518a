"""Forms of the online submission and of "Hồ sơ của tôi". They clean
input (NFC, phone and ID formats); the writes are in ``dossiers.actions``.

Province → commune lists work without JavaScript as on the profile page
(``accounts.forms.ProfileForm``): the ward list is filtered by the chosen
province, and a "reload" button (clicked by script when present) re-renders
the form with what was typed."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import (
    format_phone,
    normalise_cccd,
    normalise_phone,
    validate_cccd,
)
from motcua.core.models import AdministrativeUnit
from motcua.core.text import clean_text
from motcua.dossiers.constants import ApplicantKind, DeliveryMethod
from motcua.dossiers.models import Dossier

# Mã số thuế: 10 digits, or 10 digits, a dash and 3 digits for a branch.
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def normalise_tax_code(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


class _PlaceFieldsMixin:
    """Province and ward selects, the ward list filtered by the province."""

    province_field: str
    ward_field: str
    initial_province_id: int | None = None

    def _setup_places(self, *, required: bool) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        provinces = AdministrativeUnit.objects.current().provinces().order_by("name")
        province = fields[self.province_field]
        province.queryset = provinces
        province.required = required
        province.empty_label = _("— Choose a province or city —")
        province.widget.attrs["data-reload-on-change"] = "#reload-wards"
        province_id = self._chosen_province_id()
        wards = AdministrativeUnit.objects.current().wards()
        ward = fields[self.ward_field]
        ward.queryset = (
            wards.filter(parent_id=province_id).order_by("name") if province_id else wards.none()
        )
        ward.required = required
        ward.empty_label = _("— Choose a commune or ward —")
        if not province_id:
            ward.help_text = _("Choose the province first.")

    def _chosen_province_id(self) -> int | None:
        form: Any = self
        if form.is_bound:
            raw = form.data.get(form.add_prefix(self.province_field))
            try:
                return int(raw) if raw else None
            except (TypeError, ValueError):
                return None
        value = form.initial.get(self.province_field)
        return getattr(value, "pk", value)

    def _check_place(self, data: dict[str, Any]) -> None:
        province, ward = data.get(self.province_field), data.get(self.ward_field)
        if ward is not None and (province is None or ward.parent_id != province.pk):
            self.add_error(  # type: ignore[attr-defined]
                self.ward_field, _("This commune or ward is not in the chosen province.")
            )


def _relax_length(field: forms.Field, length: int = 32) -> None:
    # People type "056 090 001 234": limits apply after normalisation.
    field.max_length = length  # type: ignore[attr-defined]
    field.widget.attrs["maxlength"] = str(length)
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


class ApplicantForm(_PlaceFieldsMixin, forms.ModelForm):
    """Step 1: who submits — a person, or an organisation with its tax code."""

    province_field = "applicant_province"
    ward_field = "applicant_ward"

    class Meta:
        model = Dossier
        fields = [
            "applicant_kind",
            "applicant_name",
            "applicant_id_number",
            "organisation_name",
            "tax_code",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
            "applicant_province",
            "applicant_ward",
        ]
        labels = {
            "applicant_kind": _("Who submits the dossier?"),
            "applicant_name": _("Full name"),
            "applicant_id_number": _("Citizen ID number (CCCD)"),
            "organisation_name": _("Name of the organisation or business"),
            "tax_code": _("Tax code"),
            "applicant_phone": _("Phone"),
            "applicant_email": _("E-mail"),
            "applicant_address": _("Address (house number, street, hamlet)"),
            "applicant_province": _("Province / city"),
            "applicant_ward": _("Commune / ward"),
        }
        help_texts = {
            "applicant_name": _("For an organisation: the person who submits on its behalf."),
            "applicant_id_number": _("12 digits. Required for an individual."),
            "organisation_name": _("Only for an organisation or business."),
            "tax_code": _("10 digits, or 10 digits-3 digits for a branch."),
            "applicant_phone": _("We send the dossier code and its progress to this number."),
        }
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "applicant_id_number": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "tax_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "applicant_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "applicant_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "applicant_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_kind"].choices = ApplicantKind.choices
        self.fields["applicant_name"].required = True
        self.fields["applicant_phone"].required = True
        self.fields["applicant_address"].required = True
        for name in ("applicant_id_number", "applicant_phone", "tax_code"):
            _relax_length(self.fields[name])
        self.initial.setdefault("applicant_province", self.instance.applicant_province_id)
        if not self.is_bound:
            self.initial["applicant_phone"] = format_phone(self.instance.applicant_phone)
        self._setup_places(required=True)

    def clean_applicant_name(self) -> str:
        return clean_text(self.cleaned_data["applicant_name"])

    def clean_organisation_name(self) -> str:
        return clean_text(self.cleaned_data.get("organisation_name", ""))

    def clean_applicant_address(self) -> str:
        return clean_text(self.cleaned_data.get("applicant_address", ""))

    def clean_applicant_id_number(self) -> str:
        raw = self.cleaned_data.get("applicant_id_number", "")
        if not raw:
            return ""
        validate_cccd(raw)
        return normalise_cccd(raw)

    def clean_tax_code(self) -> str:
        raw = normalise_tax_code(self.cleaned_data.get("tax_code", ""))
        if raw and not _TAX_CODE.match(raw):
            raise forms.ValidationError(
                _("A tax code has 10 digits, or 10 digits, a dash and 3 digits.")
            )
        return raw

    def clean_applicant_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("applicant_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("applicant_kind")
        if (
            kind == ApplicantKind.PERSON
            and not data.get("applicant_id_number")
            and "applicant_id_number" not in self.errors
        ):
            self.add_error(
                "applicant_id_number", _("Enter the citizen ID number of the applicant.")
            )
        if kind == ApplicantKind.ORGANISATION:
            if not data.get("organisation_name") and "organisation_name" not in self.errors:
                self.add_error("organisation_name", _("Enter the name of the organisation."))
            if not data.get("tax_code") and "tax_code" not in self.errors:
                self.add_error("tax_code", _("Enter the tax code of the organisation."))
        self._check_place(data)
        return data

    def action_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DeliveryForm(_PlaceFieldsMixin, forms.ModelForm):
    """Step 3: where the result goes — the one-stop counter, or by public
    postal service to an address chosen from the administrative units."""

    province_field = "delivery_province"
    ward_field = "delivery_ward"

    class Meta:
        model = Dossier
        fields = [
            "delivery_method",
            "delivery_name",
            "delivery_phone",
            "delivery_address",
            "delivery_province",
            "delivery_ward",
        ]
        labels = {
            "delivery_method": _("How do you want to receive the result?"),
            "delivery_name": _("Recipient"),
            "delivery_phone": _("Recipient's phone"),
            "delivery_address": _("Address (house number, street, hamlet)"),
            "delivery_province": _("Province / city"),
            "delivery_ward": _("Commune / ward"),
        }
        widgets = {
            "delivery_method": forms.RadioSelect,
            "delivery_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "delivery_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "delivery_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args: Any, version: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        if version.delivers_at_counter:
            choices.append((DeliveryMethod.COUNTER.value, DeliveryMethod.COUNTER.label))
        if version.delivers_by_post:
            choices.append((DeliveryMethod.POST.value, DeliveryMethod.POST.label))
        self.fields["delivery_method"].choices = choices
        _relax_length(self.fields["delivery_phone"])
        self.initial.setdefault("delivery_province", self.instance.delivery_province_id)
        if not self.is_bound:
            self.initial["delivery_phone"] = format_phone(self.instance.delivery_phone)
        self._setup_places(required=False)
        for name in ("delivery_name", "delivery_phone", "delivery_address"):
            self.fields[name].required = False
        self.fields["delivery_address"].help_text = _("Needed only for delivery by post.")

    def _by_post(self) -> bool:
        return self.data.get(self.add_prefix("delivery_method")) == DeliveryMethod.POST

    def clean_delivery_name(self) -> str:
        return clean_text(self.cleaned_data.get("delivery_name", ""))

    def clean_delivery_address(self) -> str:
        return clean_text(self.cleaned_data.get("delivery_address", ""))

    def clean_delivery_phone(self) -> str:
        raw = self.cleaned_data.get("delivery_phone", "")
        return normalise_phone(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("delivery_method") == DeliveryMethod.POST:
            needed = {
                "delivery_name": _("Enter the recipient's name."),
                "delivery_phone": _("Enter the recipient's phone number."),
                "delivery_address": _("Enter the delivery address."),
                "delivery_province": _("Choose the province or city."),
                "delivery_ward": _("Choose the commune or ward."),
            }
            for name, message in needed.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        self._check_place(data)
        return data

    def action_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields} | {
            "delivery_province": self.cleaned_data.get("delivery_province"),
            "delivery_ward": self.cleaned_data.get("delivery_ward"),
        }


class ReviewForm(forms.Form):
    """Step 4: the declaration and the consent, never pre-ticked (Luật
    91/2025, Điều 9), and the submission token that makes a double click
    or a retried request submit once."""

    declaration = forms.BooleanField(
        label=_(
            "I declare that the information and documents in this dossier are true, and I am "
            "responsible for them before the law."
        ),
        error_messages={"required": _("Tick the declaration to submit the dossier.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Department of Health processes the personal data in this dossier "
            "to handle it and to tell me about its progress."
        ),
        error_messages={"required": _("Your consent is needed to handle the dossier.")},
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class SupplementForm(forms.Form):
    """What the citizen writes with a supplement (files come separately)."""

    note = forms.CharField(
        label=_("Message to the one-stop office"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Explain what you attach, or supply information in writing."),
    )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you withdraw the dossier.")},
    )

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Say why you withdraw the dossier."))
        return reason
