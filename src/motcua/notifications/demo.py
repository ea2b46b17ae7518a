"""Demo data of the notifications app: a few citizens who agreed to
receive information campaigns (verified e-mail and phone, in wards of
Khánh Hòa, with topics), and a draft campaign of the Office ready to send.
The message templates need no data: the defaults are in code. Idempotent.

The demo citizen congdan@motcua.test is left with an unverified phone, so
that verifying it by SMS code (shown at /dev/tin-nhan/) can be tried."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.accounts.actions import do_give_consent
from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.core.models import AdministrativeUnit
from motcua.notifications.actions import do_create_campaign
from motcua.notifications.constants import CampaignTopic
from motcua.notifications.models import Campaign, TopicSubscription, VerifiedPhone
from motcua.org.demo import DEMO_PASSWORD
from motcua.org.models import Unit

# (e-mail, full name, phone, ward, topics)
SUBSCRIBERS = [
    ("nhantin1@motcua.test", "Trần Thị Mai", "+84905000101", "Phường Nha Trang", ["vaccination"]),
    ("nhantin2@motcua.test", "Lê Văn Hùng", "+84905000102", "Phường Bắc Nha Trang", []),
    (
        "nhantin3@motcua.test",
        "Phạm Thị Lan",
        "+84905000103",
        "Phường Cam Ranh",
        ["food_safety", "disease"],
    ),
    ("nhantin4@motcua.test", "Hồ Minh Tuấn", "+84905000104", "Xã Diên Khánh", ["procedures"]),
]

CAMPAIGN_TITLE = "Tiêm chủng mở rộng tháng 3"


def load(stdout: Any) -> list[tuple[str, str, str]]:
    User = get_user_model()
    province = AdministrativeUnit.objects.current().provinces().filter(code="56").first()
    wards = {
        w.name: w for w in AdministrativeUnit.objects.current().wards().filter(parent=province)
    }
    for email, name, phone, ward_name, topics in SUBSCRIBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                phone=phone,
                province=province,
                ward=wards.get(ward_name),
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        VerifiedPhone.objects.get_or_create(
            user=user, defaults={"phone": phone, "verified_at": timezone.now()}
        )
        do_give_consent(user, ConsentPurpose.TERMS, channel=ConsentChannel.WEB)
        do_give_consent(user, ConsentPurpose.INFORMATION, channel=ConsentChannel.WEB)
        for topic in topics:
            TopicSubscription.objects.get_or_create(user=user, topic=topic)
    office = Unit.objects.filter(code="SYT-VP").first()
    coordinator = User.objects.filter(email="vanphong@motcua.test").first()
    if office and coordinator and not Campaign.objects.filter(title=CAMPAIGN_TITLE).exists():
        do_create_campaign(
            acting_user=coordinator,
            title=CAMPAIGN_TITLE,
            unit=office,
            topic=CampaignTopic.VACCINATION,
            province=province,
            send_email=True,
            send_sms=True,
            email_subject="Lịch tiêm chủng mở rộng tháng 3 tại các trạm y tế",
            email_text=(
                "Từ ngày 01/3, các trạm y tế xã, phường tổ chức tiêm chủng mở rộng cho trẻ "
                "dưới 5 tuổi vào sáng thứ Ba và thứ Năm hằng tuần.\n\n"
                "Phụ huynh mang theo sổ tiêm chủng và căn cước của người đưa trẻ đi tiêm."
            ),
            sms_text="Tu 01/3 cac tram y te tiem chung mo rong cho tre duoi 5 tuoi, sang thu Ba va thu Nam.",
            sms_strip_accents=True,
        )
    return [("Người đăng ký nhận tin", SUBSCRIBERS[0][0], DEMO_PASSWORD)]
