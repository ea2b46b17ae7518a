"""Fixtures of the notifications tests: a clean memory SMS gateway, the
mail outbox, running on-commit callbacks (delivery is enqueued on commit)."""

from __future__ import annotations

import pytest

from motcua.notifications.transports import MemoryGateway, reset_gateways


@pytest.fixture(autouse=True)
def _memory_gateway(settings):
    settings.SMS_GATEWAY = "memory"
    settings.SMS_SENDER_ID = "SYT KHANHHOA"
    MemoryGateway.outbox.clear()
    MemoryGateway.fail_next.clear()
    MemoryGateway.events.clear()
    reset_gateways()
    yield
    MemoryGateway.outbox.clear()
    MemoryGateway.fail_next.clear()
    reset_gateways()


@pytest.fixture
def sms_outbox():
    return MemoryGateway.outbox


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): …`` runs the on-commit callbacks (the delivery
    tasks, immediate in tests) when the block ends, as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
