"""Shared fixtures: an organisation tree and one persona per role
(STYLE.md: citizen, reception officer, handler, approver, editor,
coordinator, …), the network blocked, a test mail outbox."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest

from motcua.org.constants import Role, UnitKind


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Tests talk only to loopback (PostgreSQL, SMTP, the SMPP simulator)."""
    if request.node.get_closest_marker("e2e"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("/"):
            raise RuntimeError(f"network access in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _settings_for_tests(settings: object, tmp_path: object) -> None:
    settings.MOTCUA_STAFF_MFA_REQUIRED = False  # type: ignore[attr-defined]
    settings.AXES_ENABLED = True  # type: ignore[attr-defined]
    # Uploads and image renditions (the demo website makes some) never land in var/.
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def org(db: None) -> SimpleNamespace:
    """Province → Department → two rooms and a hospital; a second
    department elsewhere to test that scoping holds."""
    from motcua.testing.factories import UnitFactory

    province = UnitFactory(code="TINH", name="Ủy ban nhân dân tỉnh", kind=UnitKind.PROVINCE)
    dept = UnitFactory(code="SYT", name="Sở Y tế", kind=UnitKind.DEPARTMENT, parent=province)
    office = UnitFactory(code="SYT-VP", name="Văn phòng Sở", parent=dept)
    pharmacy = UnitFactory(code="SYT-NVD", name="Phòng Nghiệp vụ Dược", parent=dept)
    hospital = UnitFactory(code="BV", name="Bệnh viện Đa khoa tỉnh", kind=UnitKind.HOSPITAL, parent=dept)
    other = UnitFactory(code="KHAC", name="Sở Y tế tỉnh khác", kind=UnitKind.DEPARTMENT)
    return SimpleNamespace(
        province=province, dept=dept, office=office, pharmacy=pharmacy, hospital=hospital, other=other
    )


@pytest.fixture
def personas(org: SimpleNamespace) -> SimpleNamespace:
    from motcua.testing.factories import UserFactory, make_member

    return SimpleNamespace(
        citizen=UserFactory(email="congdan@motcua.test", full_name="Nguyễn Văn An"),
        reception=make_member(Role.RECEPTION, org.office, email="motcua@motcua.test"),
        handler=make_member(Role.HANDLER, org.pharmacy, email="thuly@motcua.test"),
        approver=make_member(Role.APPROVER, org.pharmacy, email="pheduyet@motcua.test"),
        editor=make_member(Role.EDITOR, org.office, email="bientap@motcua.test"),
        focal_point=make_member(Role.FOCAL_POINT, org.hospital, email="daumoi@motcua.test"),
        coordinator=make_member(Role.COORDINATOR, org.office, email="vanphong@motcua.test"),
        leader=make_member(Role.LEADER, org.dept, email="lanhdao@motcua.test"),
        sysadmin=make_member(Role.SYSADMIN, org.dept, email="quantri@motcua.test"),
        outsider=make_member(Role.SYSADMIN, org.other, email="ngoai@motcua.test"),
    )
