"""Forms for sign-up extras and the profile. They only clean input; the
writes are in ``accounts.actions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from motcua.accounts.actions import do_give_consent
from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.accounts.models import User
from motcua.accounts.validators import normalise_cccd, normalise_phone, validate_cccd
from motcua.core.forms import check_ward_in_province, setup_province_ward
from motcua.core.text import clean_text


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password. Consent
    boxes are never pre-ticked (Luật 91/2025, Điều 9)."""

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "agree_terms",
        "agree_notifications",
    ]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As written on your citizen ID card, with diacritics."),
    )
    agree_terms = forms.BooleanField(
        label=_("I agree that my personal data is processed to provide online public services."),
        required=True,
        error_messages={
            "required": _("You must agree to the processing of your data to create an account.")
        },
    )
    agree_notifications = forms.BooleanField(
        label=_("Send me SMS and e-mail about my dossiers (optional)."),
        required=False,
    )

    def clean_full_name(self) -> str:
        name = clean_text(self.cleaned_data["full_name"])
        if len(name) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def signup(self, request: Any, user: User) -> None:
        """Called by allauth once the user row exists."""
        do_give_consent(user, ConsentPurpose.TERMS, channel=ConsentChannel.WEB)
        if self.cleaned_data.get("agree_notifications"):
            do_give_consent(user, ConsentPurpose.NOTIFICATIONS, channel=ConsentChannel.WEB)


class ProfileForm(forms.ModelForm):
    """Name, CCCD, phone and address. The ward list depends on the chosen
    province; without JavaScript the page reloads it with a button."""

    class Meta:
        model = User
        fields = ["full_name", "id_number", "phone", "address_line", "province", "ward"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "id_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "address_line": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        # People type "056 090 001 234" or "(0258) 382 2957": the stored
        # length limits apply after normalisation (clean_*), not to what is typed.
        for name in ("id_number", "phone"):
            field = self.fields[name]
            field.max_length = 32
            field.widget.attrs["maxlength"] = "32"
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
        setup_province_ward(
            self, initial_province_id=self.instance.province_id if self.instance else None
        )

    def clean_full_name(self) -> str:
        return clean_text(self.cleaned_data["full_name"])

    def clean_address_line(self) -> str:
        return clean_text(self.cleaned_data.get("address_line", ""))

    def clean_id_number(self) -> str:
        raw = self.cleaned_data.get("id_number", "")
        if not raw:
            return ""
        validate_cccd(raw)
        return normalise_cccd(raw)

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        return normalise_phone(raw) if raw else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_ward_in_province(self, data)
        return data
