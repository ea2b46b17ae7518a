"""Typed readers for settings taken from environment variables.

Imported by ``settings.py`` before Django is set up, so this module imports
nothing from Django. Every variable read here is listed in
``docs/configuration.md``.
"""

from __future__ import annotations

import os
from pathlib import Path

_TRUE = {"1", "true", "yes", "on", "có"}
_FALSE = {"0", "false", "no", "off", "không", ""}


class EnvError(ValueError):
    """A variable is present but cannot be read as the type asked for."""


def env_str(name: str, default: str = "") -> str:
    """The variable as text, or ``default`` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off``; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    """The variable as an integer, or ``default`` when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret, from ``NAME`` or from the file named by ``NAME_FILE``.

    The ``_FILE`` form lets deployments mount secrets as files (systemd
    credentials, Docker/Kubernetes secrets) instead of putting them in the
    environment.
    """
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE points to an unreadable file: {path}") from exc
    return os.environ.get(name, default)


def persistent_secret(path: Path, *, length: int = 64) -> str:
    """Read a generated secret from ``path``, creating it on first use.

    Used for the embedded default so that a fresh clone has a strong,
    stable ``SECRET_KEY`` without any secret living in the code.
    """
    import secrets

    if path.exists():
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(length)
    # O_EXCL: two processes starting together must not both write a key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value)
    return value
