from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.models import AuditEntry
from motcua.org.actions import do_create_unit, do_grant_role, do_revoke_role, do_update_unit
from motcua.org.constants import Role, UnitKind
from motcua.org.models import Membership, Unit
from motcua.org.selectors import has_role, is_staff_member, may_use_admin

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree(org):
    assert org.dept.path == f"/{org.province.pk:08d}/{org.dept.pk:08d}/"
    assert org.pharmacy.depth == 2
    assert org.pharmacy.is_within(org.dept)
    assert not org.dept.is_within(org.pharmacy)
    subtree = set(Unit.objects.subtree_of(org.dept).values_list("code", flat=True))
    assert subtree == {"SYT", "SYT-VP", "SYT-NVD", "BV"}


def test_a_role_covers_the_subtree_only(personas, org):
    leader_units = set(Unit.objects.visible_to(personas.leader).values_list("code", flat=True))
    assert leader_units == {"SYT", "SYT-VP", "SYT-NVD", "BV"}
    handler_units = set(Unit.objects.visible_to(personas.handler).values_list("code", flat=True))
    assert handler_units == {"SYT-NVD"}
    assert set(Unit.objects.visible_to(personas.outsider).values_list("code", flat=True)) == {
        "KHAC"
    }
    assert not Unit.objects.visible_to(personas.citizen).exists()


def test_visible_to_can_be_limited_to_roles(personas, org):
    from motcua.testing.factories import make_member

    both = make_member(Role.HANDLER, org.office, email="hai@motcua.test")
    do_grant_role(both, org.hospital, Role.APPROVER, acting_user=None)
    codes = set(Unit.objects.visible_to(both, roles=[Role.APPROVER]).values_list("code", flat=True))
    assert codes == {"BV"}


def test_has_role_looks_at_ancestors(personas, org):
    assert has_role(personas.sysadmin, [Role.SYSADMIN], org.hospital)
    assert not has_role(personas.outsider, [Role.SYSADMIN], org.hospital)
    assert not has_role(personas.handler, [Role.APPROVER], org.pharmacy)
    assert is_staff_member(personas.handler)
    assert not is_staff_member(personas.citizen)
    assert may_use_admin(personas.editor)
    assert not may_use_admin(personas.handler)


def test_moving_a_unit_moves_its_subtree(personas, org):
    ward = do_create_unit(
        acting_user=None, code="K1", name="Khoa Nội", kind=UnitKind.OTHER, parent=org.hospital
    )
    do_update_unit(org.hospital, acting_user=personas.sysadmin, parent=org.pharmacy)
    ward.refresh_from_db()
    org.hospital.refresh_from_db()
    assert org.hospital.path == f"{org.pharmacy.path}{org.hospital.pk:08d}/"
    assert ward.path == f"{org.hospital.path}{ward.pk:08d}/"
    assert ward.depth == 4
    entry = AuditEntry.objects.for_object(org.hospital).first()
    assert entry.event == "org.unit_changed"
    assert entry.old == {"parent_id": org.dept.pk}


def test_a_unit_cannot_go_under_itself(personas, org):
    with pytest.raises(ValidationError):
        do_update_unit(org.dept, acting_user=personas.sysadmin, parent=org.pharmacy)


def test_only_sysadmins_of_the_subtree_change_units(personas, org):
    with pytest.raises(PermissionDenied):
        do_update_unit(org.pharmacy, acting_user=personas.outsider, name="X")
    with pytest.raises(PermissionDenied):
        do_update_unit(org.pharmacy, acting_user=personas.handler, name="X")
    with pytest.raises(PermissionDenied):
        do_grant_role(personas.citizen, org.pharmacy, Role.HANDLER, acting_user=personas.outsider)


def test_names_are_stored_nfc_and_searchable_without_accents(org):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Trung tâm Kiểm soát bệnh tật")
    unit = do_create_unit(
        acting_user=None, code="cdc", name=decomposed, kind=UnitKind.CDC, parent=org.dept
    )
    assert unit.name == unicodedata.normalize("NFC", decomposed)
    assert unit.code == "CDC"
    assert Unit.objects.search("kiem soat benh tat").get() == unit


def test_grant_and_revoke_are_audited_and_sync_admin_groups(personas, org):
    editor = personas.editor
    assert editor.groups.filter(name="Biên tập viên").exists()
    membership = Membership.objects.get(user=editor, role=Role.EDITOR)
    do_revoke_role(membership, acting_user=personas.sysadmin)
    assert not editor.groups.filter(name="Biên tập viên").exists()
    assert not Unit.objects.visible_to(editor).exists()
    events = list(AuditEntry.objects.for_object(membership).values_list("event", flat=True))
    assert events == ["org.membership_revoked", "org.membership_granted"]
    # Granting again reactivates the same row.
    again = do_grant_role(editor, org.office, Role.EDITOR, acting_user=personas.sysadmin)
    assert again.pk == membership.pk and again.is_active
