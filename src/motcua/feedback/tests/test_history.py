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
