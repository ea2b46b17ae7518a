"""Forms of the notifications screens. They clean input; the writes are in
``notifications.actions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import normalise_phone
from motcua.core.forms import check_ward_in_province, setup_province_ward
from motcua.core.text import clean_text
from motcua.notifications import rendering
from motcua.notifications import sms as smstext
from motcua.notifications.constants import (
    EMAIL_SUBJECT_MAX,
    EVENTS,
    SMS_MAX_CHARS,
    CampaignTopic,
    Channel,
    Event,
)
from motcua.notifications.models import Campaign


def _field_name(event: str, channel: str) -> str:
    return f"{event.replace('.', '__')}--{channel}"


class PreferencesForm(forms.Form):
    """One box per configurable event and channel. A statutory event must
    keep at least one box ticked."""

    def __init__(self, *args: Any, matrix: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        for row in matrix:
            for channel, on in row["channels"].items():
                name = _field_name(row["event"], channel)
                self.fields[name] = forms.BooleanField(
                    label=Channel(channel).label, required=False, initial=on
                )

    def rows(self) -> list[dict[str, Any]]:
        """The matrix with bound fields, for the template."""
        return [
            {
                **row,
                "fields": [self[_field_name(row["event"], c)] for c in row["channels"]],
            }
            for row in self.matrix
        ]

    def enabled(self) -> dict[tuple[str, str], bool]:
        return {
            (row["event"], c): bool(self.cleaned_data.get(_field_name(row["event"], c)))
            for row in self.matrix
            for c in row["channels"]
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.matrix:
            spec = row["spec"]
            names = [_field_name(row["event"], c) for c in row["channels"]]
            if spec.statutory and not any(data.get(n) for n in names):
                self.add_error(
                    names[0],
                    _("“%(event)s” is required by law: keep at least one channel.")
                    % {"event": Event(row["event"]).label},
                )
        return data


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=CampaignTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive every topic."),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
        help_text=_("6 digits."),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(code) != 6:
            raise ValidationError(_("The code has 6 digits."))
        return code


class PhoneLoginForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("The number verified in your account, e.g. 0905 123 456."),
    )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])


class TemplateForm(forms.Form):
    """An administrator's copy of a template: checked for syntax and, for
    SMS, for length with the sample values."""

    subject = forms.CharField(label=_("Subject"), max_length=EMAIL_SUBJECT_MAX, required=False)
    body_text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))
    body_html = forms.CharField(
        label=_("HTML (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Without it, the HTML e-mail is made from the text."),
    )
    strip_accents = forms.BooleanField(
        label=_("Send without diacritics"),
        required=False,
        help_text=_(
            "Vietnamese with diacritics is sent as Unicode: 70 characters per SMS instead of 160."
        ),
    )

    def __init__(self, *args: Any, event: str, channel: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event, self.channel = event, channel
        if channel == Channel.SMS:
            del self.fields["subject"]
            del self.fields["body_html"]
            self.fields["body_text"].widget.attrs["rows"] = 4
        else:
            del self.fields["strip_accents"]
            self.fields["subject"].required = True

    def _check(self, name: str) -> str:
        value = (self.cleaned_data.get(name) or "").replace("\r\n", "\n").strip()
        try:
            rendering.check_syntax(value)
        except TemplateSyntaxError as exc:
            raise ValidationError(
                _("The template cannot be read: %(error)s") % {"error": exc}
            ) from exc
        return value

    def clean_subject(self) -> str:
        return self._check("subject")

    def clean_body_text(self) -> str:
        return self._check("body_text")

    def clean_body_html(self) -> str:
        return self._check("body_html")

    def source(self) -> rendering.TemplateSource:
        data = self.cleaned_data
        return rendering.TemplateSource(
            subject=data.get("subject", ""),
            text=data.get("body_text", ""),
            html=data.get("body_html", ""),
            strip_accents=bool(data.get("strip_accents")),
            custom=True,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            rendered = rendering.render_source(
                self.source(), self.channel, EVENTS[self.event].sample
            )
        except Exception as exc:
            raise ValidationError(
                _("The template fails with the sample values: %(error)s") % {"error": exc}
            ) from exc
        if self.channel == Channel.SMS and len(rendered.text) > SMS_MAX_CHARS:
            self.add_error(
                "body_text",
                _("The SMS is too long: %(n)s characters with the sample values (at most %(max)s).")
                % {"n": len(rendered.text), "max": SMS_MAX_CHARS},
            )
        self.rendered = rendered
        return data


class CampaignForm(forms.ModelForm):
    """A campaign draft. The ward list depends on the province; without
    JavaScript a button reloads it, keeping what was typed."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "unit",
            "topic",
            "province",
            "ward",
            "send_email",
            "email_subject",
            "email_text",
            "send_sms",
            "sms_text",
            "sms_strip_accents",
        ]
        widgets = {
            "email_text": forms.Textarea(attrs={"rows": 8}),
            "sms_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("For the list of campaigns; the e-mail subject is separate."),
            "sms_text": _(
                "The advertising label and the way to unsubscribe are added automatically."
            ),
            "topic": _("Only subscribers who chose this topic (or chose none)."),
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["topic"].required = False
        self.fields["topic"].choices = [("", _("— All topics —")), *CampaignTopic.choices]
        setup_province_ward(
            self,
            initial_province_id=self.instance.province_id if self.instance else None,
            province_empty_label=_("— All provinces —"),
            ward_empty_label=_("— All communes and wards —"),
        )
        label = settings.CAMPAIGN_AD_LABEL
        if label:
            self.fields["sms_text"].help_text = _(
                "“%(label)s” is put before the text and the way to unsubscribe after it."
            ) % {"label": label}

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean_email_subject(self) -> str:
        return clean_text(self.cleaned_data.get("email_subject", ""))

    def clean_email_text(self) -> str:
        return (self.cleaned_data.get("email_text") or "").replace("\r\n", "\n").strip()

    def clean_sms_text(self) -> str:
        return clean_text(self.cleaned_data.get("sms_text", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("send_email") and not data.get("send_sms"):
            self.add_error("send_email", _("Choose e-mail, SMS or both."))
        if data.get("send_email"):
            if not data.get("email_subject"):
                self.add_error("email_subject", _("Enter the e-mail subject."))
            if not data.get("email_text"):
                self.add_error("email_text", _("Enter the e-mail text."))
        if data.get("send_sms"):
            text = data.get("sms_text", "")
            if not text:
                self.add_error("sms_text", _("Enter the SMS text."))
            elif len(text) > 320:
                self.add_error(
                    "sms_text",
                    _("Keep the SMS under 320 characters (it has %(n)s).") % {"n": len(text)},
                )
            elif smstext.analyse(text).segments > 5:
                self.add_error("sms_text", _("The SMS would need more than 5 parts."))
        check_ward_in_province(self, data)
        return data


class InboundSmsForm(forms.Form):
    """Development page: pretend a citizen texted the short code."""

    sender = forms.CharField(label=_("From (phone)"), max_length=32, initial="0905 123 456")
    text = forms.CharField(label=_("Text"), max_length=500, initial="TRACUU SYT-260115-0042")

    def clean_sender(self) -> str:
        return normalise_phone(self.cleaned_data["sender"])
