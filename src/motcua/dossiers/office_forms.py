"""Forms of the back-office screens (/can-bo/ho-so/): they clean input;
the actions in ``dossiers.actions.office`` decide."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.money import format_vnd, parse_vnd
from motcua.core.text import clean_text
from motcua.dossiers.constants import Channel, DeliveryMethod, DossierStatus
from motcua.dossiers.forms import ApplicantForm
from motcua.dossiers.office_selectors import QueueFilters
from motcua.org.models import Unit


class _StatusForm(forms.Form):
    """Every action form carries the state the officer saw, so that the
    second of two officers acting at once is told what happened."""

    seen_status = forms.TypedChoiceField(
        choices=DossierStatus.choices, coerce=int, widget=forms.HiddenInput
    )


def _text(label: Any, *, required: bool = True, rows: int = 3, help_text: Any = "") -> forms.Field:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class NoteForm(_StatusForm):
    note = _text(_("Note"), required=False, rows=2)

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class ReasonForm(_StatusForm):
    reason = _text(_("Reason"), help_text=_("Sent to the applicant and printed on the notice."))

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data.get("reason", ""))


class SupplementRequestForm(_StatusForm):
    reason = _text(
        _("What is missing and why"),
        rows=4,
        help_text=_("List each document to add or correct; printed on Mẫu 02."),
    )
    respond_by = forms.DateField(
        label=_("Reply expected by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional."),
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data.get("reason", ""))

    def clean_respond_by(self) -> datetime | None:
        day = self.cleaned_data.get("respond_by")
        if day is None:
            return None
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The reply date must be in the future."))
        return datetime.combine(day, time(17, 0), tzinfo=timezone.get_current_timezone())


class PaymentForm(_StatusForm):
    """Ask for the fee: the procedure's listed fees, plus the optional fee
    lines the officer ticks ("depends on the case"), less the reduction
    chosen (``payments.selectors.assessment_options`` gives the choices;
    the charge is computed by ``payments.actions.request_payment``)."""

    reduction = forms.TypedChoiceField(
        label=_("Reduction or exemption"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only when the applicant is entitled to it; the legal basis is recorded."),
    )
    optional_lines = forms.TypedMultipleChoiceField(
        label=_("Fees that depend on the case"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the ones this dossier owes."),
    )
    amount = forms.CharField(
        label=_("Amount (VND)"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to charge the fees listed for the procedure."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = _text(_("What the payment is for"), required=False, rows=2)

    def __init__(self, *args: Any, options: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        reductions = list(options.reductions) if options is not None else []
        optional = list(options.optional_lines) if options is not None else []
        self._reductions = {r.pk: r for r in reductions}
        self._optional = {line.pk: line for line in optional}
        if reductions:
            self.fields["reduction"].choices = [  # type: ignore[attr-defined]
                ("", _("None")),
                *[
                    (
                        r.pk,
                        f"{r.name} — {r.percent} %"
                        + (f" ({r.legal_basis})" if r.legal_basis else ""),
                    )
                    for r in reductions
                ],
            ]
        else:
            del self.fields["reduction"]
        if optional:
            self.fields["optional_lines"].choices = [  # type: ignore[attr-defined]
                (line.pk, f"{line.name}: {format_vnd(int(line.amount))}") for line in optional
            ]
        else:
            del self.fields["optional_lines"]

    def clean_reduction(self) -> Any:
        pk = self.cleaned_data.get("reduction")
        return self._reductions.get(pk) if pk is not None else None

    def clean_optional_lines(self) -> list[Any]:
        return [self._optional[pk] for pk in self.cleaned_data.get("optional_lines") or []]

    def clean_amount(self) -> int | None:
        if not (self.cleaned_data.get("amount") or "").strip():
            return None
        try:
            value = parse_vnd(self.cleaned_data.get("amount", ""))
        except (ValueError, TypeError):
            raise forms.ValidationError(_("Enter the amount in đồng, e.g. 500.000.")) from None
        if value <= 0:
            raise forms.ValidationError(_("Enter the amount in đồng, e.g. 500.000."))
        return value

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class AssignForm(_StatusForm):
    handler = _UserChoice(label=_("Handler"), queryset=None, empty_label="—")  # type: ignore[arg-type]
    note = _text(_("Note"), required=False, rows=2)

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["handler"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(pk__in=[h.pk for h in handlers])
            .order_by("full_name", "email")
        )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (each checked by the action)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]


class ForwardForm(_StatusForm):
    approver = _UserChoice(label=_("Approver"), queryset=None, empty_label="—")  # type: ignore[arg-type]
    results = MultipleFileField(
        label=_("Result documents"),
        help_text=_("PDF, JPEG, PNG or DOCX. Not needed if the result is already attached."),
    )
    note = _text(_("Note for the approver"), required=False, rows=2)

    def __init__(self, *args: Any, approvers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["approver"].queryset = (  # type: ignore[attr-defined]
            get_user_model()
            .objects.filter(pk__in=[a.pk for a in approvers])
            .order_by("full_name", "email")
        )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class ReturnToHandlerForm(_StatusForm):
    note = _text(_("What the handler must change"))

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class ReturnResultForm(_StatusForm):
    recipient_name = forms.CharField(
        label=_("Collected by (full name)"), max_length=255, required=False
    )
    recipient_id_number = forms.CharField(
        label=_("ID number of the person collecting"), max_length=20, required=False
    )
    tracking_number = forms.CharField(
        label=_("Postal tracking number"), max_length=64, required=False
    )

    def __init__(self, *args: Any, by_post: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_post = by_post
        if by_post:
            del self.fields["recipient_name"], self.fields["recipient_id_number"]
            self.fields["tracking_number"].required = True
        else:
            del self.fields["tracking_number"]
            self.fields["recipient_name"].required = True
            self.fields["recipient_id_number"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


class CounterSupplementForm(_StatusForm):
    note = _text(_("What the applicant supplied"))

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))


class ApologyForm(forms.Form):
    reason = _text(_("Reason for the delay"), rows=3)
    new_due_date = forms.DateField(
        label=_("New date for the result"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data.get("reason", ""))

    def clean_new_due_date(self) -> datetime:
        day = self.cleaned_data["new_due_date"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The new date must be in the future."))
        return datetime.combine(day, time(17, 0), tzinfo=timezone.get_current_timezone())


# ====================================================================== queue
class QueueFilterForm(forms.Form):
    """The filters above a queue (GET)."""

    q = forms.CharField(
        label=_("Code, applicant, ID number or tax code"), required=False, max_length=200
    )
    thu_tuc = forms.TypedChoiceField(
        label=_("Procedure"), required=False, coerce=int, empty_value=None
    )
    trang_thai = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))]
        + [c for c in DossierStatus.choices if c[0] != DossierStatus.DRAFT],
    )
    kenh = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *list(Channel.choices)]
    )
    don_vi = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    tu_ngay = forms.DateField(
        label=_("Submitted from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    den_ngay = forms.DateField(
        label=_("Submitted until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, units: list[Unit], procedures: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._units = {u.pk: u for u in units}
        self.fields["don_vi"].choices = [("", _("All my units"))] + [  # type: ignore[attr-defined]
            (u.pk, "— " * max(u.depth - 1, 0) + u.name) for u in units
        ]
        self.fields["thu_tuc"].choices = [("", _("All"))] + [(p.pk, p.name) for p in procedures]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("The end date is before the start date."))
        return data

    def filters(self) -> QueueFilters:
        """The valid filters (an invalid one is ignored, and shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        ok = {k: v for k, v in data.items() if k not in self.errors}
        return QueueFilters(
            q=ok.get("q") or "",
            procedure_id=ok.get("thu_tuc"),
            status=ok.get("trang_thai"),
            channel=ok.get("kenh") or "",
            unit=self._units.get(int(ok["don_vi"])) if ok.get("don_vi") else None,
            date_from=ok.get("tu_ngay"),
            date_to=ok.get("den_ngay"),
        )


# ===================================================================== intake
class IntakeForm(forms.Form):
    """What the reception officer enters besides the applicant."""

    procedure: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Procedure"), queryset=None, empty_label="—"
    )  # type: ignore[arg-type]
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            (Channel.COUNTER.value, Channel.COUNTER.label),
            (Channel.POST.value, Channel.POST.label),
        ],
        widget=forms.RadioSelect,
        initial=Channel.COUNTER.value,
    )
    postal_tracking_in = forms.CharField(
        label=_("Tracking number of the parcel"),
        required=False,
        max_length=64,
        help_text=_("Required for a dossier received by post."),
    )
    delivery_method = forms.ChoiceField(
        label=_("Result delivery"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        initial=DeliveryMethod.COUNTER.value,
        help_text=_("By post, the result goes to the applicant's address."),
    )
    scans = MultipleFileField(
        label=_("Scanned documents"),
        help_text=_("The documents handed in, scanned (PDF, JPEG, PNG or DOCX)."),
    )

    def __init__(self, *args: Any, procedures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]

    def clean_postal_tracking_in(self) -> str:
        return clean_text(self.cleaned_data.get("postal_tracking_in", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == Channel.POST and not data.get("postal_tracking_in"):
            self.add_error(
                "postal_tracking_in", _("Enter the tracking number of the parcel received by post.")
            )
        procedure: Any = data.get("procedure")
        method = data.get("delivery_method")
        if procedure is not None and method:
            version = procedure.version_at(timezone.localdate())
            if version is not None:
                if method == DeliveryMethod.POST and not version.delivers_by_post:
                    self.add_error(
                        "delivery_method",
                        _("The result of this procedure cannot be delivered by post."),
                    )
                if method == DeliveryMethod.COUNTER and not version.delivers_at_counter:
                    self.add_error(
                        "delivery_method",
                        _("The result of this procedure is not handed over at the counter."),
                    )
        return data


class IntakeApplicantForm(ApplicantForm):
    """The applicant, as on the online form; the province and ward are
    optional at the counter (the address line is enough)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_province"].required = False
        self.fields["applicant_ward"].required = False
        self.fields["applicant_address"].required = False
        self.fields["applicant_phone"].required = False

    def clean_applicant_phone(self) -> str:
        raw = self.cleaned_data.get("applicant_phone", "")
        return super().clean_applicant_phone() if raw else ""
