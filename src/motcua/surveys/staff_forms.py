"""Forms of the staff survey screens (input cleaning only; the rules are in
``surveys.actions``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_text, nfc
from motcua.surveys.actions.campaigns import SLUG_MAX, managed_units
from motcua.surveys.actions.remediation import EVIDENCE_MAX_BYTES, check_evidence_file
from motcua.surveys.constants import CampaignStatus, RemediationStatus, VersionStatus
from motcua.surveys.models import Campaign, TemplateVersion

DATE_HELP = _("dd/mm/yyyy")
MAX_POINTS = 50


def date_field(label: Any, *, required: bool = True, help_text: Any = DATE_HELP) -> forms.DateField:
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


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TemplateVersion) -> str:  # type: ignore[override]
        return f"{obj.template.name} — v{obj.number}"


class CampaignForm(forms.Form):
    """Create or edit a campaign. Once it has opened, the address, the
    questionnaire and the unit are shown but cannot change."""

    title = forms.CharField(label=_("Title"), max_length=255)
    version = VersionChoiceField(
        label=_("Questionnaire"),
        queryset=TemplateVersion.objects.none(),
        empty_label=_("Choose a questionnaire"),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit or facility"),
        queryset=managed_units(None),
        empty_label=_("Choose a unit"),
    )
    starts_on = date_field(_("Opens on"))
    ends_on = date_field(_("Closes on"))
    slug = forms.SlugField(
        label=_("Address"),
        required=False,
        max_length=SLUG_MAX,
        help_text=_(
            "The end of /khao-sat/… printed on the posters: lower-case letters without accents, "
            "digits and hyphens. Leave empty to make it from the title. It cannot change once "
            "the campaign has opened."
        ),
        error_messages={
            "invalid": _("Use only lower-case letters without accents, digits and hyphens.")
        },
    )
    points = forms.CharField(
        label=_("Counters or departments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line; each gets its own poster. Leave empty for a single poster."),
    )
    target_responses = forms.IntegerField(
        label=_("Target number of responses"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a whole number, zero or more.")},
    )
    kiosk_idle_seconds = forms.IntegerField(
        label=_("Kiosk resets after (seconds idle)"),
        required=False,
        min_value=20,
        max_value=900,
        initial=90,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    for_dossier_ratings = forms.BooleanField(
        label=_("Receives the ratings after dossier results of this unit"),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, campaign: Campaign | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.campaign = campaign
        versions = TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED).select_related(
            "template"
        )
        units = managed_units(user).filter(is_active=True).order_by("path")
        if campaign is not None:
            # The current values stay valid even if no longer published/managed.
            versions = versions | TemplateVersion.objects.filter(pk=campaign.version_id)
            units = units | managed_units(user).filter(pk=campaign.unit_id)
        version_field: Any = self.fields["version"]
        version_field.queryset = versions.order_by("template__name", "-number")
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units.order_by("path")
        if campaign is not None and campaign.status != CampaignStatus.DRAFT:
            for name in ("slug", "version", "unit"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean_points(self) -> list[str]:
        lines = [
            clean_text(line) for line in nfc(self.cleaned_data.get("points") or "").splitlines()
        ]
        names = list(dict.fromkeys(line[:255] for line in lines if line))
        if len(names) > MAX_POINTS:
            raise forms.ValidationError(
                _("At most %(n)s counters or departments.") % {"n": MAX_POINTS}
            )
        return names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The closing date is before the opening date."))
        return data


def campaign_initial(campaign: Campaign) -> dict[str, Any]:
    return {
        "title": campaign.title,
        "version": campaign.version_id,
        "unit": campaign.unit_id,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "slug": campaign.slug,
        "points": "\n".join(
            campaign.points.order_by("position", "pk").values_list("name", flat=True)
        ),
        "target_responses": campaign.target_responses,
        "kiosk_idle_seconds": campaign.kiosk_idle_seconds,
        "for_dossier_ratings": campaign.for_dossier_ratings,
    }


class FromFiguresForm(forms.Form):
    """Create remediation actions from a campaign's unsatisfied items."""

    start = date_field(_("Period from"))
    end = date_field(_("Period to"))
    due_date = date_field(_("Due date of the actions"))

    @staticmethod
    def initial_for(campaign: Campaign) -> dict[str, date]:
        today = timezone.localdate()
        end = min(campaign.ends_on, today) if campaign.starts_on <= today else campaign.ends_on
        return {"start": campaign.starts_on, "end": end, "due_date": end + timedelta(days=60)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, due = data.get("start"), data.get("end"), data.get("due_date")
        if start and end and end < start:
            self.add_error("end", _("The period ends before it starts."))
        if end and due and due < end:
            self.add_error("due_date", _("The due date is before the end of the period."))
        return data


class RemediationForm(forms.Form):
    """Edit an action: what will be done, due date, status, evidence."""

    description = forms.CharField(
        label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_date = date_field(_("Due date"))
    status = forms.ChoiceField(
        label=_("Status"), choices=RemediationStatus.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Evidence of what was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed to mark the action done or to close it: what changed, where, when."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel or a photo, at most %(n)s MB. Replaces the previous file.")
        % {"n": EVIDENCE_MAX_BYTES // 1024 // 1024},
    )

    def clean_description(self) -> str:
        return nfc(self.cleaned_data["description"]).strip()

    def clean_evidence(self) -> str:
        return nfc(self.cleaned_data.get("evidence") or "").strip()

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            try:
                check_evidence_file(upload)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    exc.message_dict.get("evidence_file", exc.messages)
                    if hasattr(exc, "error_dict")
                    else exc.messages
                ) from exc
        return upload


class CampaignFilterForm(forms.Form):
    """The campaign list's filters (GET; bad values are ignored)."""

    q = forms.CharField(required=False, max_length=200)
    trang_thai = forms.ChoiceField(required=False, choices=[("", ""), *CampaignStatus.choices])
    don_vi = forms.IntegerField(required=False)


class RemediationFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    trang_thai = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("mo", ""), *RemediationStatus.choices, ("qua-han", "")],
    )
    don_vi = forms.IntegerField(required=False)
