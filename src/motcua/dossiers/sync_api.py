"""National Public Service Portal synchronisation API (``dossiers.sync``).

``POST /api/v1/imports/dvcqg`` — the portal's connector sends dossiers
(``{"format": "1", "records": [...]}``, docs/dvcqg-format.md); each record
is kept or rejected with its reason, and the answer lists every record's
outcome (200 even when some are rejected; 400 only when the body is not a
batch at all).

``GET /api/v1/imports/dvcqg/changes?since=<ISO instant>`` — the status
changes since then, in the same format, a page at a time (``next`` is the
cursor of the following page: pass it as ``since``).

Both authenticate with ``Authorization: Bearer <DVCQG_IMPORT_TOKEN>``,
compared in constant time; with the setting empty, both answer 401.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import HttpBearer

from motcua.dossiers import sync


class IntegrationToken(HttpBearer):
    """The shared integration token of the portal connector."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        expected = settings.DVCQG_IMPORT_TOKEN
        if not expected or not token:
            return None
        if hmac.compare_digest(token.encode(), expected.encode()):
            return "dvcqg"
        return None


router = Router(tags=["imports"], auth=IntegrationToken())


class SyncErrorOut(Schema):
    detail: str


class ImportIn(Schema):
    format: str = Field(sync.FORMAT_VERSION, description="Format version: 1.")
    records: list[Any] = Field(
        ..., description="Dossier records (docs/dvcqg-format.md); each is checked on its own."
    )


class RecordResultOut(Schema):
    index: int
    id: str
    outcome: str = Field(..., description="created, updated, unchanged or rejected")
    code: str
    status: int | None
    errors: list[str]
    warnings: list[str]


class ImportOut(Schema):
    format: str
    received: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[RecordResultOut]


class ChangesQuery(Schema):
    since: str = Field(
        ...,
        description="ISO 8601 instant (e.g. 2026-11-01T00:00:00+07:00), or the `next` of "
        "the previous page.",
    )
    limit: int | None = Field(None, ge=1, le=5000)
    channel: str | None = Field(None, description="Only dossiers of this channel, e.g. dvcqg.")


class ChangesOut(Schema):
    format: str
    count: int
    next: str | None
    records: list[dict[str, Any]]


@router.post(
    "/imports/dvcqg",
    response={200: ImportOut, 400: SyncErrorOut, 401: SyncErrorOut, 413: SyncErrorOut},
    summary="Import dossiers synchronised from the National Public Service Portal",
)
def import_dvcqg(request: HttpRequest, payload: ImportIn) -> Any:
    if payload.format != sync.FORMAT_VERSION:
        return Status(400, {"detail": _("Unknown format version “%(v)s”.") % {"v": payload.format}})
    if len(payload.records) > settings.DVCQG_IMPORT_MAX_RECORDS:
        return Status(
            413,
            {
                "detail": _("At most %(n)s records per request; split the batch.")
                % {"n": settings.DVCQG_IMPORT_MAX_RECORDS}
            },
        )
    report = sync.import_records(payload.records, source="api")
    return report.as_dict()


@router.get(
    "/imports/dvcqg/changes",
    response={200: ChangesOut, 400: SyncErrorOut, 401: SyncErrorOut},
    summary="Status changes to send back to the National Public Service Portal",
)
def dvcqg_changes(request: HttpRequest, query: Query[ChangesQuery]) -> Any:
    try:
        since, after_id = sync.parse_cursor(query.since)
    except ValueError:
        return Status(
            400,
            {"detail": _("“since” must be an ISO 8601 instant, e.g. 2026-11-01T00:00:00+07:00.")},
        )
    page = sync.export_changes(
        since=since, after_id=after_id, limit=query.limit, channel=query.channel
    )
    return {
        "format": sync.FORMAT_VERSION,
        "count": len(page.records),
        "next": page.next_cursor,
        "records": page.records,
    }
