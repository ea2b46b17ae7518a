"""The admin form of the website's pages: the publishing unit."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm


def _unit_label(unit: Any) -> str:
    return f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"


class ContentPageForm(WagtailAdminPageForm):
    """Editors choose the publishing unit among the units they may publish
    for (all active units unless the website restricts editors to their
    units); a new page starts with the editor's own unit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("unit")
        if field is None:
            return
        from motcua.cms.selectors import default_unit_for, unit_choices_for

        field.queryset = unit_choices_for(self.for_user, current=self.instance.unit_id)
        field.label_from_instance = _unit_label
        if not self.instance.pk and not self.instance.unit_id and not self.is_bound:
            unit = default_unit_for(self.for_user)
            if unit is not None:
                self.initial["unit"] = unit.pk
