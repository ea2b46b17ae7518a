"""The NinjaAPI instance and the discovery of the apps' routers.

Each motcua app may have an ``api.py`` that defines ``router`` (a
``ninja.Router`` whose operations carry their full paths, e.g.
``/webhooks/sms``); it is mounted here in the order of INSTALLED_APPS.
Paths are stable contracts (DESIGN.md §4)."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="API của nền tảng một cửa Sở Y tế / API of the Department of Health one-stop platform.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("motcua.") or config.name == "motcua.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.api":
                continue
            raise
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


_mount_app_routers()

# Routers that live beside an app's api.py (one module per concern).
from motcua.dossiers.sync_api import router as _dvcqg_router  # noqa: E402

api.add_router("", _dvcqg_router)
