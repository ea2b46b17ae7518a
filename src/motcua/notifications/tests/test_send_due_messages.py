"""The periodic commands: ``send_due_messages`` and ``smpp_listen``."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.notifications.constants import MessageStatus
from motcua.notifications.models import Message
from motcua.testing.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_it_sends_what_is_due_and_leaves_the_rest():
    due = MessageFactory(recipient="a@example.vn", next_attempt_at=timezone.now())
    later = MessageFactory(
        recipient="b@example.vn", next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    out = StringIO()
    call_command("send_due_messages", stdout=out)
    assert "sent=1" in out.getvalue()
    assert Message.objects.get(pk=due.pk).status == MessageStatus.SENT
    assert Message.objects.get(pk=later.pk).status == MessageStatus.QUEUED


def test_smpp_listen_needs_the_smpp_gateway(settings):
    settings.SMS_GATEWAY = "dev-file"
    with pytest.raises(CommandError):
        call_command("smpp_listen")
