"""Demo organisation: Sở Y tế tỉnh Khánh Hòa with its rooms and units, and
one demo user per role (DESIGN.md §2)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from motcua.core.models import AdministrativeUnit
from motcua.org.actions import do_create_unit, do_grant_role, do_update_unit
from motcua.org.constants import Role, UnitKind
from motcua.org.models import Unit

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 — public demo credential; `demo` refuses to run in production

# (code, name, short name, kind, parent code, address, phone)
UNITS = [
    (
        "UBND-56",
        "Ủy ban nhân dân tỉnh Khánh Hòa",
        "UBND tỉnh",
        UnitKind.PROVINCE,
        None,
        "01 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
        "",
    ),
    (
        "SYT",
        "Sở Y tế tỉnh Khánh Hòa",
        "Sở Y tế",
        UnitKind.DEPARTMENT,
        "UBND-56",
        "04 Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa",
        "0258 3822 957",
    ),
    ("SYT-VP", "Văn phòng Sở", "Văn phòng", UnitKind.ROOM, "SYT", "", ""),
    ("SYT-NVY", "Phòng Nghiệp vụ Y", "Nghiệp vụ Y", UnitKind.ROOM, "SYT", "", ""),
    ("SYT-NVD", "Phòng Nghiệp vụ Dược", "Nghiệp vụ Dược", UnitKind.ROOM, "SYT", "", ""),
    ("SYT-TTR", "Thanh tra Sở", "Thanh tra", UnitKind.INSPECTORATE, "SYT", "", ""),
    (
        "CDC-KH",
        "Trung tâm Kiểm soát bệnh tật tỉnh Khánh Hòa",
        "CDC Khánh Hòa",
        UnitKind.CDC,
        "SYT",
        "",
        "",
    ),
    (
        "BVDK-KH",
        "Bệnh viện Đa khoa tỉnh Khánh Hòa",
        "BVĐK tỉnh",
        UnitKind.HOSPITAL,
        "SYT",
        "19 Yersin, phường Nha Trang, tỉnh Khánh Hòa",
        "",
    ),
    (
        "PKKV-NH",
        "Phòng khám đa khoa khu vực Ninh Hòa",
        "PKĐKKV Ninh Hòa",
        UnitKind.CLINIC,
        "SYT",
        "",
        "",
    ),
    (
        "TYT-VL",
        "Trạm Y tế phường Vĩnh Lương",
        "TYT Vĩnh Lương",
        UnitKind.HEALTH_STATION,
        "SYT",
        "",
        "",
    ),
]

# Hotline and feedback mailbox of the demo units, filled in where blank
# (the website's contact page and home page read them from the tree). The
# numbers and addresses other than the Department's are illustrative.
CONTACTS = {
    "SYT": ("0258 3822 957", "syt@khanhhoa.gov.vn"),
    "SYT-VP": ("", "vanphong.syt@motcua.test"),
    "SYT-TTR": ("0258 3000 102", "thanhtra.syt@motcua.test"),
    "CDC-KH": ("0258 3000 103", "cdc@motcua.test"),
    "BVDK-KH": ("0258 3000 104", "bvdk@motcua.test"),
    "PKKV-NH": ("0258 3000 105", "pkkv.ninhhoa@motcua.test"),
    "TYT-VL": ("0258 3000 106", "tyt.vinhluong@motcua.test"),
}

# (role label, e-mail, full name, role, unit code, position)
USERS = [
    (
        "Quản trị hệ thống",
        "quantri@motcua.test",
        "Lê Văn Quản",
        Role.SYSADMIN,
        "SYT",
        "Chuyên viên công nghệ thông tin",
    ),
    (
        "Cán bộ một cửa",
        "motcua@motcua.test",
        "Nguyễn Thị Tiếp",
        Role.RECEPTION,
        "SYT-VP",
        "Cán bộ Bộ phận Một cửa",
    ),
    (
        "Chuyên viên thụ lý",
        "thuly@motcua.test",
        "Trần Văn Lý",
        Role.HANDLER,
        "SYT-NVD",
        "Chuyên viên",
    ),
    (
        "Lãnh đạo phòng (phê duyệt)",
        "pheduyet@motcua.test",
        "Phạm Thị Duyệt",
        Role.APPROVER,
        "SYT-NVD",
        "Trưởng phòng",
    ),
    (
        "Biên tập viên",
        "bientap@motcua.test",
        "Hoàng Minh Tập",
        Role.EDITOR,
        "SYT-VP",
        "Biên tập viên",
    ),
    (
        "Đầu mối CCHC (bệnh viện)",
        "daumoi@motcua.test",
        "Võ Thị Mối",
        Role.FOCAL_POINT,
        "BVDK-KH",
        "Đầu mối cải cách hành chính",
    ),
    (
        "Điều phối Văn phòng Sở",
        "vanphong@motcua.test",
        "Đặng Văn Phòng",
        Role.COORDINATOR,
        "SYT-VP",
        "Chánh Văn phòng",
    ),
    ("Lãnh đạo Sở", "lanhdao@motcua.test", "Bùi Quang Đạo", Role.LEADER, "SYT", "Giám đốc Sở"),
]


def _user(email: str, full_name: str, **extra: Any):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=full_name, **extra
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(stdout: Any) -> list[tuple[str, str, str]]:
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[u[0] for u in UNITS])}
    for code, name, short, kind, parent_code, address, phone in UNITS:
        if code in by_code:
            continue
        by_code[code] = do_create_unit(
            acting_user=None,
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=by_code[parent_code] if parent_code else None,
            address=address,
            phone=phone,
            hotline=phone,
        )
    for code, (hotline, email) in CONTACTS.items():
        unit = by_code[code]
        changes = {
            name: value
            for name, value in (("hotline", hotline), ("email", email))
            if value and not getattr(unit, name)
        }
        if changes:
            by_code[code] = do_update_unit(unit, acting_user=None, **changes)
    logins = []
    for label, email, full_name, role, unit_code, title in USERS:
        user = _user(email, full_name)
        do_grant_role(user, by_code[unit_code], role, acting_user=None, title=title)
        logins.append((label, email, DEMO_PASSWORD))
    province = AdministrativeUnit.objects.current().provinces().filter(code="56").first()
    ward = (
        AdministrativeUnit.objects.current()
        .wards()
        .filter(parent=province, name="Phường Nha Trang")
        .first()
        if province
        else None
    )
    _user(
        "congdan@motcua.test",
        "Nguyễn Văn An",
        id_number="056090001234",
        phone="+84905123456",
        address_line="12 Lê Thánh Tôn",
        province=province,
        ward=ward,
    )
    logins.insert(0, ("Người dân", "congdan@motcua.test", DEMO_PASSWORD))
    admin = get_user_model().objects.filter(email="admin@motcua.test").first()
    if admin is None:
        admin = get_user_model().objects.create_superuser(
            email="admin@motcua.test", password=DEMO_PASSWORD, full_name="Quản trị viên cấp cao"
        )
        EmailAddress.objects.get_or_create(
            user=admin, email=admin.email, defaults={"verified": True, "primary": True}
        )
    logins.append(("Siêu quản trị (superuser)", "admin@motcua.test", DEMO_PASSWORD))
    return logins
