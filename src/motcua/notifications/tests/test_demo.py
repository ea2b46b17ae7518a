"""The demo data of notifications: idempotent, subscribers consent, the
draft campaign reaches them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from motcua.notifications import selectors
from motcua.notifications.models import Campaign, TopicSubscription, VerifiedPhone

pytestmark = pytest.mark.django_db


def test_demo_subscribers_and_campaign(settings):
    settings.HTTPS = False
    call_command("demo", quiet_logins=True)
    counts = (
        VerifiedPhone.objects.count(),
        TopicSubscription.objects.count(),
        Campaign.objects.count(),
    )
    call_command("demo", quiet_logins=True)
    assert (
        VerifiedPhone.objects.count(),
        TopicSubscription.objects.count(),
        Campaign.objects.count(),
    ) == counts
    campaign = Campaign.objects.get()
    estimate = selectors.campaign_estimate(campaign)
    # Vaccination: the subscriber who chose it and those who chose no topic.
    assert estimate.sms_recipients == 2 and estimate.email_recipients == 2
    assert not VerifiedPhone.objects.filter(user__email="congdan@motcua.test").exists()
