"""django-axes hooks: which name a failed sign-in counts against, and the
Vietnamese page shown when an account is locked."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """allauth posts the address as ``login`` and authenticates with
    ``email``; Django's own forms use ``username``. Count them all the same."""
    for source in (credentials or {}, request.POST):
        for key in ("email", "login", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "account/locked_out.html", {"minutes": minutes}, status=429)
