"""Feedback over the API (resource ``feedback``, DESIGN.md §4):

- ``GET /api/v1/feedback/answers``: published answers (masked), search
  text in ``q`` (accents optional), ``topic``, ``unit`` (unit code);
- ``GET /api/v1/feedback/lookup/{code}?key=…``: the status of one item
  for its sender (code + key, failed tries rate-limited like the page);
- ``GET /api/v1/feedback/items``: the items staff may see (session
  cookie), newest first, filtered by ``status``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from motcua.core import ratelimit
from motcua.core.search import SearchQuery
from motcua.feedback import actions, selectors
from motcua.feedback.constants import FeedbackStatus
from motcua.feedback.models import FeedbackItem
from motcua.org.models import Unit

router = Router(tags=["feedback"])

MAX_LIMIT = 100


class Error(Schema):
    detail: str


class AnswerOut(Schema):
    code: str
    kind: str
    topic: str
    unit: str
    title: str
    question: str
    answer: str
    published_at: datetime | None
    url: str


class AnswerPage(Schema):
    count: int
    results: list[AnswerOut]


class StatusOut(Schema):
    code: str
    kind: str
    status: str
    status_label: str
    unit: str
    received_at: datetime
    due_date: date
    answered_at: datetime | None
    answer: str | None
    rating: str


class StaffItemOut(Schema):
    id: int
    code: str
    channel: str
    kind: str
    topic: str
    unit: str
    status: str
    title: str
    received_at: datetime
    due_date: date
    answered_at: datetime | None
    assignee: str | None
    overdue: bool


class AnswerFilters(Schema):
    q: str = ""
    topic: str = ""
    unit: str = ""
    offset: int = 0
    limit: int = 20


@router.get("/feedback/answers", response={200: AnswerPage, 400: Error, 422: Error})
def list_answers(request: HttpRequest, filters: Query[AnswerFilters]):
    """Published answers, newest first (personal data masked)."""
    if filters.offset < 0 or not 1 <= filters.limit <= MAX_LIMIT:
        raise HttpError(400, f"offset ≥ 0 and 1 ≤ limit ≤ {MAX_LIMIT}")
    unit = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit, is_active=True).first()
        if unit is None:
            raise HttpError(400, "unknown unit code")
    qs = selectors.published_answers(
        query=SearchQuery.parse(filters.q), topic=filters.topic, unit=unit
    )
    count = qs.count()
    results = [
        {
            "code": item.code,
            "kind": item.kind,
            "topic": item.topic,
            "unit": item.unit.name,
            "title": item.public_title,
            "question": item.public_question,
            "answer": item.public_answer,
            "published_at": item.published_at,
            "url": settings.SITE_URL + f"/hoi-dap/{item.code}/",
        }
        for item in qs[filters.offset : filters.offset + filters.limit]
    ]
    return {"count": count, "results": results}


@router.get(
    "/feedback/lookup/{code}", response={200: StatusOut, 404: Error, 422: Error, 429: Error}
)
def lookup(request: HttpRequest, code: str, key: str):
    """The status (and answer, once sent) of one item, for code + key."""
    rl = f"feedback:lookup:{request.META.get('REMOTE_ADDR', '') or 'unknown'}"
    window = settings.FEEDBACK_LOOKUP_WINDOW_SECONDS
    if not ratelimit.peek(rl, limit=settings.FEEDBACK_LOOKUP_LIMIT, window=window):
        raise HttpError(429, "too many attempts, try again later")
    item = (
        FeedbackItem.objects.select_related("unit")
        .filter(code=actions.normalise_code(code))
        .first()
    )
    if item is None or not actions.check_key(item, key):
        ratelimit.hit(rl, limit=settings.FEEDBACK_LOOKUP_LIMIT, window=window)
        raise HttpError(404, "no feedback matches this code and key")
    return {
        "code": item.code,
        "kind": item.kind,
        "status": item.status,
        "status_label": str(FeedbackStatus(item.status).label),
        "unit": item.unit.name,
        "received_at": item.received_at,
        "due_date": item.due_date,
        "answered_at": item.answered_at,
        "answer": item.answer if item.is_answered else None,
        "rating": item.rating,
    }


@router.get(
    "/feedback/items",
    response={200: list[StaffItemOut], 400: Error, 401: Error, 422: Error},
    auth=django_auth,
)
def staff_items(request: HttpRequest, status: str = "", offset: int = 0, limit: int = 50):
    """Items of the caller's units (404-free: others' items are not listed)."""
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise HttpError(400, f"offset ≥ 0 and 1 ≤ limit ≤ {MAX_LIMIT}")
    if status and status not in FeedbackStatus.values:
        raise HttpError(400, "unknown status")
    qs = selectors.staff_queue(request.user, status=status).order_by("-received_at", "-pk")
    return [
        {
            "id": item.pk,
            "code": item.code,
            "channel": item.channel,
            "kind": item.kind,
            "topic": item.topic,
            "unit": item.unit.name,
            "status": item.status,
            "title": item.title,
            "received_at": item.received_at,
            "due_date": item.due_date,
            "answered_at": item.answered_at,
            "assignee": (item.assignee.full_name or item.assignee.email) if item.assignee else None,
            "overdue": item.is_overdue(),
        }
        for item in qs[offset : offset + limit]
    ]
