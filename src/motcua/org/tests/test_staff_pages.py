from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry, CalendarOverride
from motcua.org.constants import Role
from motcua.org.models import Membership, Unit

pytestmark = pytest.mark.django_db


def test_staff_home_lists_units_and_roles(client, personas):
    client.force_login(personas.handler)
    response = client.get("/can-bo/")
    assert response.status_code == 200
    assert "Phòng Nghiệp vụ Dược" in response.text


def test_citizens_are_refused_and_anonymous_sent_to_sign_in(client, personas):
    response = client.get("/can-bo/")
    assert response.status_code == 302 and "/tai-khoan/login/" in response["Location"]
    client.force_login(personas.citizen)
    assert client.get("/can-bo/").status_code == 403


def test_unit_list_is_scoped_and_has_fixed_query_count(
    client, personas, org, django_assert_max_num_queries
):
    client.force_login(personas.leader)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("org:unit_list"))
    assert "Bệnh viện Đa khoa tỉnh" in response.text
    assert "Sở Y tế tỉnh khác" not in response.text
    # More units do not add queries.
    from motcua.testing.factories import UnitFactory

    for i in range(15):
        UnitFactory(code=f"TYT{i}", name=f"Trạm Y tế {i}", parent=org.hospital)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("org:unit_list"))
    assert response.text.count("Trạm Y tế") >= 15


def test_unit_outside_my_tree_is_404(client, personas, org):
    client.force_login(personas.handler)
    assert client.get(reverse("org:unit_detail", args=[org.other.pk])).status_code == 404
    assert client.get(reverse("org:unit_detail", args=[org.pharmacy.pk])).status_code == 200


def test_sysadmin_creates_a_unit_and_bad_input_keeps_what_was_typed(client, personas, org):
    client.force_login(personas.sysadmin)
    data = {
        "code": "SYT-NVD",
        "name": "Phòng mới",
        "kind": "room",
        "parent": org.dept.pk,
        "is_active": "on",
    }
    response = client.post(reverse("org:unit_create"), data)
    assert response.status_code == 400
    assert (
        "Another unit already has this code." in response.text
        or "Đơn vị khác đã dùng mã này." in response.text
    )
    assert 'value="Phòng mới"' in response.text
    data["code"] = "SYT-TCCB"
    response = client.post(reverse("org:unit_create"), data)
    assert response.status_code == 302
    unit = Unit.objects.get(code="SYT-TCCB")
    assert unit.parent == org.dept
    assert AuditEntry.objects.for_object(unit).get().event == "org.unit_created"


def test_sysadmin_cannot_place_a_unit_outside_their_tree(client, personas, org):
    client.force_login(personas.sysadmin)
    data = {"code": "X1", "name": "Lạ", "kind": "room", "parent": org.other.pk, "is_active": "on"}
    response = client.post(reverse("org:unit_create"), data)
    assert response.status_code == 400
    assert not Unit.objects.filter(code="X1").exists()


def test_handler_cannot_create_or_grant(client, personas, org):
    client.force_login(personas.handler)
    assert client.get(reverse("org:unit_create")).status_code == 403
    response = client.post(
        reverse("org:role_grant", args=[org.pharmacy.pk]),
        {"email": personas.citizen.email, "role": Role.HANDLER},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=personas.citizen).exists()


def test_grant_role_by_email(client, personas, org):
    client.force_login(personas.sysadmin)
    response = client.post(
        reverse("org:role_grant", args=[org.pharmacy.pk]),
        {"email": "CONGDAN@motcua.test", "role": Role.HANDLER, "title": "Chuyên viên"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=personas.citizen, unit=org.pharmacy, role=Role.HANDLER
    ).exists()
    response = client.post(
        reverse("org:role_grant", args=[org.pharmacy.pk]),
        {"email": "khongco@motcua.test", "role": Role.HANDLER},
    )
    assert response.status_code == 400


def test_calendar_page_and_overrides(client, personas):
    client.force_login(personas.handler)
    response = client.get(reverse("org:calendar") + "?nam=2026")
    assert response.status_code == 200
    assert "17/02/2026" in response.text
    assert (
        client.post(
            reverse("org:calendar"), {"date": "05/01/2026", "kind": "day_off", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(personas.sysadmin)
    response = client.post(
        reverse("org:calendar"),
        {"date": "07/01/2026", "kind": "day_off", "reason": "Thông báo thử"},
    )
    assert response.status_code == 302
    override = CalendarOverride.objects.get()
    assert str(override.date) == "2026-01-07"
    response = client.post(
        reverse("org:calendar"), {"date": "31/02/2026", "kind": "day_off", "reason": "x"}
    )
    assert response.status_code == 400
    assert client.post(reverse("org:calendar_remove", args=[override.pk])).status_code == 302
    assert not CalendarOverride.objects.exists()


def test_audit_log_is_for_sysadmins_and_read_only(client, personas, django_assert_max_num_queries):
    client.force_login(personas.handler)
    assert client.get(reverse("org:audit_log")).status_code == 403
    client.force_login(personas.sysadmin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("org:audit_log"))
    assert response.status_code == 200
    assert "org.membership_granted" in response.text
    assert client.post(reverse("org:audit_log")).status_code in (403, 405, 200)
    assert AuditEntry.objects.count() > 0
