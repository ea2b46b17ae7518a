"""The questionnaire as a Django form, built from a version's questions.

The form only shapes input (radio groups, checkboxes, numbers, text) and
turns it into the ``answers`` mapping of ``surveys.actions.submit_response``,
which does every business check. Field names are ``q-<question code>``
(``q-<code>-other`` for the text of an "other" choice)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.surveys.actions.responses import (
    DEMOGRAPHIC_FIELDS,
    OTHER_SUFFIX,
    TEXT_MAX_LENGTH,
    likert_allows_no_opinion,
)
from motcua.surveys.constants import (
    LIKERT_MAX,
    LIKERT_MIN,
    NO_OPINION,
    SCALE_LABELS,
    AgeBand,
    Education,
    Occupation,
    QuestionKind,
    Scale,
    Sex,
)
from motcua.surveys.models import Question

DEMOGRAPHIC_LABELS = {
    "sex": _("Sex"),
    "age_band": _("Age"),
    "education": _("Education"),
    "occupation": _("Occupation"),
}
_DEMOGRAPHIC_CHOICES = {
    "sex": Sex.choices,
    "age_band": AgeBand.choices,
    "education": Education.choices,
    "occupation": Occupation.choices,
}


def field_name(code: str) -> str:
    return f"q-{code}"


def other_name(code: str) -> str:
    return f"q-{code}-other"


def likert_choices(question: Question) -> list[tuple[str, str]]:
    scale = Scale.QUALITY if question.scale == Scale.QUALITY else Scale.SATISFACTION
    labels = SCALE_LABELS[scale]
    choices = [
        (str(level), f"{level} – {labels[level]}") for level in range(LIKERT_MIN, LIKERT_MAX + 1)
    ]
    if likert_allows_no_opinion(question):
        choices.append((str(NO_OPINION), str(_("No opinion / not used"))))
    return choices


class SurveyForm(forms.Form):
    """One page: every question of the version, then the optional
    demographics. ``kiosk=True`` turns autocomplete off everywhere."""

    def __init__(
        self,
        *args: Any,
        questions: Iterable[Question],
        asks_demographics: bool = False,
        all_required: bool = False,
        kiosk: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.kiosk = kiosk
        for question in self.questions:
            required = question.required or all_required
            name = field_name(question.code)
            label = question.text
            help_text = question.help_text
            field: forms.Field
            if question.kind == QuestionKind.LIKERT:
                field = forms.ChoiceField(
                    choices=likert_choices(question), widget=forms.RadioSelect
                )
            elif question.kind == QuestionKind.NUMBER:
                field = forms.IntegerField(
                    min_value=question.min_value,
                    max_value=question.max_value,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
            elif question.kind == QuestionKind.TEXT:
                field = forms.CharField(
                    max_length=TEXT_MAX_LENGTH,
                    strip=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            else:
                choices = [(c.code, c.label) for c in question.choices.all()]
                if question.kind == QuestionKind.SINGLE:
                    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
                else:
                    field = forms.MultipleChoiceField(
                        choices=choices, widget=forms.CheckboxSelectMultiple
                    )
                if any(c.is_other for c in question.choices.all()):
                    self.fields[other_name(question.code)] = forms.CharField(
                        label=_("Other (please specify)"),
                        required=False,
                        max_length=500,
                    )
            field.required = required
            field.label = label
            field.help_text = help_text
            self.fields[name] = field
            # Reorder: the question before its "other" text.
            if other_name(question.code) in self.fields:
                self.fields[other_name(question.code)] = self.fields.pop(other_name(question.code))
        if asks_demographics:
            for key in DEMOGRAPHIC_FIELDS:
                self.fields[key] = forms.ChoiceField(
                    label=DEMOGRAPHIC_LABELS[key],
                    choices=_DEMOGRAPHIC_CHOICES[key],
                    required=False,
                    widget=forms.RadioSelect,
                )
        if kiosk:
            for field in self.fields.values():
                field.widget.attrs["autocomplete"] = "off"

    def demographic_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in DEMOGRAPHIC_FIELDS if key in self.fields]

    def answers(self) -> dict[str, Any]:
        """The ``answers`` mapping for ``submit_response`` (call after
        ``is_valid()``)."""
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = data.get(field_name(question.code))
            if question.kind == QuestionKind.LIKERT and value not in (None, ""):
                value = int(value)
            answers[question.code] = value if value not in ("", []) else None
            other = data.get(other_name(question.code))
            if other:
                answers[question.code + OTHER_SUFFIX] = other
        return answers

    def demographics(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(key) or ""
            for key in DEMOGRAPHIC_FIELDS
            if key in self.fields
        }

    def add_action_errors(self, errors: dict[str, list[str]]) -> None:
        """Attach ``submit_response``'s errors (keyed by question code) to
        the fields, the others to the form."""
        for key, messages in errors.items():
            name = field_name(key)
            if name not in self.fields:
                name = key if key in self.fields else None  # type: ignore[assignment]
            for message in messages:
                if name is not None and name in self.errors:
                    continue  # the form already says what is wrong there
                self.add_error(name, message)


class DossierKeyForm(forms.Form):
    """Open a rating with the dossier code and the lookup key printed on the
    receipt (when the link from the SMS/e-mail is not at hand)."""

    ma = forms.CharField(label=_("Dossier code"), max_length=40)
    k = forms.CharField(label=_("Lookup key"), max_length=16)
