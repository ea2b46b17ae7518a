"""The staff page's history reads as staff speak: field names and choice
labels, not stored values."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.feedback.tests.test_dossier_link import _item

pytestmark = pytest.mark.django_db


def test_the_history_names_fields_and_choices_as_staff_read_them(client, org, personas):
    item = _item(org.pharmacy, "")
    client.force_login(personas.handler)
    page = client.get(reverse("feedback:detail", args=[item.pk]))
    assert "kind: phan_anh" not in page.text and "channel: web" not in page.text
    assert "Phản ánh" in page.text


def test_the_report_section_takes_the_same_queries_for_one_unit_or_three(
    org, personas, django_assert_max_num_queries
):
    from django.utils import timezone

    from motcua.feedback import selectors

    today = timezone.localdate()
    _item(org.pharmacy, "")
    with django_assert_max_num_queries(20) as one:
        section = selectors.report_section(today, today)
    assert [u for u, _f in section.per_unit] == [org.pharmacy]
    _item(org.hospital, "")
    _item(org.office, "")
    with django_assert_max_num_queries(len(one.captured_queries)):
        section = selectors.report_section(today, today)
    assert len(section.per_unit) == 3
    assert section.figures.total == sum(f.total for _u, f in section.per_unit) == 3
