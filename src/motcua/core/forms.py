"""Form helpers every app shares: the province → commune/ward pair.

The ward list depends on the chosen province. Without JavaScript a button
(``#reload-wards``) posts the form back to reload the list, keeping what was
typed; with JavaScript ``data-reload-on-change`` does it on change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.models import AdministrativeUnit

CHOOSE_PROVINCE = _("— Choose a province or city —")
CHOOSE_WARD = _("— Choose a commune or ward —")


def chosen_id(form: forms.BaseForm, field: str, fallback: int | None) -> int | None:
    """The id the user chose in ``field`` of a bound form, else ``fallback``."""
    raw = form.data.get(form.add_prefix(field)) if form.is_bound else None
    if raw:
        try:
            return int(raw)
        except (TypeError, ValueError):
            return None
    return fallback


def setup_province_ward(
    form: forms.BaseForm,
    *,
    province: str = "province",
    ward: str = "ward",
    initial_province_id: int | None = None,
    province_empty_label: Any = CHOOSE_PROVINCE,
    ward_empty_label: Any = CHOOSE_WARD,
) -> None:
    """Limit ``province`` to the provinces in force and ``ward`` to the
    communes of the chosen province (none until one is chosen)."""
    units = AdministrativeUnit.objects.current()
    province_field = form.fields[province]
    province_field.queryset = units.provinces().order_by("name")  # type: ignore[attr-defined]
    province_field.empty_label = province_empty_label  # type: ignore[attr-defined]
    province_field.widget.attrs["data-reload-on-change"] = "#reload-wards"
    province_id = chosen_id(form, province, initial_province_id)
    ward_field = form.fields[ward]
    wards = units.wards()
    ward_field.queryset = (  # type: ignore[attr-defined]
        wards.filter(parent_id=province_id).order_by("name") if province_id else wards.none()
    )
    ward_field.empty_label = ward_empty_label  # type: ignore[attr-defined]
    if not province_id:
        ward_field.help_text = _("Choose the province first.")


def check_ward_in_province(
    form: forms.BaseForm, data: dict[str, Any], *, province: str = "province", ward: str = "ward"
) -> None:
    """Add an error to ``ward`` when it is not a commune of ``province``."""
    chosen_province, chosen_ward = data.get(province), data.get(ward)
    if chosen_ward is not None and (
        chosen_province is None or chosen_ward.parent_id != chosen_province.pk
    ):
        form.add_error(ward, _("This commune or ward is not in the chosen province."))
