"""Export of status changes for the National Public Service Portal:
``GET /api/v1/imports/dvcqg/changes`` (``dossiers.sync.export_changes``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.dossiers import sync
from motcua.dossiers.constants import Channel, DossierStatus
from motcua.dossiers.models import DossierStep
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db

TOKEN = "integration-token-0123456789abcdef"
URL = "/api/v1/imports/dvcqg/changes"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.DVCQG_IMPORT_TOKEN = TOKEN


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, code="1.014076")


def get(client, token=TOKEN, **params):
    return client.get(URL, params, headers={"Authorization": f"Bearer {token}"})


def _step(dossier, frm, to, at, action="x"):
    return DossierStep.objects.create(
        dossier=dossier, action=action, from_status=frm, to_status=to, created_at=at
    )


def test_it_lists_the_changes_since_an_instant_in_the_import_format(client, procedure):
    since = timezone.now() - timedelta(hours=1)
    d = make_dossier(procedure=procedure, channel=Channel.DVCQG, external_id="DVCQG-7")
    DossierStep.objects.all().delete()
    _step(d, 1, 2, since - timedelta(minutes=5), "receive")  # before: left out
    step = _step(d, 2, 4, since + timedelta(minutes=5), "assign")
    _step(d, None, 1, since + timedelta(minutes=6), sync.IMPORT_ACTION)  # came from the portal
    response = get(client, since=since.isoformat())
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None
    rec = body["records"][0]
    assert rec["id"] == "DVCQG-7"
    assert rec["code"] == d.code
    assert rec["procedure_code"] == "1.014076"
    assert rec["status"] == DossierStatus.IN_PROGRESS
    assert rec["change"] == {
        "step_id": step.pk,
        "action": "assign",
        "from_status": 2,
        "to_status": 4,
        "at": timezone.localtime(step.created_at).isoformat(),
    }
    assert rec["applicant"]["name"] == d.applicant_name
    # What the export gives can be read back by the import's schema.
    assert sync.RecordIn.model_validate({**rec, "submitted_at": rec["submitted_at"]})


def test_it_pages_with_a_cursor_and_loses_no_change_at_the_same_instant(client, procedure):
    since = timezone.now() - timedelta(hours=1)
    same = since + timedelta(minutes=1)
    dossiers = [make_dossier(procedure=procedure) for _ in range(3)]
    DossierStep.objects.all().delete()
    steps = [_step(d, 1, 2, same) for d in dossiers] + [
        _step(dossiers[0], 2, 4, same + timedelta(seconds=1))
    ]
    seen = []
    cursor = since.isoformat()
    for _ in range(10):
        body = get(client, since=cursor, limit=2).json()
        seen += [r["change"]["step_id"] for r in body["records"]]
        if body["next"] is None:
            break
        cursor = body["next"]
    assert seen == [s.pk for s in steps]


def test_it_filters_by_channel(client, procedure):
    since = timezone.now() - timedelta(hours=1)
    portal = make_dossier(procedure=procedure, channel=Channel.DVCQG, external_id="P1")
    online = make_dossier(procedure=procedure)
    DossierStep.objects.all().delete()
    _step(portal, 1, 2, since + timedelta(minutes=1))
    _step(online, 1, 2, since + timedelta(minutes=2))
    body = get(client, since=since.isoformat(), channel="dvcqg").json()
    assert [r["id"] for r in body["records"]] == ["P1"]


def test_a_bad_since_is_400(client, procedure):
    assert get(client, since="yesterday").status_code == 400
    assert get(client).status_code in (400, 422)


def test_it_needs_the_integration_token(client, procedure):
    assert get(client, token="nope", since=timezone.now().isoformat()).status_code == 401


def test_one_query_per_page(client, procedure, django_assert_max_num_queries):
    since = timezone.now() - timedelta(hours=1)
    for i in range(20):
        d = make_dossier(procedure=procedure)
        _step(d, 1, 2, since + timedelta(seconds=i + 1))
    with django_assert_max_num_queries(3):
        body = get(client, since=since.isoformat(), limit=100).json()
    assert body["count"] >= 20
