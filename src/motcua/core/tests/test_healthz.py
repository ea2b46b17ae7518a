"""/healthz beyond tests/test_platform.py (all fine; worker down): storage
and database failures, and what the probe leaves behind."""

from __future__ import annotations

import pytest

from motcua.core import health

pytestmark = pytest.mark.django_db


def test_the_storage_probe_leaves_no_file_behind(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == {"ok": True}
    assert list(tmp_path.rglob("*.txt")) == []


def test_unwritable_storage_gives_503_and_names_only_the_error_type(client, settings, tmp_path):
    # The media root lies under a regular file, so no directory can be made
    # there, whoever runs the tests (root included).
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "error"
    storage = body["checks"]["storage"]
    assert storage["ok"] is False
    assert storage["error"] in {"NotADirectoryError", "FileExistsError", "FileNotFoundError"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is True
    assert str(tmp_path) not in response.text  # no paths or messages leak


def test_a_database_failure_gives_503(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self) -> BrokenCursor:
            raise ConnectionRefusedError("could not connect to server at 10.1.2.3")

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    assert health.check_database() == {"ok": False, "error": "ConnectionRefusedError"}

    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "ConnectionRefusedError"}
    assert "10.1.2.3" not in response.text


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405
