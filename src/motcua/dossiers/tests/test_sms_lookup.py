"""The TRACUU SMS command answers from the lookup selector."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.dossiers.constants import DossierStatus
from motcua.notifications import inbound
from motcua.notifications.constants import InboundSource
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(org):
    procedure = ProcedureFactory(unit=org.pharmacy)
    return make_dossier(
        procedure=procedure,
        status=DossierStatus.RECEIVED,
        code="SYT-NVD-260105-0001",
        lookup_key="AB23CD",
        applicant_id_number="079203001234",
    )


@pytest.fixture(autouse=True)
def _registered():
    """What ``DossiersConfig.ready()`` registers at start-up (re-run here:
    a notifications test swaps the TRACUU handler and puts its placeholder
    back)."""
    from django.apps import apps

    apps.get_app_config("dossiers").ready()


def test_the_dossiers_app_replaces_the_placeholder():
    from motcua.dossiers.sms import lookup_command

    assert inbound._HANDLERS[inbound.LOOKUP] is lookup_command
    assert inbound.parse("tc x y")[0] == inbound.LOOKUP
    assert inbound.parse("Tra cứu x y")[0] == inbound.LOOKUP


def test_tracuu_with_code_and_key_gives_status_and_due_date(dossier):
    command, reply = inbound.dispatch("+84905123456", "tracuu syt-nvd-260105-0001 ab23cd")
    assert command == inbound.LOOKUP
    assert "SYT-NVD-260105-0001" in reply
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") in reply
    assert str(DossierStatus.RECEIVED.label) in reply


def test_tracuu_with_code_and_id_number(dossier):
    _command, reply = inbound.dispatch("+84905123456", "TRACUU SYT-NVD-260105-0001 079203001234")
    assert timezone.localtime(dossier.due_at).strftime("%d/%m/%Y") in reply


def test_a_wrong_key_and_an_unknown_code_get_the_same_reply(dossier):
    _c, wrong = inbound.dispatch("+84905123456", "TRACUU SYT-NVD-260105-0001 ZZ23CD")
    _c, unknown = inbound.dispatch("+84905123456", "TRACUU SYT-NVD-260105-0009 AB23CD")
    assert wrong.replace("0001", "X") == unknown.replace("0009", "X")
    assert dossier.unit.name not in wrong


def test_tracuu_without_a_key_explains_the_syntax(dossier):
    _c, reply = inbound.dispatch("+84905123456", "TRACUU SYT-NVD-260105-0001")
    assert "TRACUU" in reply
    assert dossier.unit.name not in reply


def test_the_reply_is_queued_through_the_outbox(dossier):
    from motcua.notifications.actions import handle_inbound_sms
    from motcua.notifications.models import Message

    record = handle_inbound_sms(
        "84905123456", "TC SYT-NVD-260105-0001 AB23CD", source=InboundSource.WEBHOOK
    )
    assert record.command == inbound.LOOKUP
    reply = Message.objects.get(pk=record.reply_id)
    assert reply.recipient == "+84905123456"
    assert "SYT-NVD-260105-0001" in reply.body_text
    # Vietnamese, as every SMS template of the project (UCS-2 is accounted).
    assert reply.segments <= 3
