"""Demo feedback: items from every channel in every state for the demo
units, with published and rated answers so /hoi-dap/ is not empty and the
on-time and satisfaction figures (QĐ 766, 5a/5b) show for the demo period
(the last twelve months). Idempotent: an item whose subject exists is skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.core.calendar import WorkingCalendar
from motcua.feedback import actions
from motcua.feedback.constants import FeedbackKind, IntakeChannel, Rating, Topic
from motcua.feedback.models import FeedbackItem
from motcua.org.models import Unit

HANDLER = "thuly@motcua.test"
APPROVER = "pheduyet@motcua.test"
RECEPTION = "motcua@motcua.test"
CITIZEN = "congdan@motcua.test"


@dataclass
class Spec:
    title: str
    content: str
    kind: str
    topic: str
    unit: str
    channel: str
    # Working days before today when it was received.
    age: int
    state: str  # received, classified, assigned, drafted, answered, closed, rated_*, outside, transferred
    answer: str = ""
    answer_after: int = 3  # working days from reception to the answer
    contact: dict[str, Any] = field(default_factory=dict)
    consent: bool = True
    rating_comment: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


AN = {"contact_name": "Nguyễn Văn An", "contact_email": CITIZEN, "contact_phone": "+84905123456"}

SPECS = [
    Spec(
        "Hồ sơ đề nghị cấp chứng chỉ hành nghề dược gồm những giấy tờ gì?",
        "Tôi là Nguyễn Văn An, dược sĩ đại học, số điện thoại 0905 123 456. Xin hỏi hồ sơ đề nghị "
        "cấp chứng chỉ hành nghề dược lần đầu gồm những giấy tờ gì và nộp trực tuyến được không?",
        FeedbackKind.QUESTION,
        Topic.PHARMACY,
        "SYT-NVD",
        IntakeChannel.WEB,
        40,
        "rated_satisfied",
        answer="Chào ông Nguyễn Văn An,\nHồ sơ đề nghị cấp chứng chỉ hành nghề dược gồm: đơn đề nghị "
        "theo mẫu; bản sao văn bằng chuyên môn; giấy xác nhận thời gian thực hành; giấy chứng nhận đủ "
        "sức khỏe; ảnh chân dung. Ông có thể nộp trực tuyến trên Cổng Dịch vụ công quốc gia.",
        contact=AN,
        rating_comment="Trả lời rõ ràng, cảm ơn Sở.",
    ),
    Spec(
        "Thời gian làm việc của Bộ phận Một cửa Sở Y tế",
        "Cho tôi hỏi Bộ phận Một cửa của Sở Y tế có làm việc sáng thứ Bảy không?",
        FeedbackKind.QUESTION,
        Topic.PROCEDURES,
        "SYT-NVD",
        IntakeChannel.WEB,
        25,
        "answered",
        answer="Bộ phận Một cửa làm việc từ thứ Hai đến thứ Sáu, sáng từ 7 giờ đến 11 giờ 30, chiều "
        "từ 13 giờ 30 đến 17 giờ; không làm việc thứ Bảy, Chủ nhật và ngày lễ, Tết.",
        contact={"contact_name": "Trần Thị Bình", "contact_email": "tranthibinh@motcua.test"},
    ),
    Spec(
        "Nhà thuốc bán thuốc kê đơn không cần đơn",
        "Người gọi phản ánh một nhà thuốc trên đường Lê Thánh Tôn bán kháng sinh không cần đơn.",
        FeedbackKind.COMPLAINT,
        Topic.PHARMACY,
        "SYT-NVD",
        IntakeChannel.HOTLINE,
        14,
        "assigned",
        contact={"contact_name": "Lê Văn Cường", "contact_phone": "+84914222333"},
        consent=False,
        extra={"caller_line": "0258 3822 957", "recording_ref": "CALL-2026-0311"},
    ),
    Spec(
        "Kiến nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
        "Thư gửi hộp thư góp ý: đề nghị bố trí thêm ghế ngồi chờ và nước uống cho người dân.",
        FeedbackKind.RECOMMENDATION,
        Topic.PROCEDURES,
        "SYT-VP",
        IntakeChannel.MAILBOX,
        1,
        "received",
        contact={"contact_name": "Phạm Văn Dũng", "contact_address": "45 Thống Nhất, Nha Trang"},
        consent=False,
    ),
    Spec(
        "Góp ý về biểu mẫu đăng ký hành nghề khám bệnh, chữa bệnh",
        "Biểu mẫu tải về trên trang của Sở còn dùng mẫu cũ, đề nghị cập nhật theo quy định mới.",
        FeedbackKind.SUGGESTION,
        Topic.PROCEDURES,
        "SYT-NVD",
        IntakeChannel.EMAIL,
        4,
        "drafted",
        answer="Cảm ơn ông/bà đã góp ý. Sở Y tế đã cập nhật biểu mẫu theo quy định hiện hành.",
        contact={"contact_name": "Hoàng Thị Em", "contact_email": "hoangthiem@motcua.test"},
        extra={"email_from": "hoangthiem@motcua.test"},
    ),
    Spec(
        "Phản ánh chậm trả kết quả cấp giấy chứng nhận đủ điều kiện kinh doanh dược",
        "Hồ sơ của tôi đã quá hẹn 5 ngày nhưng chưa nhận được kết quả.",
        FeedbackKind.COMPLAINT,
        Topic.PROCEDURES,
        "SYT-NVD",
        IntakeChannel.WEB,
        15,
        "rated_unsatisfied",
        answer="Hồ sơ của ông đang được thẩm định tại cơ sở; Sở sẽ trả kết quả trong tuần tới.",
        answer_after=12,
        contact=AN,
        consent=False,
        rating_comment="Chưa nêu rõ lý do chậm và ngày trả cụ thể.",
        extra={"dossier_code": "SYT-260105-0012"},
    ),
    Spec(
        "Kiến nghị về mức hưởng bảo hiểm y tế khi khám trái tuyến",
        "Đề nghị giải thích mức hưởng bảo hiểm y tế khi tôi khám tại bệnh viện tỉnh khác.",
        FeedbackKind.RECOMMENDATION,
        Topic.INSURANCE,
        "SYT-NVD",
        IntakeChannel.WEB,
        10,
        "outside",
        contact={"contact_name": "Võ Văn Giang", "contact_email": "vovangiang@motcua.test"},
        extra={
            "referral": "Bảo hiểm xã hội tỉnh Khánh Hòa — bộ phận giải đáp chính sách BHYT, "
            "tổng đài 1900 9068."
        },
    ),
    Spec(
        "Hỏi về lịch tiêm vắc xin sởi cho trẻ",
        "Con tôi 9 tháng tuổi, xin hỏi lịch tiêm vắc xin sởi tại trạm y tế phường.",
        FeedbackKind.QUESTION,
        Topic.DISEASE,
        "SYT-NVD",
        IntakeChannel.WEB,
        5,
        "classified",
        contact={"contact_name": "Đỗ Thị Hoa", "contact_phone": "+84935444555"},
    ),
    Spec(
        "Hướng dẫn thủ tục cấp lại chứng chỉ hành nghề bị mất",
        "Tôi bị mất chứng chỉ hành nghề dược, xin hỏi thủ tục cấp lại. Email: "
        "nguyenthikhanh@motcua.test, CCCD 056190001234.",
        FeedbackKind.QUESTION,
        Topic.PHARMACY,
        "SYT-NVD",
        IntakeChannel.EMAIL,
        60,
        "closed",
        answer="Bà Nguyễn Thị Khánh nộp đơn đề nghị cấp lại theo mẫu kèm bản sao căn cước; thời hạn "
        "giải quyết 05 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
        answer_after=9,
        contact={"contact_name": "Nguyễn Thị Khánh", "contact_email": "nguyenthikhanh@motcua.test"},
        extra={"email_from": "nguyenthikhanh@motcua.test"},
    ),
    Spec(
        "Phản ánh thái độ nhân viên tiếp đón tại phòng khám khu vực",
        "Nhân viên tiếp đón nói chuyện thiếu tôn trọng với người bệnh cao tuổi.",
        FeedbackKind.COMPLAINT,
        Topic.CONDUCT,
        "SYT-VP",
        IntakeChannel.WEB,
        2,
        "transferred",
        contact={"contact_name": "Bùi Văn Khoa", "contact_email": "buivankhoa@motcua.test"},
        consent=False,
    ),
]


def _pdf() -> ContentFile:
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return ContentFile(body, name="thu-gop-y.pdf")


def _at(calendar: WorkingCalendar, days_ago: int, hour: int) -> datetime:
    """A working day ``days_ago`` working days before today, at ``hour``."""
    day = timezone.localdate()
    for _ in range(days_ago):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _create(
    spec: Spec, people: dict[str, Any], units: dict[str, Unit], calendar: WorkingCalendar
) -> None:
    received = _at(calendar, spec.age, 9)
    extra = dict(spec.extra)
    referral = extra.pop("referral", "")
    uploads = []
    if spec.channel == IntakeChannel.MAILBOX:
        uploads = [actions.Upload(file=_pdf(), name="thu-gop-y.pdf", is_scan=True)]
        extra["letter_date"] = (received - timedelta(days=3)).date()
    item = actions.do_receive_feedback(
        channel=spec.channel,
        kind=spec.kind,
        topic=spec.topic,
        unit=units[spec.unit],
        title=spec.title,
        content=spec.content,
        acting_user=None if spec.channel == IntakeChannel.WEB else people[RECEPTION],
        citizen=people[CITIZEN] if spec.contact.get("contact_email") == CITIZEN else None,
        consent_publish=spec.consent,
        received_at=received,
        uploads=uploads,
        **spec.contact,
        **extra,
    )
    handler, approver = people[HANDLER], people[APPROVER]
    state = spec.state
    if state == "received":
        return
    if state == "transferred":
        actions.do_transfer_feedback(
            item,
            acting_user=people[RECEPTION],
            to_unit=units["SYT-NVD"],
            reason="Nội dung thuộc lĩnh vực quản lý hành nghề.",
        )
        return
    if state == "outside":
        actions.do_decline_feedback(item, acting_user=approver, referral=referral)
        return
    actions.do_classify_feedback(item, acting_user=approver, kind=spec.kind, topic=spec.topic)
    if state == "classified":
        return
    actions.do_assign_feedback(item, acting_user=approver, handler=handler)
    if state == "assigned":
        return
    actions.do_draft_answer(item, acting_user=handler, answer=spec.answer)
    if state == "drafted":
        return
    item = actions.do_approve_answer(item, acting_user=approver, publish=spec.consent)
    item = actions.do_send_answer(item, acting_user=approver)
    answered = min(
        timezone.make_aware(
            datetime.combine(
                calendar.add_working_days(received.date(), spec.answer_after), time(15, 30)
            )
        ),
        timezone.now(),
    )
    FeedbackItem.objects.filter(pk=item.pk).update(
        answered_at=answered, published_at=answered if item.is_published else None
    )
    item.refresh_from_db()
    if state == "closed":
        actions.do_close_feedback(item, acting_user=approver)
    elif state == "rated_satisfied":
        actions.do_rate_feedback(
            item, rating=Rating.SATISFIED, comment=spec.rating_comment, acting_user=people[CITIZEN]
        )
    elif state == "rated_unsatisfied":
        actions.do_rate_feedback(
            item,
            rating=Rating.UNSATISFIED,
            comment=spec.rating_comment,
            acting_user=people[CITIZEN],
        )


def load(stdout: Any) -> list[tuple[str, str, str]]:
    units = {u.code: u for u in Unit.objects.filter(code__in=["SYT", "SYT-VP", "SYT-NVD"])}
    emails = [HANDLER, APPROVER, RECEPTION, CITIZEN]
    people = {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    if len(units) < 3 or len(people) < len(emails):
        stdout.write("Phản ánh, kiến nghị: thiếu đơn vị hoặc người dùng mẫu, bỏ qua.\n")
        return []
    existing = set(
        FeedbackItem.objects.filter(title__in=[s.title for s in SPECS]).values_list(
            "title", flat=True
        )
    )
    calendar = WorkingCalendar.load(timezone.localdate() - timedelta(days=200))
    made = 0
    for spec in SPECS:
        if spec.title in existing:
            continue
        with transaction.atomic():
            _create(spec, people, units, calendar)
        made += 1
    if made:
        stdout.write(f"Phản ánh, kiến nghị mẫu: {made}.\n")
    return []
