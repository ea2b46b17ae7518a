"""The demo data: every channel and state, published and rated answers,
figures for the demo period; loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.db import transaction

from motcua.feedback import selectors
from motcua.feedback.models import FeedbackItem

pytestmark = pytest.mark.django_db


def _load() -> None:
    from motcua.feedback import demo as feedback_demo
    from motcua.org import demo as org_demo

    for module in (org_demo, feedback_demo):
        with transaction.atomic():
            module.load(io.StringIO())


def test_the_demo_covers_every_channel_and_state_and_is_idempotent():
    _load()
    count = FeedbackItem.objects.count()
    codes = set(FeedbackItem.objects.values_list("code", flat=True))
    _load()
    assert FeedbackItem.objects.count() == count == 10
    assert set(FeedbackItem.objects.values_list("code", flat=True)) == codes
    assert set(FeedbackItem.objects.values_list("channel", flat=True)) == {
        "web",
        "hotline",
        "mailbox",
        "email",
    }
    assert set(FeedbackItem.objects.values_list("status", flat=True)) >= {
        "received",
        "classified",
        "assigned",
        "drafted",
        "answered",
        "closed",
        "outside",
    }
    assert FeedbackItem.objects.published().filter(rating="satisfied").exists()
    start, end = selectors.default_period()
    f = selectors.figures(start, end)
    assert f.on_time_rate is not None and f.satisfaction_rate is not None
    assert 0 < f.on_time_rate < 100 and 0 < f.satisfaction_rate < 100
