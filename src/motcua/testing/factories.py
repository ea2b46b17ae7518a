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


# -- notifications ----------------------------------------------------------
def make_subscriber(
    *,
    phone: str | None = None,
    province=None,
    ward=None,
    topics: tuple[str, ...] = (),
    verified_phone: bool = True,
    **user_fields: object,
):
    """A citizen who consented to information campaigns, with a verified
    e-mail and (if ``phone``) a verified phone."""
    from django.utils import timezone

    from motcua.accounts.actions import do_give_consent
    from motcua.accounts.constants import ConsentChannel, ConsentPurpose
    from motcua.notifications.models import TopicSubscription, VerifiedPhone

    user = UserFactory(phone=phone or "", province=province, ward=ward, **user_fields)
    do_give_consent(user, ConsentPurpose.INFORMATION, channel=ConsentChannel.WEB)
    if phone and verified_phone:
        VerifiedPhone.objects.update_or_create(
            user=user, defaults={"phone": phone, "verified_at": timezone.now()}
        )
    for topic in topics:
        TopicSubscription.objects.get_or_create(user=user, topic=topic)
    return user


class MessageFactory(factory.django.DjangoModelFactory):
    """An outbox row as ``queue_message`` writes it; traits for the states
    staff screens show."""

    class Meta:
        model = "notifications.Message"

    channel = "email"
    recipient = factory.Sequence(lambda n: f"nguoinhan{n}@motcua.test")
    event = "dossier.received"
    subject = "Hồ sơ SYT-260115-0042 đã được tiếp nhận"
    body_text = "Kính gửi ông An, hồ sơ đã được tiếp nhận."
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")

    class Params:
        sms = factory.Trait(
            channel="sms",
            recipient=factory.Sequence(lambda n: f"+8490{n % 10000000:07d}"),
            subject="",
            segments=1,
            encoding="ucs2",
        )
        sent = factory.Trait(status="sent", attempts=1)
        failed = factory.Trait(
            status="failed", attempts=1, last_error="Địa chỉ e-mail không hợp lệ"
        )
        retrying = factory.Trait(
            status="queued", attempts=2, last_error="Máy chủ thư không phản hồi"
        )
