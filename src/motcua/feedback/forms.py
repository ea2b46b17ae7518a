"""Forms of the feedback screens: they clean input; the actions decide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import normalise_phone
from motcua.core.text import clean_text, nfc
from motcua.feedback.constants import FeedbackKind, Rating, Topic
from motcua.feedback.uploads import check_attachment
from motcua.org.constants import UnitKind
from motcua.org.models import Unit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked for size and real type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,.docx"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        errors = []
        for upload in files:
            try:
                check_attachment(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "— " * max(obj.depth - 1, 0) + obj.name


def feedback_units():
    """Units a citizen may address: every active unit under the province."""
    return Unit.objects.active().exclude(kind=UnitKind.PROVINCE).order_by("path")


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        initial=FeedbackKind.QUESTION,
        error_messages={"required": _("Choose what you want to send.")},
    )


class _ContactMixin(forms.Form):
    contact_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send the code, the key and the answer to this address."),
    )
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def clean_contact_phone(self) -> str:
        raw = self.cleaned_data.get("contact_phone", "")
        return normalise_phone(raw) if raw.strip() else ""

    def clean_contact_name(self) -> str:
        return clean_text(self.cleaned_data.get("contact_name", ""))


class PublicFeedbackForm(_ContactMixin):
    """The web form at /phan-anh-kien-nghi/."""

    kind = _kind_field()
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices])
    unit = UnitChoiceField(
        label=_("Unit or health facility concerned"),
        queryset=Unit.objects.none(),
        empty_label="—",
        help_text=_("If you do not know, choose the Department of Health."),
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8})
    )
    dossier_code = forms.CharField(
        label=_("Dossier code (if it is about a dossier)"), max_length=40, required=False
    )
    attachments = MultipleFileField(label=_("Attachments"))
    is_anonymous = forms.BooleanField(
        label=_("Send without my name (only for suggestions and questions)"), required=False
    )
    consent_publish = forms.BooleanField(
        label=_(
            "I agree that my question and the answer are published on the website, with my personal data hidden"
        ),
        required=False,
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = feedback_units()
        self.fields["attachments"].help_text = _(
            "Up to %(n)s files: photos (JPEG, PNG, WebP), PDF or Word, at most %(mb)s MB each."
        ) % {"n": settings.FEEDBACK_MAX_ATTACHMENTS, "mb": settings.FEEDBACK_ATTACHMENT_MAX_MB}
        if not self.is_bound and not self.initial.get("unit"):
            dept = self.fields["unit"].queryset.filter(kind=UnitKind.DEPARTMENT).first()
            if dept is not None:
                self.initial["unit"] = dept.pk

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean_content(self) -> str:
        return nfc(self.cleaned_data["content"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("website"):
            raise ValidationError(
                _("Your message could not be sent. Please try again."), code="honeypot"
            )
        kind = data.get("kind")
        if data.get("is_anonymous"):
            if kind and kind not in settings.FEEDBACK_ANONYMOUS_KINDS:
                self.add_error(
                    "is_anonymous",
                    _(
                        "Complaints and recommendations need your name and a contact; untick this box."
                    ),
                )
        else:
            if not data.get("contact_name"):
                self.add_error("contact_name", _("Enter your full name, or send anonymously."))
            if (
                not data.get("contact_email")
                and not data.get("contact_phone")
                and "contact_phone" not in self.errors
            ):
                self.add_error(
                    "contact_email",
                    _("Enter an e-mail address or a phone number so we can answer you."),
                )
        files = data.get("attachments") or []
        if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _("Send at most %(n)s files.") % {"n": settings.FEEDBACK_MAX_ATTACHMENTS},
            )
        return data


class StaffIntakeForm(_ContactMixin):
    """What staff enter for a call, a letter or an e-mail."""

    kind = _kind_field()
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices])
    unit = UnitChoiceField(label=_("Unit concerned"), queryset=Unit.objects.none(), empty_label="—")
    title = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(
        label=_("Content"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    dossier_code = forms.CharField(label=_("Dossier code"), max_length=40, required=False)
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    consent_publish = forms.BooleanField(
        label=_(
            "The sender agrees to publication of the question and answer (personal data hidden)"
        ),
        required=False,
    )
    attachments = MultipleFileField(label=_("Attachments"))

    channel_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = feedback_units()
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("The time received cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        files = data.get("attachments") or []
        if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _("Send at most %(n)s files.") % {"n": settings.FEEDBACK_MAX_ATTACHMENTS},
            )
        if (
            not data.get("contact_name")
            and data.get("kind")
            and data["kind"] not in settings.FEEDBACK_ANONYMOUS_KINDS
        ):
            self.add_error(
                "contact_name", _("Complaints and recommendations need the sender's name.")
            )
        return data


class HotlineForm(StaffIntakeForm):
    caller_line = forms.CharField(
        label=_("Line called"), max_length=32, required=False, help_text=_("E.g. 0258 3822 957")
    )
    recording_ref = forms.CharField(
        label=_("Recording reference"),
        max_length=120,
        required=False,
        help_text=_("The call's identifier in the switchboard, if it was recorded."),
    )
    field_order = [
        "received_at",
        "caller_line",
        "contact_name",
        "contact_phone",
        "recording_ref",
        "kind",
        "topic",
        "unit",
        "title",
        "content",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].label = _("Time of the call")
        self.fields["contact_name"].label = _("Caller")
        self.fields["content"].label = _("Summary of the call")


class MailboxForm(StaffIntakeForm):
    scan = forms.FileField(
        label=_("Scan of the letter"), help_text=_("PDF or photo of every page.")
    )
    letter_date = forms.DateField(
        label=_("Date of the letter"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = [
        "received_at",
        "scan",
        "letter_date",
        "contact_name",
        "contact_address",
        "contact_phone",
        "kind",
        "topic",
        "unit",
        "title",
        "content",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].label = _("Taken from the mailbox at")
        self.fields["contact_name"].label = _("Sender")
        self.fields["content"].label = _("Content of the letter (summary or transcription)")

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        check_attachment(scan)
        return scan


class EmailIntakeForm(StaffIntakeForm):
    email_from = forms.EmailField(label=_("Sender's address"))
    email_message_id = forms.CharField(
        label=_("Message-ID (optional)"), max_length=255, required=False
    )
    field_order = [
        "received_at",
        "email_from",
        "contact_name",
        "email_message_id",
        "kind",
        "topic",
        "unit",
        "title",
        "content",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].label = _("Date of the e-mail")
        self.fields["title"].label = _("Subject of the e-mail")
        self.fields["content"].label = _("Text of the e-mail")
        del self.fields["contact_email"]


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackKind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, empty_label="—")  # type: ignore[arg-type]

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["handler"].queryset = (
            get_user_model().objects.filter(pk__in=[h.pk for h in handlers]).order_by("full_name")
        )
        self.fields["handler"].label_from_instance = lambda u: u.full_name or u.email


class DraftForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    publish = forms.BooleanField(
        label=_("Publish the question and the answer on /hoi-dap/ (personal data hidden)"),
        required=False,
    )


class TransferForm(forms.Form):
    to_unit = UnitChoiceField(label=_("Transfer to"), queryset=Unit.objects.none(), empty_label="—")
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = feedback_units()


class DeclineForm(forms.Form):
    referral = forms.CharField(
        label=_("Where the citizen should turn to"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name the competent authority, its address and how to contact it."),
    )


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("E.g. PAKN-260115-0007"))
    key = forms.CharField(
        label=_("Lookup key"), max_length=12, help_text=_("The 6 characters sent with the code.")
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you are satisfied.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the answer not settle the matter?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    chu_de = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All topics")), *Topic.choices], required=False
    )
    don_vi = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = feedback_units()
