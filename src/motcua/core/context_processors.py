from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The Department's name, address and hotline for the layout (``site`` is taken by allauth)."""
    return {"dept": settings.MOTCUA_SITE, "site_url": settings.SITE_URL}
