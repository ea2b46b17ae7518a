"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from motcua.org.actions import do_create_unit, do_grant_role
from motcua.org.constants import UnitKind
from motcua.org.models import Unit

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105 — test fixtures only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"nguoidung{n}@motcua.test")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """E-mail verified unless ``verified=False``."""
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class UnitFactory(factory.Factory):
    """Units go through ``do_create_unit`` so their path is right."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"DV{n:03d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm {n}")
    kind = UnitKind.ROOM
    parent = None

    @classmethod
    def _create(cls, model_class: type[Unit], *args: object, **kwargs: object) -> Unit:
        return do_create_unit(acting_user=None, **kwargs)


def make_member(role: str, unit: Unit, **user_fields: object):
    """A user holding ``role`` in ``unit``."""
    user = UserFactory(**user_fields)
    do_grant_role(user, unit, role, acting_user=None)
    return user
