from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from motcua.core.models import AuditEntry
from motcua.org.constants import Role
from motcua.org.models import Membership, Unit

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Unit.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_data_is_idempotent_and_has_every_role(settings, capsys):
    settings.HTTPS = False
    call_command("demo")
    first = _counts()
    out = capsys.readouterr().out
    assert "congdan@motcua.test" in out and "quantri@motcua.test" in out
    call_command("demo")
    assert _counts() == first
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert Unit.objects.get(code="SYT").name == "Sở Y tế tỉnh Khánh Hòa"
    assert Unit.objects.filter(parent__code="SYT").count() == 8


def test_demo_refuses_a_production_like_setup(settings):
    from django.core.management.base import CommandError

    settings.HTTPS = True
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo")
