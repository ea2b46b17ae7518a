"""The floor for the HTTP benchmark: Django with no middleware, no database
and one view returning "ok", served by gunicorn exactly like the product.

Not part of the product: ``bench/http_throughput.py`` serves it with
``gunicorn minimal_app:application --pythonpath bench`` and the same worker
settings as ``python -m motcua serve``.
"""

from __future__ import annotations

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-minimal-app-not-secret",  # noqa: S106 - no sessions, no signing
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
        USE_TZ=True,
        LOGGING_CONFIG=None,
    )

from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("", ok)]

application = get_wsgi_application()
